import { forEachGridNode, type GridSpec } from '@aquamvs/geometry';
import Delaunator from 'delaunator';
import type { Points } from './point-array.js';

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
  const { nx, ny } = grid;
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
  forEachGridNode(coords, new Delaunator(coords).triangles, grid, (g, a, b, c, wa, wb, wc) => (z[g] = wa * zs[a] + wb * zs[b] + wc * zs[c]), maxEdge);
  return z;
}
