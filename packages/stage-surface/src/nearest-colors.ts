import type { PointCloud } from '@aquamvs/core';
import { normalGrid } from '@aquamvs/geometry';

/** Colour of the nearest cloud point for each N×3 query point (Open3D mesh colouring after Poisson/BPA). */
export function nearestColors(cloud: PointCloud, queries: Float64Array): Uint8Array {
  const colors = cloud.colors ?? new Uint8Array(cloud.positions.length).fill(128);
  const n = Math.floor(cloud.positions.length / 3);
  const out = new Uint8Array(queries.length);
  if (n === 0) return out.fill(128);
  // Cells sized by the cloud's density over its footprint (a few points each): a bed's cloud is thin, so a cell from
  // its volume (one point per cube of the bounding box) held ~80 points of the surface, all scanned per query.
  const grid = normalGrid(cloud.positions, Infinity, { neighbors: 8 });
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
