import type { PointCloud } from '@aquamvs/core';

/**
 * One point per occupied voxel of edge `voxel` (metres, cells at whole multiples of it): the mean position, the normalised mean normal and the mean
 * colour of the points in it, voxels in (x, y, z) order (Open3D `voxel_down_sample`, normals included).
 * Non-finite points are dropped.
 */
export function voxelAverage(cloud: PointCloud, voxel: number): PointCloud {
  const { positions, normals, colors } = cloud;
  const n = Math.floor(positions.length / 3);
  let x0 = Infinity,
    y0 = Infinity,
    z0 = Infinity;
  for (let i = 0; i < n; i++) {
    const x = positions[i * 3],
      y = positions[i * 3 + 1],
      z = positions[i * 3 + 2];
    if (!(Number.isFinite(x) && Number.isFinite(y) && Number.isFinite(z))) continue;
    x0 = Math.min(x0, x);
    y0 = Math.min(y0, y);
    z0 = Math.min(z0, z);
  }
  [x0, y0, z0] = [x0, y0, z0].map((v) => Math.floor(v / voxel));
  // Voxel coordinates below 2^17 per axis keep the packed key an exact integer (< 2^51).
  const SIDE = 2 ** 17;
  const keys = new Float64Array(n).fill(Infinity);
  for (let i = 0; i < n; i++) {
    const ix = Math.floor(positions[i * 3] / voxel) - x0;
    const iy = Math.floor(positions[i * 3 + 1] / voxel) - y0;
    const iz = Math.floor(positions[i * 3 + 2] / voxel) - z0;
    if (ix >= 0 && iy >= 0 && iz >= 0 && ix < SIDE && iy < SIDE && iz < SIDE) keys[i] = (ix * SIDE + iy) * SIDE + iz;
  }
  // Sorted distinct keys, and each point's slot by binary search: far faster than a hash map of millions of keys.
  const sorted = keys.slice().sort();
  let m = 0;
  for (let j = 0; j < n && sorted[j] !== Infinity; j++) if (j === 0 || sorted[j] !== sorted[j - 1]) sorted[m++] = sorted[j];
  const slot = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) {
    const key = keys[i];
    if (key === Infinity) continue;
    let lo = 0;
    let hi = m - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid] < key) lo = mid + 1;
      else hi = mid;
    }
    slot[i] = lo;
  }
  const count = new Float64Array(m);
  const sum = new Float64Array(m * 3);
  const normalSum = normals ? new Float64Array(m * 3) : undefined;
  const colorSum = colors ? new Float64Array(m * 3) : undefined;
  for (let i = 0; i < n; i++) {
    const s = slot[i];
    if (s < 0) continue;
    count[s]++;
    for (let k = 0; k < 3; k++) {
      sum[s * 3 + k] += positions[i * 3 + k];
      if (normalSum && normals) normalSum[s * 3 + k] += normals[i * 3 + k];
      if (colorSum && colors) colorSum[s * 3 + k] += colors[i * 3 + k];
    }
  }
  const out = new Float64Array(m * 3);
  const outNormals = normalSum ? new Float32Array(m * 3) : undefined;
  const outColors = colorSum ? new Uint8Array(m * 3) : undefined;
  for (let s = 0; s < m; s++) {
    for (let k = 0; k < 3; k++) out[s * 3 + k] = sum[s * 3 + k] / count[s];
    if (normalSum && outNormals) {
      const l = Math.hypot(normalSum[s * 3], normalSum[s * 3 + 1], normalSum[s * 3 + 2]) || 1;
      for (let k = 0; k < 3; k++) outNormals[s * 3 + k] = normalSum[s * 3 + k] / l;
    }
    if (colorSum && outColors) for (let k = 0; k < 3; k++) outColors[s * 3 + k] = Math.round(colorSum[s * 3 + k] / count[s]);
  }
  return { positions: out, ...(outNormals ? { normals: outNormals } : {}), ...(outColors ? { colors: outColors } : {}) };
}
