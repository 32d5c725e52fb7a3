import { describe, expect, it } from 'vitest';
import type { GreyPlane } from './grey-plane.js';
import { removeTextureless } from './texture-floor.js';

/** Deterministic uniform values in [0, 1). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** The grey-level standard deviation of the window around (x, y), clipped at the border, the textbook way. */
function windowStd(plane: GreyPlane, x: number, y: number, r: number): number {
  const values: number[] = [];
  for (let j = Math.max(0, y - r); j <= Math.min(plane.height - 1, y + r); j++)
    for (let i = Math.max(0, x - r); i <= Math.min(plane.width - 1, x + r); i++) values.push(plane.data[j * plane.width + i]);
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
}

describe('removeTextureless', () => {
  // Left half: a dark patch with sensor noise only (σ ≈ 1 grey level); right half: texture over the full range.
  const W = 90;
  const H = 60;
  const rand = lcg(7);
  const data = new Float32Array(W * H);
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) data[y * W + x] = x < 45 ? (20 + (rand() - 0.5) * 3.4) / 255 : rand();
  const plane: GreyPlane = { width: W, height: H, data };

  it('removes exactly the pixels whose window (clipped at the border) varies less than the floor', () => {
    const depth = new Float32Array(W * H).fill(0.3);
    depth[5] = Number.NaN;
    const confidence = new Float32Array(W * H).fill(0.8);
    const removed = removeTextureless(plane, 11, 3 / 255, depth, confidence);
    let expected = 0;
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        const p = y * W + x;
        const flat = windowStd(plane, x, y, 5) < 3 / 255;
        if (flat && p !== 5) expected++;
        expect(Number.isNaN(depth[p]), `(${x}, ${y})`).toBe(flat || p === 5);
        expect(confidence[p]).toBe(flat && p !== 5 ? 0 : Math.fround(0.8));
      }
    }
    // The noise-only half loses its pixels up to the window's reach of the texture; the textured half keeps all.
    expect(removed).toBe(expected);
    expect(removed).toBe(40 * H - 1);
  });

  it('leaves every pixel with a floor of 0', () => {
    const depth = new Float32Array(W * H).fill(0.3);
    const confidence = new Float32Array(W * H).fill(0.8);
    expect(removeTextureless(plane, 11, 0, depth, confidence)).toBe(0);
    expect(depth.every((d) => d === Math.fround(0.3))).toBe(true);
  });
});
