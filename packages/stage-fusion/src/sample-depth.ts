/**
 * Bilinear sample of an H×W depth map at `(u, v)` with the reference's `grid_sample` semantics (spec §3.10):
 * `align_corners=True` (pixel centres at integers), zero padding for the depth, and NaN when more than 0.01 of the
 * bilinear weight falls on NaN pixels (the NaN mask is sampled with border padding).
 */
export function sampleDepth(depth: Float32Array, width: number, height: number, u: number, v: number): number {
  if (!(Number.isFinite(u) && Number.isFinite(v))) return Number.NaN;
  const x0 = Math.floor(u);
  const y0 = Math.floor(v);
  const fx = u - x0;
  const fy = v - y0;
  let value = 0;
  let nanWeight = 0;
  for (let k = 0; k < 4; k++) {
    const x = x0 + (k & 1);
    const y = y0 + (k >> 1);
    const w = (k & 1 ? fx : 1 - fx) * (k >> 1 ? fy : 1 - fy);
    if (w === 0) continue;
    const inside = x >= 0 && x < width && y >= 0 && y < height;
    // NaN mask: border padding (clamped pixel); depth: zero padding.
    const cx = x < 0 ? 0 : x >= width ? width - 1 : x;
    const cy = y < 0 ? 0 : y >= height ? height - 1 : y;
    if (Number.isNaN(depth[cy * width + cx])) nanWeight += w;
    if (inside) {
      const d = depth[y * width + x];
      if (!Number.isNaN(d)) value += w * d;
    }
  }
  return nanWeight > 0.01 ? Number.NaN : value;
}
