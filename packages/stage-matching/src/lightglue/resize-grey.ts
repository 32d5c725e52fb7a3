/** Size `[width, height]` with the long side `side` px, aspect kept, the short side truncated (kornia `side='long'`). */
export function longSideSize(width: number, height: number, side: number): [number, number] {
  return width >= height ? [side, Math.max(1, Math.trunc((side * height) / width))] : [Math.max(1, Math.trunc((side * width) / height)), side];
}

interface Taps {
  /** First source index of each output sample. */
  readonly start: Int32Array;
  /** Tap count of each output sample. */
  readonly count: Int32Array;
  /** `out × maxTaps` normalised weights. */
  readonly weights: Float32Array;
  readonly maxTaps: number;
}

/** Triangle-filter taps of one axis: bilinear (`align_corners=False`) when enlarging, antialiased when shrinking. */
function taps(inSize: number, outSize: number): Taps {
  const scale = inSize / outSize;
  const support = Math.max(scale, 1);
  const maxTaps = Math.ceil(support) * 2 + 1;
  const start = new Int32Array(outSize);
  const count = new Int32Array(outSize);
  const weights = new Float32Array(outSize * maxTaps);
  for (let i = 0; i < outSize; i++) {
    const centre = (i + 0.5) * scale;
    const lo = Math.max(0, Math.floor(centre - support + 0.5));
    const hi = Math.min(inSize, Math.floor(centre + support + 0.5));
    let sum = 0;
    const n = Math.min(hi - lo, maxTaps);
    for (let k = 0; k < n; k++) {
      const w = Math.max(0, 1 - Math.abs((lo + k - centre + 0.5) / support));
      weights[i * maxTaps + k] = w;
      sum += w;
    }
    for (let k = 0; k < n; k++) weights[i * maxTaps + k] /= sum > 0 ? sum : 1;
    start[i] = lo;
    count[i] = n;
  }
  return { start, count, weights, maxTaps };
}

/**
 * Resizes a grey float plane to `outWidth × outHeight` with a separable triangle filter (torch `interpolate(mode=
 * 'bilinear', antialias=True)`): plain bilinear when enlarging, area-aware when shrinking.
 */
export function resizeGrey(plane: Float32Array, width: number, height: number, outWidth: number, outHeight: number): Float32Array {
  if (width === outWidth && height === outHeight) return plane.slice();
  const tx = taps(width, outWidth);
  const ty = taps(height, outHeight);
  const rows = new Float32Array(outWidth * height);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < outWidth; x++) {
      let acc = 0;
      const s = tx.start[x];
      const o = x * tx.maxTaps;
      for (let k = 0; k < tx.count[x]; k++) acc += tx.weights[o + k] * plane[row + s + k];
      rows[y * outWidth + x] = acc;
    }
  }
  const out = new Float32Array(outWidth * outHeight);
  for (let y = 0; y < outHeight; y++) {
    const s = ty.start[y];
    const o = y * ty.maxTaps;
    for (let k = 0; k < ty.count[y]; k++) {
      const w = ty.weights[o + k];
      const src = (s + k) * outWidth;
      const dst = y * outWidth;
      for (let x = 0; x < outWidth; x++) out[dst + x] += w * rows[src + x];
    }
  }
  return out;
}
