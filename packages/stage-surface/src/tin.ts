import Delaunator from 'delaunator';
import type { PointCloud, SurfaceMesh } from '@aquamvs/core';
import { tooFewPoints } from './errors.js';
import { computeVertexNormals } from './mesh-normals.js';
import { voxelAverage } from './voxel-average.js';

/** Options of {@link reconstructTin}. */
export interface TinOptions {
  /** Voxel edge (metres) the cloud is averaged into first; null = every point is a vertex. @default null */
  voxel?: number | null;
  /**
   * Triangles whose longest (x, y) edge exceeds this multiple of the median longest edge are left out, so concave
   * borders and wide gaps are not bridged. `Infinity` keeps the whole convex hull. @default 5
   */
  maxEdgeFactor?: number;
}

/**
 * A triangulated irregular network (`tin`): the 2.5-D Delaunay triangulation, in (x, y), of the cloud's points
 * themselves (averaged into `voxel` cells first when given), so every vertex is a measured point and the surface is
 * linear between them; normals point up (−Z). Triangles with an edge past `maxEdgeFactor` × the median are dropped,
 * and so are vertices left without a triangle (duplicates in (x, y)). Colours are the points' own. Like the height
 * field it assumes one surface over each (x, y); unlike it, it does not resample a grid: the mesh of a sparse cloud
 * has as many vertices as the cloud, not one per `grid_resolution` cell.
 * @example
 * const mesh = reconstructTin(sparseCloud, { voxel: 0.002 });
 */
export function reconstructTin(input: PointCloud, options: TinOptions = {}): SurfaceMesh {
  const cloud = options.voxel != null && options.voxel > 0 ? voxelAverage(input, options.voxel) : input;
  const p = cloud.positions;
  const n = Math.floor(p.length / 3);
  if (n === 0) return { positions: new Float64Array(0), faces: new Uint32Array(0) };
  if (n < 3) throw tooFewPoints('tin', n, 3);
  const xy = new Float64Array(n * 2);
  for (let i = 0; i < n; i++) {
    xy[i * 2] = p[i * 3];
    xy[i * 2 + 1] = p[i * 3 + 1];
  }
  const triangles = new Delaunator(xy).triangles;
  const count = triangles.length / 3;
  const longest = new Float64Array(count);
  for (let t = 0; t < count; t++) {
    const [a, b, c] = [triangles[t * 3], triangles[t * 3 + 1], triangles[t * 3 + 2]];
    longest[t] = Math.max(edge(xy, a, b), edge(xy, b, c), edge(xy, c, a));
  }
  const limit = (options.maxEdgeFactor ?? 5) * median(longest);
  const remap = new Int32Array(n).fill(-1);
  let vertices = 0;
  const faces: number[] = [];
  for (let t = 0; t < count; t++) {
    if (!(longest[t] <= limit)) continue;
    const a = triangles[t * 3];
    let b = triangles[t * 3 + 1];
    let c = triangles[t * 3 + 2];
    // Wound so that the face normal points to −Z (up, out of the water), as the height field's.
    if ((xy[b * 2] - xy[a * 2]) * (xy[c * 2 + 1] - xy[a * 2 + 1]) - (xy[b * 2 + 1] - xy[a * 2 + 1]) * (xy[c * 2] - xy[a * 2]) > 0) [b, c] = [c, b];
    for (const v of [a, b, c]) {
      if (remap[v] < 0) remap[v] = vertices++;
      faces.push(remap[v]);
    }
  }
  const positions = new Float64Array(vertices * 3);
  const colors = cloud.colors ? new Uint8Array(vertices * 3) : undefined;
  for (let v = 0; v < n; v++) {
    const o = remap[v];
    if (o < 0) continue;
    positions.set(p.subarray(v * 3, v * 3 + 3), o * 3);
    if (colors && cloud.colors) colors.set(cloud.colors.subarray(v * 3, v * 3 + 3), o * 3);
  }
  const f = Uint32Array.from(faces);
  const mesh: SurfaceMesh = { positions, faces: f, normals: computeVertexNormals(positions, f) };
  return colors ? { ...mesh, colors } : mesh;
}

function edge(xy: Float64Array, a: number, b: number): number {
  return Math.hypot(xy[a * 2] - xy[b * 2], xy[a * 2 + 1] - xy[b * 2 + 1]);
}

function median(values: Float64Array): number {
  if (values.length === 0) return 0;
  const sorted = Float64Array.from(values).sort();
  return sorted[sorted.length >> 1];
}
