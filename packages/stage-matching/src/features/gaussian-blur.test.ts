import { describe, expect, it } from 'vitest';
import { gaussianBlur, gaussianBlurRows } from './gaussian-blur.js';
import { greyRows, toGrey } from './grey.js';

/** Direct 2-D convolution with the normalised Gaussian of radius ceil(3σ) and replicated borders, in float64. */
function reference(src: Float32Array, w: number, h: number, sigma: number): Float64Array {
  const r = Math.max(1, Math.ceil(3 * sigma));
  const k: number[] = [];
  for (let i = -r; i <= r; i++) k.push(Math.exp(-(i * i) / (2 * sigma * sigma)));
  const sum = k.reduce((a, b) => a + b, 0);
  const out = new Float64Array(w * h);
  const clamp = (v: number, n: number): number => Math.min(n - 1, Math.max(0, v));
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let s = 0;
      for (let j = -r; j <= r; j++) for (let i = -r; i <= r; i++) s += k[j + r] * k[i + r] * src[clamp(y + j, h) * w + clamp(x + i, w)];
      out[y * w + x] = s / (sum * sum);
    }
  }
  return out;
}

const noise = (n: number, seed: number): Float32Array => {
  let s = seed;
  return Float32Array.from({ length: n }, () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 255);
};

describe('gaussianBlur', () => {
  it.each([
    [1.0, 23, 17],
    [0.6, 9, 5],
    [1.0, 12, 2], // fewer rows than the kernel: every row is a border row
    [1.7, 30, 11],
  ])('matches a direct 2-D convolution (σ %s, %i×%i)', (sigma, w, h) => {
    const src = noise(w * h, 7);
    const got = gaussianBlur(src, w, h, sigma);
    const want = reference(src, w, h, sigma);
    let worst = 0;
    for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(got[i] - want[i]));
    expect(worst).toBeLessThan(1e-3); // float32 rounding of values up to 255
  });

  it('streams the grey rows of an RGB image to the same plane as blurring its grey plane', () => {
    const w = 40;
    const h = 21;
    const data = Uint8Array.from(noise(w * h * 3, 3), (v) => Math.round(v));
    const image = { width: w, height: h, channels: 3 as const, data };
    const whole = gaussianBlur(toGrey('cam', image), w, h, 1.0);
    const streamed = gaussianBlurRows(w, h, 1.0, greyRows('cam', image));
    expect([...streamed]).toEqual([...whole]);
  });
});
