import type { PointCloud, SurfaceMesh } from '@aquamvs/core';
import { conjugateGradient } from './conjugate-gradient.js';
import { needsNormals, tooFewPoints } from './errors.js';
import { gridMesh } from './heightfield.js';
import { nearestColors } from './nearest-colors.js';

/** Options of {@link reconstructPoissonHeightfield}. */
export interface PoissonHeightfieldOptions {
  /** Grid cell size in metres (`grid_resolution`). @default 0.002 */
  gridResolution?: number;
  /** Screening weight λ: sample heights count like a slope error of λ over one cell. @default 1 */
  screening?: number;
}

/**
 * 2.5-D screened Poisson meshing for height fields (sea or river bottoms seen from above): the heights `z(x, y)` on
 * the `grid_resolution` grid minimise `Σ_edges W·(∂z − g)² + λ/res² · Σ_samples (z(p) − z_p)²`, where the slopes
 * `g = (−nx/nz, −ny/nz)` come from the sample normals (splatted bilinearly onto the grid edges) and the screening term
 * ties the surface to the sample heights (lumped onto the nodes). One sparse SPD system with as many unknowns as grid
 * nodes under the samples, solved by Jacobi-preconditioned CG. Cells without samples stay open (no hull filling),
 * triangles and normals as {@link reconstructHeightfield}, colours from the nearest cloud point.
 * @example
 * const mesh = reconstructPoissonHeightfield(cloud, { gridResolution: 0.002 });
 */
