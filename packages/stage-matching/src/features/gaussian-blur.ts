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
 * Separable Gaussian blur of a W×H plane with replicated borders, into `out` (may not alias `src`).
 * @example
 * const smooth = gaussianBlur(grey, width, height, 1.0);
 */
export function gaussianBlur(src: Float32Array, width: number, height: number, sigma: number, out?: Float32Array): Float32Array {
  return gaussianBlurRows(width, height, sigma, (y) => src.subarray(y * width, (y + 1) * width), out);
}

/**
 * Separable Gaussian blur of a W×H plane whose rows come from `sourceRow(y)` (called once per row, in order; the
 * returned row may be reused by the next call), into `out`. The rows are streamed: the horizontal pass keeps only
 * the 2r+1 rows the vertical pass needs, so a plane that is computed row by row (the grey of an RGB image) is never
 * stored whole. The kernel is symmetric, so each tap pair is summed before it is weighted; radius 3 (σ = 1, the
 * matcher's default) has an unrolled interior.
 */
export function gaussianBlurRows(
  width: number,
  height: number,
  sigma: number,
  sourceRow: (y: number) => Float32Array,
  out: Float32Array = new Float32Array(width * height),
): Float32Array {
  const k = gaussianKernel(sigma);
  const r = (k.length - 1) / 2;
  const w = k.subarray(r); // w[0] centre, w[i] weight of offsets ±i
  const span = 2 * r + 1;
  const ring = new Float32Array(span * width); // horizontally blurred rows, row k at slot k % span
  let next = 0; // next source row to blur horizontally
  const slot = (y: number): number => {
    const k = Math.min(height - 1, Math.max(0, y));
    while (next <= k) horizontalRow(sourceRow(next), ring, (next++ % span) * width, width, w, r);
    return (k % span) * width;
  };
  const taps = new Int32Array(span); // slot offsets of rows y − r … y + r (clamped)
  for (let y = 0; y < height; y++) {
    for (let i = r; i >= -r; i--) taps[i + r] = slot(y + i); // the farthest row first: it may evict nothing needed
    const row = y * width;
    if (r === 3) {
      const [w0, w1, w2, w3] = w;
      const [m3, m2, m1, c, p1, p2, p3] = taps;
      for (let x = 0; x < width; x++) {
        out[row + x] =
          w0 * ring[c + x] + w1 * (ring[m1 + x] + ring[p1 + x]) + w2 * (ring[m2 + x] + ring[p2 + x]) + w3 * (ring[m3 + x] + ring[p3 + x]);
      }
      continue;
    }
    for (let x = 0; x < width; x++) {
      let s = w[0] * ring[taps[r] + x];
      for (let i = 1; i <= r; i++) s += w[i] * (ring[taps[r - i] + x] + ring[taps[r + i] + x]);
      out[row + x] = s;
    }
  }
  return out;
}

/** Horizontal pass of one source row into `dst` from offset `o`. */
function horizontalRow(src: Float32Array, dst: Float32Array, o: number, width: number, w: Float32Array, r: number): void {
  const edge = (x: number): void => {
    let s = w[0] * src[x];
    for (let i = 1; i <= r; i++) s += w[i] * (src[Math.max(0, x - i)] + src[Math.min(width - 1, x + i)]);
    dst[o + x] = s;
  };
  const lo = Math.min(r, width);
  const hi = Math.max(lo, width - r);
  for (let x = 0; x < lo; x++) edge(x);
  if (r === 3) {
    const [w0, w1, w2, w3] = w;
    for (let x = lo; x < hi; x++) {
      dst[o + x] = w0 * src[x] + w1 * (src[x - 1] + src[x + 1]) + w2 * (src[x - 2] + src[x + 2]) + w3 * (src[x - 3] + src[x + 3]);
    }
  } else {
    for (let x = lo; x < hi; x++) {
      let s = w[0] * src[x];
      for (let j = 1; j <= r; j++) s += w[j] * (src[x - j] + src[x + j]);
      dst[o + x] = s;
    }
  }
  for (let x = hi; x < width; x++) edge(x);
}
