/**
 * Voxel down-sampling like Open3D `voxel_down_sample`: voxels of edge `voxel` anchored at `min − voxel/2`,
 * one output point per occupied voxel at the mean of its points (scores averaged too). Output is ordered by
 * voxel index (x fastest), so it is deterministic.
 */
export function voxelDownsample(points: Float64Array, voxel: number): Float64Array {
  const n = points.length / 3;
  if (n === 0) return new Float64Array();
  const min = [Infinity, Infinity, Infinity];
  for (let i = 0; i < n; i++) for (let k = 0; k < 3; k++) min[k] = Math.min(min[k], points[i * 3 + k]);
  const origin = min.map((m) => m - voxel / 2);
  const sums = new Map<string, { key: number[]; sum: [number, number, number]; count: number }>();
  for (let i = 0; i < n; i++) {
    const key = [0, 1, 2].map((k) => Math.floor((points[i * 3 + k] - origin[k]) / voxel));
    const id = key.join(',');
    let entry = sums.get(id);
    if (entry === undefined) {
      entry = { key, sum: [0, 0, 0], count: 0 };
      sums.set(id, entry);
    }
    for (let k = 0; k < 3; k++) entry.sum[k] += points[i * 3 + k];
    entry.count++;
  }
  const entries = [...sums.values()].sort((a, b) => a.key[2] - b.key[2] || a.key[1] - b.key[1] || a.key[0] - b.key[0]);
  const out = new Float64Array(entries.length * 3);
  entries.forEach((e, i) => {
    for (let k = 0; k < 3; k++) out[i * 3 + k] = e.sum[k] / e.count;
  });
  return out;
}
