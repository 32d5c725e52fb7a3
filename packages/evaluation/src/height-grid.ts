import Delaunator from 'delaunator';
import type { Points } from './point-array.js';

/** A regular XY grid: node (i, j) lies at `(x0 + i·resolution, y0 + j·resolution)`, row-major (j rows of nx). */
export interface GridSpec {
  readonly x0: number;
  readonly y0: number;
  readonly nx: number;
  readonly ny: number;
  readonly resolution: number;
}

/** numpy `arange(min, max + res, res)` over `[xMin, xMax, yMin, yMax]`, as the reference builds its grids. */
export function gridOver(bounds: readonly [number, number, number, number], resolution: number): GridSpec {
  const [x0, x1, y0, y1] = bounds;
  return {
    x0,
    y0,
    nx: Math.max(1, Math.ceil((x1 + resolution - x0) / resolution)),
    ny: Math.max(1, Math.ceil((y1 + resolution - y0) / resolution)),
    resolution,
  };
}

/**
 * Z of the cloud at every grid node by linear interpolation over the Delaunay triangulation of its XY positions
 * (scipy `griddata(method='linear')`: NaN outside the convex hull). Triangles with an XY edge longer than
 * `maxEdge` are skipped, so a hole in the cloud stays a hole instead of being bridged. Cost O(points + nodes).
 */
export function interpolateHeights(points: Points, grid: GridSpec, maxEdge = Infinity): Float64Array {
  const { x0, y0, nx, ny, resolution: res } = grid;
  const z = new Float64Array(nx * ny).fill(Number.NaN);
  const finite: number[] = [];
  for (let i = 0; i + 2 < points.length; i += 3) {
    if (Number.isFinite(points[i]) && Number.isFinite(points[i + 1]) && Number.isFinite(points[i + 2])) finite.push(i / 3);
  }
  if (finite.length < 3) return z;
  const coords = new Float64Array(finite.length * 2);
  const zs = new Float64Array(finite.length);
  finite.forEach((p, k) => {
    coords[k * 2] = points[p * 3];
    coords[k * 2 + 1] = points[p * 3 + 1];
    zs[k] = points[p * 3 + 2];
  });
  const maxEdge2 = maxEdge * maxEdge;
  const tris = new Delaunator(coords).triangles;
  for (let t = 0; t < tris.length; t += 3) {
    const a = tris[t], b = tris[t + 1], c = tris[t + 2];
    const ax = coords[a * 2], ay = coords[a * 2 + 1];
    const bx = coords[b * 2], by = coords[b * 2 + 1];
    const cx = coords[c * 2], cy = coords[c * 2 + 1];
    if (Math.max((ax - bx) ** 2 + (ay - by) ** 2, (bx - cx) ** 2 + (by - cy) ** 2, (cx - ax) ** 2 + (cy - ay) ** 2) > maxEdge2) continue;
    const det = (by - cy) * (ax - cx) + (cx - bx) * (ay - cy);
    if (det === 0) continue;
    const eps = 1e-12 * Math.abs(det);
    const i0 = Math.max(0, Math.ceil((Math.min(ax, bx, cx) - x0) / res - 1e-9));
    const i1 = Math.min(nx - 1, Math.floor((Math.max(ax, bx, cx) - x0) / res + 1e-9));
    const j0 = Math.max(0, Math.ceil((Math.min(ay, by, cy) - y0) / res - 1e-9));
    const j1 = Math.min(ny - 1, Math.floor((Math.max(ay, by, cy) - y0) / res + 1e-9));
    for (let j = j0; j <= j1; j++) {
      const gy = y0 + j * res;
      for (let i = i0; i <= i1; i++) {
        const gx = x0 + i * res;
        const wa = ((by - cy) * (gx - cx) + (cx - bx) * (gy - cy)) / det;
        const wb = ((cy - ay) * (gx - cx) + (ax - cx) * (gy - cy)) / det;
        const wc = 1 - wa - wb;
        if (wa < -eps || wb < -eps || wc < -eps) continue;
        z[j * nx + i] = wa * zs[a] + wb * zs[b] + wc * zs[c];
      }
    }
  }
  return z;
}
