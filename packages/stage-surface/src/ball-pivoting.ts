import type { PointCloud, SurfaceMesh } from '@aquamvs/core';
import { outlierGrid, PointGrid } from '@aquamvs/geometry';
import { agreesWithNormals, ballCenter, PivotCircle } from './ball-geometry.js';
import { closeSmallHoles } from './close-small-holes.js';
import { ballRadii, needsNormals } from './errors.js';
import { computeVertexNormals } from './mesh-normals.js';
import { PivotFront } from './pivot-front.js';
import { voxelAverage } from './voxel-average.js';

/** Options of {@link reconstructBallPivoting}. */
export interface BallPivotingOptions {
  /** Ball radii in metres, used smallest first (`bpa_radii`). @default [1, 2, 4] × the mean nearest-neighbour distance */
  radii?: readonly number[] | null;
  /**
   * Average the cloud into voxels of this edge (metres) first; null meshes every point. A fused cloud's noise is
   * about its spacing, which makes a slab rather than a surface to a ball of a few spacings; averaging a few points
   * per voxel thins the noise faster than it coarsens the mesh, and bounds the time on large clouds.
   * @default null
   */
  voxel?: number | null;
}

/** What {@link reconstructBallPivoting} did. */
export interface BallPivotingStats {
  /** The radii used, ascending, metres. */
  readonly radii: readonly number[];
  /** Seed triangles (one per connected piece the front grew from). */
  readonly seeds: number;
  /** Cloud points no triangle uses (left out of the mesh). */
  readonly unusedPoints: number;
}

/** Points a seed search tries as the other two corners (the nearest ones). */
const SEED_CANDIDATES = 16;
/** A point this far inside a ball (relative to r²) counts as on its surface: co-spherical samples round both ways. */
const ON_SPHERE = 1e-6;

/**
 * Ball pivoting (Bernardini et al. 1999, spec §3.12 `bpa`): a ball of radius r rests on three points of an empty seed
 * triangle and pivots about each front edge until it touches a new point, which makes the next triangle; for each
 * larger radius the front's edges pivot again and new seeds are sought among the unused points. The mesh's vertices
 * are the cloud points a triangle uses (with their colours), wound so each face normal agrees with the normals of its
 * corners; vertex normals are recomputed from the faces. Needs normals (`AQM_ERR_SURFACE_NEEDS_NORMALS`).
 * @example
 * const { faces, stats } = reconstructBallPivoting(cloud); // radii [1, 2, 4] × mean spacing
 */
export function reconstructBallPivoting(input: PointCloud, options: BallPivotingOptions = {}): SurfaceMesh & { stats: BallPivotingStats } {
  if (input.normals === undefined) throw needsNormals('bpa');
  const cloud = options.voxel != null && options.voxel > 0 ? voxelAverage(input, options.voxel) : input;
  const { positions, normals = input.normals } = cloud;
  const n = Math.floor(positions.length / 3);
  const radii = [...(options.radii ?? defaultBallRadii(positions))].sort((a, b) => a - b);
  if (radii.length === 0 || !radii.every((r) => r > 0 && Number.isFinite(r))) throw ballRadii(radii);
  if (n === 0) return { positions: new Float64Array(0), faces: new Uint32Array(0), stats: { radii, seeds: 0, unusedPoints: 0 } };
  const pivoter = new BallPivoter(positions, normals, new PointGrid(positions, 2 * radii[0]));
  for (const [i, r] of radii.entries()) {
    if (i > 0) pivoter.reopenFront(r);
    pivoter.grow(r);
    for (let v = 0; v < n; v++) if (pivoter.front.used[v] === 0 && pivoter.seed(v, r)) pivoter.grow(r);
  }
  closeSmallHoles(pivoter.front, positions, normals, 2 * radii[radii.length - 1]);
  return { ...compactMesh(cloud, pivoter.front), stats: { radii, seeds: pivoter.seeds, unusedPoints: n - countUsed(pivoter.front.used) } };
}

/** The reference's automatic radii: `[1, 2, 4] ×` the mean distance to the nearest neighbour (on up to 200 000 evenly strided points). */
export function defaultBallRadii(positions: Float64Array): number[] {
  const n = Math.floor(positions.length / 3);
  if (n < 2) return [1, 2, 4].map((f) => f * 1e-3);
  const grid = outlierGrid(positions, 2);
  const stride = Math.max(1, Math.floor(n / 200_000));
  const index = new Int32Array(2);
  const dist2 = new Float64Array(2);
  let sum = 0;
  let count = 0;
  for (let i = 0; i < n; i += stride) {
    if (grid.knn(positions[i * 3], positions[i * 3 + 1], positions[i * 3 + 2], 2, Infinity, index, dist2) < 2) continue;
    sum += Math.sqrt(dist2[1]);
    count++;
  }
  const mean = count > 0 && sum > 0 ? sum / count : 1e-3;
  return [1, 2, 4].map((f) => f * mean);
}

class BallPivoter {
  readonly front: PivotFront;
  seeds = 0;
  readonly #p: Float64Array;
  readonly #normals: Float32Array;
  readonly #grid: PointGrid;
  readonly #circle = new PivotCircle();
  readonly #center = new Float64Array(3);
  #near = new Int32Array(256);

  constructor(positions: Float64Array, normals: Float32Array, grid: PointGrid) {
    this.#p = positions;
    this.#normals = normals;
    this.#grid = grid;
    this.front = new PivotFront(Math.floor(positions.length / 3));
  }

  /** Pivots queued front edges until none is left; an edge whose ball finds no valid point stays on the front as a border. */
  grow(r: number): void {
    const front = this.front;
    for (let e = front.dequeue(); e >= 0; e = front.dequeue()) if (front.isFront(e)) this.#pivot(e, r);
  }

