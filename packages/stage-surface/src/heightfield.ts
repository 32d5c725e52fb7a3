import Delaunator from 'delaunator';
import type { PointCloud, SurfaceMesh } from '@aquamvs/core';
import { forEachGridNode } from '@aquamvs/geometry';
import { tooFewPoints } from './errors.js';
import { computeVertexNormals } from './mesh-normals.js';

/** Options of {@link reconstructHeightfield}. */
export interface HeightfieldOptions {
  /** Grid cell size in metres (`grid_resolution`). @default 0.002 */
  gridResolution?: number;
}

/**
 * Height-field meshing (spec §3.12): a grid `x = min_x, min_x + res, … < max_x + res` (same for y), Z and colour
 * by Delaunay-linear interpolation of the cloud (scipy `griddata(method='linear')` semantics: NaN outside the convex
 * hull), one vertex per covered grid node and two triangles `(v00, v10, v01)`, `(v01, v10, v11)` per grid cell whose
 * four corners are covered (normals point up, −Z), vertex normals from the faces. Triangles are rasterised onto the
 * grid directly, so the cost is O(points + grid nodes).
 * @example
 * const mesh = reconstructHeightfield(cloud, { gridResolution: 0.002 });
 */
export function reconstructHeightfield(cloud: PointCloud, options: HeightfieldOptions = {}): SurfaceMesh {
  const res = options.gridResolution ?? 0.002;
  const p = cloud.positions;
  const n = Math.floor(p.length / 3);
  if (n === 0) return { positions: new Float64Array(0), faces: new Uint32Array(0) };
  if (n < 4) throw tooFewPoints('heightfield', n, 4);
  const coords = new Float64Array(n * 2);
  let x0 = Infinity,
    x1 = -Infinity,
    y0 = Infinity,
    y1 = -Infinity;
  for (let i = 0; i < n; i++) {
    const x = p[i * 3],
      y = p[i * 3 + 1];
    coords[i * 2] = x;
    coords[i * 2 + 1] = y;
    x0 = Math.min(x0, x);
    x1 = Math.max(x1, x);
    y0 = Math.min(y0, y);
    y1 = Math.max(y1, y);
  }
  const nx = Math.max(1, Math.ceil((x1 + res - x0) / res));
  const ny = Math.max(1, Math.ceil((y1 + res - y0) / res));
  const z = new Float64Array(nx * ny).fill(Number.NaN);
  const colors = cloud.colors;
  const rgb = colors ? new Float64Array(nx * ny * 3) : undefined;
  const grid = { x0, y0, nx, ny, resolution: res };
  forEachGridNode(coords, new Delaunator(coords).triangles, grid, (g, a, b, c, wa, wb, wc) => {
    z[g] = wa * p[a * 3 + 2] + wb * p[b * 3 + 2] + wc * p[c * 3 + 2];
    if (rgb && colors) {
      for (let k = 0; k < 3; k++) rgb[g * 3 + k] = wa * colors[a * 3 + k] + wb * colors[b * 3 + k] + wc * colors[c * 3 + k];
    }
  });
  return gridMesh(z, nx, ny, x0, y0, res, rgb);
}

/** Vertices for the finite grid nodes and two triangles per fully covered cell. */
export function gridMesh(z: Float64Array, nx: number, ny: number, x0: number, y0: number, res: number, rgb?: Float64Array): SurfaceMesh {
  const index = new Int32Array(nx * ny).fill(-1);
  let count = 0;
  for (let g = 0; g < nx * ny; g++) if (Number.isFinite(z[g])) index[g] = count++;
  const positions = new Float64Array(count * 3);
  const colors = rgb ? new Uint8Array(count * 3) : undefined;
  for (let g = 0; g < nx * ny; g++) {
    const v = index[g];
    if (v < 0) continue;
    positions[v * 3] = x0 + (g % nx) * res;
    positions[v * 3 + 1] = y0 + Math.floor(g / nx) * res;
    positions[v * 3 + 2] = z[g];
    if (colors && rgb) for (let k = 0; k < 3; k++) colors[v * 3 + k] = Math.min(255, Math.max(0, Math.round(rgb[g * 3 + k])));
  }
  const faces: number[] = [];
  // Grid row r = y index, column c = x index; v10 is the next row (y + res), v01 the next column (x + res).
  for (let r = 0; r + 1 < ny; r++) {
    for (let c = 0; c + 1 < nx; c++) {
      const v00 = index[r * nx + c],
        v01 = index[r * nx + c + 1],
        v10 = index[(r + 1) * nx + c],
        v11 = index[(r + 1) * nx + c + 1];
      if (v00 < 0 || v01 < 0 || v10 < 0 || v11 < 0) continue;
      faces.push(v00, v10, v01, v01, v10, v11);
    }
  }
  const f = Uint32Array.from(faces);
  const mesh: SurfaceMesh = { positions, faces: f, normals: computeVertexNormals(positions, f) };
  return colors ? { ...mesh, colors } : mesh;
}
