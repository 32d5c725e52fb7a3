/** Normalised 1-D Gaussian kernel of radius `ceil(3σ)`. */
export function gaussianKernel(sigma: number): Float32Array {
  const r = Math.max(1, Math.ceil(3 * sigma));
  const k = new Float32Array(2 * r + 1);
  let sum = 0;
  for (let i = -r; i <= r; i++) sum += k[i + r] = Math.exp(-(i * i) / (2 * sigma * sigma));
  for (let i = 0; i < k.length; i++) k[i] /= sum;
  return k;
}

/**
 * Separable Gaussian blur of a W×H plane with replicated borders, into `out` (may not alias `src`);
 * `tmp` is a W×H scratch buffer. The kernel is symmetric, so each tap pair is summed before it is weighted.
 */
export function gaussianBlur(
  src: Float32Array,
  width: number,
  height: number,
  sigma: number,
  out: Float32Array = new Float32Array(width * height),
  tmp: Float32Array = new Float32Array(width * height),
): Float32Array {
  const k = gaussianKernel(sigma);
  const r = (k.length - 1) / 2;
  const w = k.subarray(r); // w[0] centre, w[i] weight of offsets ±i
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) {
      const i0 = row + x;
      let s = w[0] * src[i0];
      if (x >= r && x < width - r) {
        for (let i = 1; i <= r; i++) s += w[i] * (src[i0 - i] + src[i0 + i]);
      } else {
        for (let i = 1; i <= r; i++) s += w[i] * (src[row + Math.max(0, x - i)] + src[row + Math.min(width - 1, x + i)]);
      }
      tmp[i0] = s;
    }
  }
  const acc = new Float64Array(width);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) acc[x] = w[0] * tmp[row + x];
    for (let i = 1; i <= r; i++) {
      const up = Math.max(0, y - i) * width;
      const down = Math.min(height - 1, y + i) * width;
      const wi = w[i];
      for (let x = 0; x < width; x++) acc[x] += wi * (tmp[up + x] + tmp[down + x]);
    }
    for (let x = 0; x < width; x++) out[row + x] = acc[x];
  }
  return out;
}
