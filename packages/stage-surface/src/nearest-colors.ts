import type { PointCloud } from '@aquamvs/core';
import { PointGrid } from '@aquamvs/geometry';

/** Colour of the nearest cloud point for each N×3 query point (Open3D mesh colouring after Poisson/BPA). */
export function nearestColors(cloud: PointCloud, queries: Float64Array): Uint8Array {
  const colors = cloud.colors ?? new Uint8Array(cloud.positions.length).fill(128);
  const n = Math.floor(cloud.positions.length / 3);
  const out = new Uint8Array(queries.length);
  if (n === 0) return out.fill(128);
  const spacing = Math.cbrt(volume(cloud.positions) / n) || 1e-3;
  const grid = new PointGrid(cloud.positions, Math.max(spacing, 1e-6) * 2);
  const index = new Int32Array(1);
  const dist2 = new Float64Array(1);
  for (let i = 0; i < queries.length; i += 3) {
    grid.knn(queries[i], queries[i + 1], queries[i + 2], 1, Infinity, index, dist2);
    out[i] = colors[index[0] * 3];
    out[i + 1] = colors[index[0] * 3 + 1];
    out[i + 2] = colors[index[0] * 3 + 2];
  }
  return out;
}

function volume(p: Float64Array): number {
  const lo = [Infinity, Infinity, Infinity];
  const hi = [-Infinity, -Infinity, -Infinity];
  for (let i = 0; i < p.length; i++) {
    lo[i % 3] = Math.min(lo[i % 3], p[i]);
    hi[i % 3] = Math.max(hi[i % 3], p[i]);
  }
  const e = [0, 1, 2].map((k) => Math.max(hi[k] - lo[k], 1e-4));
  return e[0] * e[1] * e[2];
}
