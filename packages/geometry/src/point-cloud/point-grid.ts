const plainInt32 = (n: number): Int32Array => new Int32Array(n);
const sharedInt32 = (n: number): Int32Array => new Int32Array(new SharedArrayBuffer(n * 4));
/** How the grid being built allocates its index arrays (shared only inside {@link PointGrid.shared}). */
let allocateInt32 = plainInt32;

/**
 * Where {@link PointGrid.gatherBlock} writes a block of cells: the points' coordinates and indices (`x`, `y`, `z`,
 * `ids`), where each cell's points begin (`starts`, cells in z, y, x order, and the end; room for 344 = 7³ + 1), the
 * block's shape in cells (`shape`: x, y, z) and its cells' faces (`faces`: shape x + 1 x-faces, then the y- and
 * z-faces, in metres), and `bounds` `[x0, x1, y0, y1, z0, z1]`: the block's faces, ±Infinity where it reaches the
 * grid's edge (no point lies beyond), so every point outside the block is at least as far from a query inside it as
 * the query is from the nearest of them.
 */
export interface GridBlock {
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly z: Float64Array;
  readonly ids: Int32Array;
  readonly starts: Int32Array;
  readonly shape: Int32Array;
  readonly faces: Float64Array;
  readonly bounds: Float64Array;
}

/** What {@link PointGrid.parts} gives to rebuild a grid in another thread. */
export interface PointGridParts {
  readonly cell: number;
  readonly origin: readonly [number, number, number];
  readonly dims: readonly [number, number, number];
  readonly start: Int32Array;
  readonly order: Int32Array;
}

/**
 * A uniform 3-D grid over N×3 points (compressed rows: points sorted by cell) for k-nearest-neighbour queries.
 * Non-finite points are left out of the grid. Measured against a k-d tree in the README: on these 2.5-D clouds
 * with near-uniform density a grid with cells about the neighbourhood size answers k-NN faster and builds in O(N).
 */
export class PointGrid {
  readonly points: Float64Array;
  readonly cell: number;
  readonly #origin: [number, number, number];
  readonly #dims: [number, number, number];
  readonly #start: Int32Array;
  readonly #order: Int32Array;
  readonly #range = new Int32Array(6);

  /**
   * `cell` in metres; enlarged when the grid would exceed 2^24 cells or 8 a point. With `built` (from {@link PointGrid.parts} of a
   * grid over the same points), the grid takes those arrays instead of building its own.
   */
  constructor(points: Float64Array, cell: number, built?: PointGridParts) {
    this.points = points;
    if (built !== undefined) {
      this.cell = built.cell;
      this.#origin = [...built.origin];
      this.#dims = [...built.dims];
      this.#start = built.start;
      this.#order = built.order;
      return;
    }
    const n = Math.floor(points.length / 3);
    const lo = [Infinity, Infinity, Infinity];
    const hi = [-Infinity, -Infinity, -Infinity];
    for (let i = 0; i < n; i++) {
      const x = points[i * 3];
      const y = points[i * 3 + 1];
      const z = points[i * 3 + 2];
      if (!(Number.isFinite(x) && Number.isFinite(y) && Number.isFinite(z))) continue;
      if (x < lo[0]) lo[0] = x;
      if (x > hi[0]) hi[0] = x;
      if (y < lo[1]) lo[1] = y;
      if (y > hi[1]) hi[1] = y;
      if (z < lo[2]) lo[2] = z;
      if (z > hi[2]) hi[2] = z;
    }
    if (!(hi[0] >= lo[0])) {
      lo.fill(0);
      hi.fill(0);
    }
    let c = cell > 0 ? cell : 1;
    const dimsFor = (s: number): [number, number, number] => [0, 1, 2].map((k) => Math.floor((hi[k] - lo[k]) / s) + 1) as [number, number, number];
    let dims = dimsFor(c);
    // At most 2^24 cells, and not many more cells than points: a sparse cloud over a wide box (8 000 points over
    // the bed) would otherwise spend its time allocating and summing empty cells. Queries are exact for any cell.
    const maxCells = Math.min(1 << 24, Math.max(1 << 12, 8 * n));
    while (dims[0] * dims[1] * dims[2] > maxCells) {
      c *= 1.5;
      dims = dimsFor(c);
    }
    this.cell = c;
    this.#origin = [lo[0], lo[1], lo[2]];
    this.#dims = dims;
    const cells = dims[0] * dims[1] * dims[2];
    const cellOfPoint = new Int32Array(n);
    const start = allocateInt32(cells + 1);
    for (let i = 0; i < n; i++) {
      const k = this.cellOf(points[i * 3], points[i * 3 + 1], points[i * 3 + 2]);
      cellOfPoint[i] = k;
      if (k >= 0) start[k + 1]++;
    }
    for (let k = 0; k < cells; k++) start[k + 1] += start[k];
    const fill = start.slice(0, cells);
    const order = allocateInt32(start[cells]);
    for (let i = 0; i < n; i++) if (cellOfPoint[i] >= 0) order[fill[cellOfPoint[i]]++] = i;
    this.#start = start;
    this.#order = order;
  }

