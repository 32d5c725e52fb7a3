/**
 * Removes the vertices whose `density` is below its `quantile` (linear-interpolated, like numpy's percentile), the
 * faces that use them, and any vertex left without faces; returns compacted vertices and faces.
 */
export function trimVertices(
  vertices: Float64Array,
  faces: Uint32Array,
  density: Float64Array,
  quantile: number,
): { vertices: Float64Array; faces: Uint32Array; kept: Int32Array } {
  const n = density.length;
  let threshold = -Infinity;
  if (n > 0 && quantile > 0) {
    const sorted = Float64Array.from(density).sort();
    const pos = quantile * (n - 1);
    const lo = Math.floor(pos);
    threshold = sorted[lo] + (pos - lo) * ((sorted[Math.min(n - 1, lo + 1)] ?? sorted[lo]) - sorted[lo]);
  }
  const alive = new Uint8Array(n);
  for (let v = 0; v < n; v++) alive[v] = density[v] >= threshold ? 1 : 0;
  const used = new Uint8Array(n);
  const keptFaces: number[] = [];
  for (let f = 0; f < faces.length; f += 3) {
    const a = faces[f],
      b = faces[f + 1],
      c = faces[f + 2];
    if (!alive[a] || !alive[b] || !alive[c]) continue;
    keptFaces.push(a, b, c);
    used[a] = used[b] = used[c] = 1;
  }
  const remap = new Int32Array(n).fill(-1);
  const kept: number[] = [];
  for (let v = 0; v < n; v++) if (used[v]) remap[v] = kept.push(v) - 1;
  const out = new Float64Array(kept.length * 3);
  kept.forEach((v, i) => out.set(vertices.subarray(v * 3, v * 3 + 3), i * 3));
  return { vertices: out, faces: Uint32Array.from(keptFaces, (v) => remap[v]), kept: Int32Array.from(kept) };
}