  /** Queues every front edge whose triangle's ball of the new radius `r` is empty. */
  reopenFront(r: number): void {
    const front = this.front;
    for (let e = 0; e < front.edges; e++) {
      if (!front.isFront(e)) continue;
      const [s, t, o] = [front.src(e), front.dst(e), front.opp(e)];
      if (ballCenter(this.#p, s, t, o, r, this.#center) && this.#isEmpty(this.#center, r, s, t, o)) front.enqueue(e);
    }
  }

  /** Tries to start a new piece of mesh at the unused point `v`: the nearest empty-ball triangle of unused points. */
  seed(v: number, r: number): boolean {
    const p = this.#p;
    const count = this.#neighbours(p[v * 3], p[v * 3 + 1], p[v * 3 + 2], 2 * r);
    const near = this.#near;
    const candidates: number[] = [];
    const distance: number[] = [];
    for (let j = 0; j < count; j++) {
      const q = near[j];
      if (q === v || this.front.used[q] !== 0) continue;
      candidates.push(q);
      distance.push((p[q * 3] - p[v * 3]) ** 2 + (p[q * 3 + 1] - p[v * 3 + 1]) ** 2 + (p[q * 3 + 2] - p[v * 3 + 2]) ** 2);
    }
    const order = candidates
      .map((_, i) => i)
      .sort((a, b) => distance[a] - distance[b])
      .slice(0, SEED_CANDIDATES)
      .map((i) => candidates[i]);
    for (let i = 0; i < order.length; i++) {
      for (let j = i + 1; j < order.length; j++) {
        const a = v;
        let [b, c] = [order[i], order[j]];
        if (!agreesWithNormals(p, this.#normals, a, b, c)) [b, c] = [c, b];
        if (!agreesWithNormals(p, this.#normals, a, b, c)) continue;
        if (!ballCenter(p, a, b, c, r, this.#center) || !this.#isEmptyAmong(count, this.#center, r, a, b, c)) continue;
        this.front.addTriangle(a, b, c);
        this.seeds++;
        return true;
      }
    }
    return false;
  }

  #pivot(e: number, r: number): void {
    const front = this.front;
    const p = this.#p;
    const [s, t, o] = [front.src(e), front.dst(e), front.opp(e)];
    if (!ballCenter(p, s, t, o, r, this.#center)) return;
    const circle = this.#circle;
    circle.setup(p, s, t, this.#center, r);
    const count = this.#neighbours(circle.m[0], circle.m[1], circle.m[2], r + circle.rho);
    const near = this.#near;
    let best = -1;
    let bestAngle = Infinity;
    for (let j = 0; j < count; j++) {
      const x = near[j];
      if (x === s || x === t || x === o) continue;
      const angle = circle.entryAngle(p, x);
      if (angle >= 0 && angle < bestAngle) {
        bestAngle = angle;
        best = x;
      }
    }
    // The first point the ball meets decides: if it cannot take a triangle, the edge is a border at this radius.
    if (best < 0 || !front.isFree(best)) return;
    if (!agreesWithNormals(p, this.#normals, t, s, best)) return;
    if (!front.canWalk(s, best) || !front.canWalk(best, t)) return;
    front.addTriangle(t, s, best);
  }

  #neighbours(x: number, y: number, z: number, radius: number): number {
    let count = this.#grid.inRadius(x, y, z, radius, this.#near);
    if (count > this.#near.length) {
      this.#near = new Int32Array(count * 2);
      count = this.#grid.inRadius(x, y, z, radius, this.#near);
    }
    return count;
  }

  #isEmpty(center: Float64Array, r: number, a: number, b: number, c: number): boolean {
    return this.#isEmptyAmong(this.#neighbours(center[0], center[1], center[2], r), center, r, a, b, c);
  }

  /** Whether none of the first `count` points in `#near` but `a`, `b`, `c` lies inside the ball. */
  #isEmptyAmong(count: number, center: Float64Array, r: number, a: number, b: number, c: number): boolean {
    const p = this.#p;
    const inside = r * r * (1 - ON_SPHERE);
    for (let j = 0; j < count; j++) {
      const y = this.#near[j];
      if (y === a || y === b || y === c) continue;
      const d2 = (p[y * 3] - center[0]) ** 2 + (p[y * 3 + 1] - center[1]) ** 2 + (p[y * 3 + 2] - center[2]) ** 2;
      if (d2 < inside) return false;
    }
    return true;
  }
}

function countUsed(used: Uint8Array): number {
  let k = 0;
  for (let i = 0; i < used.length; i++) k += used[i];
  return k;
}

/** The mesh on the used points only, renumbered in cloud order, with their colours and face-derived normals. */
function compactMesh(cloud: PointCloud, front: PivotFront): SurfaceMesh {
  const used = front.used;
  const remap = new Int32Array(used.length);
  let m = 0;
  for (let i = 0; i < used.length; i++) remap[i] = used[i] ? m++ : -1;
  const positions = new Float64Array(m * 3);
  const source = cloud.colors;
  const colors = source ? new Uint8Array(m * 3) : undefined;
  for (let i = 0; i < used.length; i++) {
    if (remap[i] < 0) continue;
    positions.set(cloud.positions.subarray(i * 3, i * 3 + 3), remap[i] * 3);
    if (source) colors?.set(source.subarray(i * 3, i * 3 + 3), remap[i] * 3);
  }
  const faces = front.faces().map((v) => remap[v]);
  const normals = computeVertexNormals(positions, faces);
  return colors ? { positions, faces, normals, colors } : { positions, faces, normals };
}
