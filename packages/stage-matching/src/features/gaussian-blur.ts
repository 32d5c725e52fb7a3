/** Normalised 1-D Gaussian kernel of radius `ceil(3σ)`. */
function gaussianKernel(sigma: number): Float32Array {
  const r = Math.max(1, Math.ceil(3 * sigma));
  const k = new Float32Array(2 * r + 1);
  let sum = 0;
  for (let i = -r; i <= r; i++) sum += k[i + r] = Math.exp(-(i * i) / (2 * sigma * sigma));
  for (let i = 0; i < k.length; i++) k[i] /= sum;
  return k;
}

/**
 * Separable Gaussian blur of a W×H plane with replicated borders, into `out` (may not alias `src`);
 * `tmp` is a W×H scratch buffer. The kernel is symmetric, so each tap pair is summed before it is weighted;
 * radius 3 (σ = 1, the matcher's default) has an unrolled interior.
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
  for (let y = 0; y < height; y++) horizontalRow(src, tmp, y * width, width, w, r);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    if (r === 3 && y >= 3 && y < height - 3) {
      const [w0, w1, w2, w3] = w;
      for (let x = row, end = row + width; x < end; x++) {
        out[x] =
          w0 * tmp[x] +
          w1 * (tmp[x - width] + tmp[x + width]) +
          w2 * (tmp[x - 2 * width] + tmp[x + 2 * width]) +
          w3 * (tmp[x - 3 * width] + tmp[x + 3 * width]);
      }
      continue;
    }
    for (let x = 0; x < width; x++) {
      let s = w[0] * tmp[row + x];
      for (let i = 1; i <= r; i++) s += w[i] * (tmp[Math.max(0, y - i) * width + x] + tmp[Math.min(height - 1, y + i) * width + x]);
      out[row + x] = s;
    }
  }
  return out;
}

/** Horizontal pass of one row starting at `row`. */
function horizontalRow(src: Float32Array, dst: Float32Array, row: number, width: number, w: Float32Array, r: number): void {
  const edge = (x: number): void => {
    let s = w[0] * src[row + x];
    for (let i = 1; i <= r; i++) s += w[i] * (src[row + Math.max(0, x - i)] + src[row + Math.min(width - 1, x + i)]);
    dst[row + x] = s;
  };
  const lo = Math.min(r, width);
  const hi = Math.max(lo, width - r);
  for (let x = 0; x < lo; x++) edge(x);
  if (r === 3) {
    const [w0, w1, w2, w3] = w;
    for (let i = row + lo, end = row + hi; i < end; i++) {
      dst[i] = w0 * src[i] + w1 * (src[i - 1] + src[i + 1]) + w2 * (src[i - 2] + src[i + 2]) + w3 * (src[i - 3] + src[i + 3]);
    }
  } else {
    for (let i = row + lo, end = row + hi; i < end; i++) {
      let s = w[0] * src[i];
      for (let j = 1; j <= r; j++) s += w[j] * (src[i - j] + src[i + j]);
      dst[i] = s;
    }
  }
  for (let x = hi; x < width; x++) edge(x);
}