  /** A grid whose arrays live on SharedArrayBuffers, so {@link PointGrid.parts} hands them to workers without a copy. */
  static shared(points: Float64Array, cell: number): PointGrid {
    allocateInt32 = sharedInt32;
    try {
      return new PointGrid(points, cell);
    } finally {
      allocateInt32 = plainInt32;
    }
  }

  /**
   * The built grid's arrays on SharedArrayBuffers (copied there unless built by {@link PointGrid.shared}): a worker thread rebuilds the grid from them (`new
   * PointGrid(points, cell, parts)`) without the O(N) build or a copy of its own.
   */
  parts(): PointGridParts {
    const share = (a: Int32Array): Int32Array => {
      if (a.buffer instanceof SharedArrayBuffer) return a;
      const out = new Int32Array(new SharedArrayBuffer(a.byteLength));
      out.set(a);
      return out;
    };
    return { cell: this.cell, origin: [...this.#origin], dims: [...this.#dims], start: share(this.#start), order: share(this.#order) };
  }

  /** The index of the cell holding (x, y, z) (clamped into the grid), or −1 when a coordinate is not finite. */
  cellOf(x: number, y: number, z: number): number {
    if (!(Number.isFinite(x) && Number.isFinite(y) && Number.isFinite(z))) return -1;
    const [nx, ny, nz] = this.#dims;
    const ix = Math.min(nx - 1, Math.floor((x - this.#origin[0]) / this.cell));
    const iy = Math.min(ny - 1, Math.floor((y - this.#origin[1]) / this.cell));
    const iz = Math.min(nz - 1, Math.floor((z - this.#origin[2]) / this.cell));
    return (iz * ny + iy) * nx + ix;
  }

  /**
   * Indices of the points within `radius` of `(x, y, z)` (the query point itself included when indexed), in no
   * particular order, written to `out` up to its length; returns how many there are, which may exceed `out.length`
   * (then grow `out` and ask again).
   */
  inRadius(x: number, y: number, z: number, radius: number, out: Int32Array): number {
    const [nx, ny, nz] = this.#dims;
    const c = this.cell;
    const [ox, oy, oz] = this.#origin;
    const x0 = Math.max(0, Math.floor((x - radius - ox) / c));
    const x1 = Math.min(nx - 1, Math.floor((x + radius - ox) / c));
    const y0 = Math.max(0, Math.floor((y - radius - oy) / c));
    const y1 = Math.min(ny - 1, Math.floor((y + radius - oy) / c));
    const z0 = Math.max(0, Math.floor((z - radius - oz) / c));
    const z1 = Math.min(nz - 1, Math.floor((z + radius - oz) / c));
    const r2 = radius * radius;
    const pts = this.points;
    const start = this.#start;
    const order = this.#order;
    let count = 0;
    for (let iz = z0; iz <= z1; iz++) {
      for (let iy = y0; iy <= y1; iy++) {
        const row = (iz * ny + iy) * nx;
        for (let s = start[row + x0], e = start[row + x1 + 1]; s < e; s++) {
          const j = order[s];
          const dx = pts[j * 3] - x;
          const dy = pts[j * 3 + 1] - y;
          const dz = pts[j * 3 + 2] - z;
          if (dx * dx + dy * dy + dz * dz > r2) continue;
          if (count < out.length) out[count] = j;
          count++;
        }
      }
    }
    return count;
  }

  /**
   * The points of the cells within `ring` cells of cell `cell` along each axis (a block of up to (2·ring + 1)³ cells,
   * fewer at the grid's edges), cell by cell in z, y, x order, into `block` when its arrays have room (see
   * {@link GridBlock}); returns how many points there are (gather again into larger arrays when that exceeds the room).
   */
  gatherBlock(cell: number, ring: number, block: GridBlock): number {
    const [nx, ny, nz] = this.#dims;
    const c = this.cell;
    const ix = cell % nx;
    const iy = Math.floor(cell / nx) % ny;
    const iz = Math.floor(cell / (nx * ny));
    const [x0, x1, y0, y1, z0, z1] = this.#ringRange(ix, iy, iz, ring);
    const [ox, oy, oz] = this.#origin;
    const { x, y, z, ids, starts, faces, shape, bounds } = block;
    shape[0] = x1 - x0 + 1;
    shape[1] = y1 - y0 + 1;
    shape[2] = z1 - z0 + 1;
    let f = 0;
    for (let j = x0; j <= x1 + 1; j++) faces[f++] = ox + j * c;
    for (let j = y0; j <= y1 + 1; j++) faces[f++] = oy + j * c;
    for (let j = z0; j <= z1 + 1; j++) faces[f++] = oz + j * c;
    bounds[0] = x0 === 0 ? -Infinity : ox + x0 * c;
    bounds[1] = x1 === nx - 1 ? Infinity : ox + (x1 + 1) * c;
    bounds[2] = y0 === 0 ? -Infinity : oy + y0 * c;
    bounds[3] = y1 === ny - 1 ? Infinity : oy + (y1 + 1) * c;
    bounds[4] = z0 === 0 ? -Infinity : oz + z0 * c;
    bounds[5] = z1 === nz - 1 ? Infinity : oz + (z1 + 1) * c;
    const pts = this.points;
    const start = this.#start;
    const order = this.#order;
    const room = Math.min(x.length, y.length, z.length, ids.length);
    let count = 0;
    let cells = 0;
    for (let jz = z0; jz <= z1; jz++) {
      for (let jy = y0; jy <= y1; jy++) {
        const row = (jz * ny + jy) * nx;
        for (let jx = x0; jx <= x1; jx++) starts[cells++] = count + start[row + jx] - start[row + x0];
        const s0 = start[row + x0];
        const s1 = start[row + x1 + 1];
        if (count + s1 - s0 <= room) {
          for (let s = s0; s < s1; s++, count++) {
            const j = order[s];
            x[count] = pts[j * 3];
            y[count] = pts[j * 3 + 1];
            z[count] = pts[j * 3 + 2];
            ids[count] = j;
          }
        } else count += s1 - s0;
      }
    }
    starts[cells] = count;
    return count;
  }

  /**
   * The (at most) `k` nearest points to `(x, y, z)` within `radius` (Infinity = unbounded), nearest first, written
   * to `outIndex`/`outDist2` (squared distances; equal distances by point index, so the result is the same whatever
   * the order cells are searched in); returns how many were found. The query point itself is included
   * when it is indexed (as Open3D's k-d tree does). `likely2`: a squared distance within which `k` points probably
   * lie (a neighbouring query's k-th, with a margin): searched first, and the whole `radius` only when fewer lie
   * there. The result is the same either way; a close guess saves most of the insertions of farther candidates
   * (−20–25 % time for the normals' 30 neighbours on a fused cloud).
   */
  knn(x: number, y: number, z: number, k: number, radius: number, outIndex: Int32Array, outDist2: Float64Array, likely2: number = Infinity): number {
    if (k <= 0) return 0;
    const r2 = radius * radius;
    if (likely2 < r2 && this.#knnWithin(x, y, z, k, likely2, outIndex, outDist2) === k) return k;
    return this.#knnWithin(x, y, z, k, r2, outIndex, outDist2);
  }

  /** {@link knn} within the squared distance `r2`. */
  #knnWithin(x: number, y: number, z: number, k: number, r2: number, outIndex: Int32Array, outDist2: Float64Array): number {
    const [nx, ny, nz] = this.#dims;
    const c = this.cell;
    const rx = x - this.#origin[0];
    const ry = y - this.#origin[1];
    const rz = z - this.#origin[2];
    const cx = Math.floor(rx / c);
    const cy = Math.floor(ry / c);
    const cz = Math.floor(rz / c);
    const c2 = c * c;
    const { offsets, lowerBound2 } = NEAR_CELLS;
    let count = 0;
    // Cells nearest first (by a lower bound of their distance), each skipped when its box is farther than the
    // current k-th neighbour: on a surface cloud this scans about a third of the points a cube of rings would.
    for (let o = 0; o < lowerBound2.length; o++) {
      const bound2 = count === k ? outDist2[k - 1] : r2;
      if (lowerBound2[o] * c2 > bound2) break;
      const ix = cx + offsets[o * 3];
      const iy = cy + offsets[o * 3 + 1];
      const iz = cz + offsets[o * 3 + 2];
      if (ix < 0 || ix >= nx || iy < 0 || iy >= ny || iz < 0 || iz >= nz) continue;
      const bx = ix > cx ? ix * c - rx : ix < cx ? rx - (ix + 1) * c : 0;
      const by = iy > cy ? iy * c - ry : iy < cy ? ry - (iy + 1) * c : 0;
      const bz = iz > cz ? iz * c - rz : iz < cz ? rz - (iz + 1) * c : 0;
      if (bx * bx + by * by + bz * bz > bound2) continue;
      count = this.#scanCell((iz * ny + iy) * nx + ix, x, y, z, k, r2, count, outIndex, outDist2);
    }
    // Every cell not scanned above is at least NEAR_RINGS whole cells from the query.
    const reach2 = NEAR_RINGS * NEAR_RINGS * c2;
    if ((count === k ? outDist2[k - 1] : r2) < reach2) return count;
    return this.#knnRings(x, y, z, k, r2, outIndex, outDist2);
  }

  /** Merges the points of cell `cellIdx` within `r2` into the sorted k-nearest lists holding `count`; returns the new count. */
  #scanCell(
    cellIdx: number,
    x: number,
    y: number,
    z: number,
    k: number,
    r2: number,
    count: number,
    outIndex: Int32Array,
    outDist2: Float64Array,
  ): number {
    const pts = this.points;
    const order = this.#order;
    for (let s = this.#start[cellIdx], e = this.#start[cellIdx + 1]; s < e; s++) {
      const j = order[s];
      const dx = pts[j * 3] - x;
      const dy = pts[j * 3 + 1] - y;
      const dz = pts[j * 3 + 2] - z;
      const d2 = dx * dx + dy * dy + dz * dz;
      if (d2 > r2 || (count === k && (d2 > outDist2[k - 1] || (d2 === outDist2[k - 1] && j > outIndex[k - 1])))) continue;
      let p = count < k ? count++ : k - 1;
      while (p > 0 && (outDist2[p - 1] > d2 || (outDist2[p - 1] === d2 && outIndex[p - 1] > j))) {
        outDist2[p] = outDist2[p - 1];
        outIndex[p] = outIndex[p - 1];
        p--;
      }
      outDist2[p] = d2;
      outIndex[p] = j;
    }
    return count;
  }

  /** The cells within `ring` of cell (ix, iy, iz) along each axis, clipped to the grid: `[x0, x1, y0, y1, z0, z1]` (a scratch array). */
  #ringRange(ix: number, iy: number, iz: number, ring: number): Int32Array {
    const [nx, ny, nz] = this.#dims;
    const out = this.#range;
    out[0] = Math.max(0, ix - ring);
    out[1] = Math.min(nx - 1, ix + ring);
    out[2] = Math.max(0, iy - ring);
    out[3] = Math.min(ny - 1, iy + ring);
    out[4] = Math.max(0, iz - ring);
    out[5] = Math.min(nz - 1, iz + ring);
    return out;
  }

  /** {@link knn} by growing cubes of cells: the fallback for neighbours beyond the precomputed near cells. */
  #knnRings(x: number, y: number, z: number, k: number, r2: number, outIndex: Int32Array, outDist2: Float64Array): number {
    const [nx, ny, nz] = this.#dims;
    const c = this.cell;
    const fx = (x - this.#origin[0]) / c;
    const fy = (y - this.#origin[1]) / c;
    const fz = (z - this.#origin[2]) / c;
    const cx = Math.floor(fx);
    const cy = Math.floor(fy);
    const cz = Math.floor(fz);
    const radius = Math.sqrt(r2);
    const maxRing = Number.isFinite(radius) ? Math.ceil(radius / c) : Math.max(nx, ny, nz);
    let count = 0;
    for (let ring = 0; ring <= maxRing; ring++) {
      const [x0, x1, y0, y1, z0, z1] = this.#ringRange(cx, cy, cz, ring);
      for (let iz = z0; iz <= z1; iz++) {
        const onZ = iz === cz - ring || iz === cz + ring;
        for (let iy = y0; iy <= y1; iy++) {
          const onY = onZ || iy === cy - ring || iy === cy + ring;
          // Only the shell of this ring: inner cells were scanned in earlier rings.
          const xStep = onY ? 1 : 2 * ring;
          for (let ix = onY ? x0 : cx - ring; ix <= (onY ? x1 : cx + ring); ix += xStep) {
            if (ix < 0 || ix >= nx) continue;
            count = this.#scanCell((iz * ny + iy) * nx + ix, x, y, z, k, r2, count, outIndex, outDist2);
          }
        }
      }
      // Every unscanned point is farther than `ring` whole cells from the query.
      const reach = ring * c + Math.min(fx - cx, cx + 1 - fx, fy - cy, cy + 1 - fy, fz - cz, cz + 1 - fz) * c;
      if (count === k && outDist2[k - 1] <= reach * reach) break;
      if (reach >= radius) break;
      if (ring > 0 && cx - ring <= 0 && cy - ring <= 0 && cz - ring <= 0 && cx + ring >= nx - 1 && cy + ring >= ny - 1 && cz + ring >= nz - 1) break;
    }
    return count;
  }
}

/** How many rings of cells around the query's own cell {@link PointGrid.knn} visits in nearest-first order. */
const NEAR_RINGS = 3;

/** The cell offsets within NEAR_RINGS, sorted by the squared lower bound (in cells²) of their distance to any query in the centre cell. */
const NEAR_CELLS = ((): { offsets: Int8Array; lowerBound2: Int32Array } => {
  const cells: [number, number, number, number][] = [];
  const gap = (o: number): number => Math.max(0, Math.abs(o) - 1);
  for (let dz = -NEAR_RINGS; dz <= NEAR_RINGS; dz++) {
    for (let dy = -NEAR_RINGS; dy <= NEAR_RINGS; dy++) {
      for (let dx = -NEAR_RINGS; dx <= NEAR_RINGS; dx++) cells.push([gap(dx) ** 2 + gap(dy) ** 2 + gap(dz) ** 2, dx, dy, dz]);
    }
  }
  // Stable order within a bound: the centre cell first, then by distance of the cell centres.
  cells.sort((a, b) => a[0] - b[0] || a[1] ** 2 + a[2] ** 2 + a[3] ** 2 - (b[1] ** 2 + b[2] ** 2 + b[3] ** 2));
  return { offsets: Int8Array.from(cells.flatMap((e) => [e[1], e[2], e[3]])), lowerBound2: Int32Array.from(cells.map((e) => e[0])) };
})();
