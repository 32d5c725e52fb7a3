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
 * `tmp` is a W×H scratch buffer.
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
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) {
      let s = 0;
      if (x >= r && x < width - r) {
        for (let i = -r; i <= r; i++) s += k[i + r] * src[row + x + i];
      } else {
        for (let i = -r; i <= r; i++) s += k[i + r] * src[row + Math.min(width - 1, Math.max(0, x + i))];
      }
      tmp[row + x] = s;
    }
  }
  for (let y = 0; y < height; y++) {
    const inside = y >= r && y < height - r;
    for (let x = 0; x < width; x++) {
      let s = 0;
      if (inside) {
        for (let i = -r; i <= r; i++) s += k[i + r] * tmp[(y + i) * width + x];
      } else {
        for (let i = -r; i <= r; i++) s += k[i + r] * tmp[Math.min(height - 1, Math.max(0, y + i)) * width + x];
      }
      out[y * width + x] = s;
    }
  }
  return out;
}