export function reconstructPoissonHeightfield(cloud: PointCloud, options: PoissonHeightfieldOptions = {}): SurfaceMesh {
  const res = options.gridResolution ?? 0.002;
  const lambda = options.screening ?? 1;
  const p = cloud.positions;
  const n = Math.floor(p.length / 3);
  if (n === 0) return { positions: new Float64Array(0), faces: new Uint32Array(0) };
  if (n < 4) throw tooFewPoints('poisson25d', n, 4);
  const normals = cloud.normals;
  if (normals === undefined || normals.length !== p.length) throw needsNormals('poisson25d');
  let x0 = Infinity,
    x1 = -Infinity,
    y0 = Infinity,
    y1 = -Infinity;
  for (let i = 0; i < n; i++) {
    x0 = Math.min(x0, p[i * 3]);
    x1 = Math.max(x1, p[i * 3]);
    y0 = Math.min(y0, p[i * 3 + 1]);
    y1 = Math.max(y1, p[i * 3 + 1]);
  }
  const nx = Math.max(3, Math.ceil((x1 + res - x0) / res));
  const ny = Math.max(3, Math.ceil((y1 + res - y0) / res));
  // Unknowns: the corners of every cell holding a sample (vectors span the whole grid; other nodes decouple).
  const size = nx * ny;
  const active = new Uint8Array(size);
  for (let s = 0; s < n; s++) {
    const ci = Math.min(nx - 2, Math.floor((p[s * 3] - x0) / res));
    const cj = Math.min(ny - 2, Math.floor((p[s * 3 + 1] - y0) / res));
    const g = cj * nx + ci;
    active[g] = active[g + 1] = active[g + nx] = active[g + nx + 1] = 1;
  }
  // Edge slopes (x-edges at (i+½, j), y-edges at (i, j+½)) splatted bilinearly; screening B·Bᵀ as a 3×3 stencil.
  const gx = new Float64Array(size),
    wx = new Float64Array(size);
  const gy = new Float64Array(size),
    wy = new Float64Array(size);
  const stencil = new Float64Array(size * 9);
  const rhs = new Float64Array(size);
  const alpha = lambda / (res * res);
  const cg = new Int32Array(4);
  const cw = new Float64Array(4);
  for (let s = 0; s < n; s++) {
    const u = (p[s * 3] - x0) / res;
    const v = (p[s * 3 + 1] - y0) / res;
    const z = p[s * 3 + 2];
    const nz = normals[s * 3 + 2];
    if (Math.abs(nz) > 1e-3) {
      splat(u - 0.5, v, nx - 1, ny, nx, (g, w) => {
        gx[g] += w * (-normals[s * 3] / nz);
        wx[g] += w;
      });
      splat(u, v - 0.5, nx, ny - 1, nx, (g, w) => {
        gy[g] += w * (-normals[s * 3 + 1] / nz);
        wy[g] += w;
      });
    }
    let k = 0;
    splat(u, v, nx, ny, nx, (g, w) => {
      cg[k] = g;
      cw[k++] = w;
    });
    for (let a = 0; a < k; a++) {
      rhs[cg[a]] += alpha * cw[a] * z;
      for (let b = 0; b < k; b++) {
        const d = cg[b] - cg[a];
        const di = d === 1 || d === nx + 1 || d === -nx + 1 ? 1 : d === -1 || d === nx - 1 || d === -nx - 1 ? -1 : 0;
        const dj = d >= nx - 1 ? 1 : d <= -nx + 1 ? -1 : 0;
        stencil[cg[a] * 9 + (dj + 1) * 3 + di + 1] += alpha * cw[a] * cw[b];
      }
    }
  }
  // Start from the local mean sample height (screening right-hand side over the stencil's row sum).
  const heights = new Float64Array(size);
  for (let g = 0; g < size; g++) {
    let rowSum = 0;
    for (let k = 0; k < 9; k++) rowSum += stencil[g * 9 + k];
    heights[g] = active[g] && rowSum > 0 ? rhs[g] / rowSum : 0;
  }
  // Edge weights (slope data) between active nodes; right-hand side of the slope term.
  const ex = new Float64Array(size);
  const ey = new Float64Array(size);
  // A faint membrane (1e-3 of the mean slope weight; slope bias < 0.1 %) on every edge keeps nodes with little data
  // (a sample in the far corner of their cell) well determined.
  let meanW = 0;
  for (let g = 0; g < size; g++) meanW += wx[g] + wy[g];
  const membrane = (1e-3 * meanW) / Math.max(1, 2 * n) / (res * res);
  for (let g = 0; g < size; g++) {
    if (!active[g]) continue;
    if ((g % nx) + 1 < nx && active[g + 1]) {
      ex[g] = wx[g] / (res * res) + membrane;
      const f = wx[g] > 0 ? gx[g] / res : 0;
      rhs[g + 1] += f;
      rhs[g] -= f;
    }
    if (g + nx < size && active[g + nx]) {
      ey[g] = wy[g] / (res * res) + membrane;
      const f = wy[g] > 0 ? gy[g] / res : 0;
      rhs[g + nx] += f;
      rhs[g] -= f;
    }
  }
  const offsets = [-nx - 1, -nx, -nx + 1, -1, 0, 1, nx - 1, nx, nx + 1];
  const diagonal = new Float64Array(size);
  for (let g = 0; g < size; g++) {
    diagonal[g] = active[g] ? stencil[g * 9 + 4] + ex[g] + ey[g] + (g >= 1 ? ex[g - 1] : 0) + (g >= nx ? ey[g - nx] : 0) : 1;
  }
  const apply = (x: Float64Array, y: Float64Array): undefined => {
    for (let g = 0; g < size; g++) {
      if (!active[g]) {
        y[g] = x[g];
        continue;
      }
      let sum = 0;
      for (let k = 0; k < 9; k++) {
        const c = stencil[g * 9 + k];
        if (c !== 0) sum += c * x[g + offsets[k]];
      }
      y[g] = sum;
    }
    for (let g = 0; g < size; g++) {
      if (ex[g] > 0) {
        const f = ex[g] * (x[g] - x[g + 1]);
        y[g] += f;
        y[g + 1] -= f;
      }
      if (ey[g] > 0) {
        const f = ey[g] * (x[g] - x[g + nx]);
        y[g] += f;
        y[g + nx] -= f;
      }
    }
  };
  conjugateGradient(apply, diagonal, rhs, heights, 1e-8, 3000);
  for (let g = 0; g < size; g++) if (!active[g]) heights[g] = Number.NaN;
  const mesh = gridMesh(heights, nx, ny, x0, y0, res);
  return cloud.colors ? { ...mesh, colors: nearestColors(cloud, mesh.positions) } : mesh;
}

/** Bilinear splat of (u, v) (grid units) onto the nodes of an `sx × sy` lattice stored with row stride `stride`. */
function splat(u: number, v: number, sx: number, sy: number, stride: number, visit: (g: number, w: number) => void): void {
  const i = Math.floor(u);
  const j = Math.floor(v);
  const fu = u - i;
  const fv = v - j;
  for (let c = 0; c < 4; c++) {
    const ii = i + (c & 1);
    const jj = j + (c >> 1);
    const w = (c & 1 ? fu : 1 - fu) * (c >> 1 ? fv : 1 - fv);
    if (w === 0 || ii < 0 || jj < 0 || ii >= sx || jj >= sy) continue;
    visit(jj * stride + ii, w);
  }
}
