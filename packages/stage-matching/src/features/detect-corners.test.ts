import { describe, expect, it } from 'vitest';
import { clahe } from './clahe.js';
import { detectCorners } from './detect-corners.js';
import { gaussianBlur } from './gaussian-blur.js';
import { estimateZRange } from './z-range.js';
import { canonicalPairs } from './classic-matcher.js';

/** A blurred checkerboard of `cell`-px squares whose corners sit at (x0 + i·cell, y0 + j·cell). */
function checkerboard(w: number, h: number, cell: number, x0: number, y0: number): Float32Array {
  const img = new Float32Array(w * h);
  const ss = 8;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let acc = 0;
      for (let sy = 0; sy < ss; sy++) {
        for (let sx = 0; sx < ss; sx++) {
          const u = x + (sx + 0.5) / ss - 0.5 - x0;
          const v = y + (sy + 0.5) / ss - 0.5 - y0;
          acc += (Math.floor(u / cell) + Math.floor(v / cell)) % 2 === 0 ? 200 : 40;
        }
      }
      img[y * w + x] = acc / (ss * ss);
    }
  }
  return gaussianBlur(img, w, h, 1.0);
}

describe('detectCorners', () => {
  it('finds the inner corners of a checkerboard within 0.35 px', () => {
    const x0 = 20.3;
    const y0 = 17.6;
    const img = checkerboard(120, 100, 16, x0, y0);
    const { points } = detectCorners(img, 120, 100, { maxCorners: 100, quality: 0.1, minDistance: 6, border: 8 });
    expect(points.length / 2).toBeGreaterThanOrEqual(20);
    let worst = 0;
    for (let i = 0; i < points.length / 2; i++) {
      const du = points[i * 2] - x0;
      const dv = points[i * 2 + 1] - y0;
      const eu = Math.abs(du - Math.round(du / 16) * 16);
      const ev = Math.abs(dv - Math.round(dv / 16) * 16);
      worst = Math.max(worst, Math.hypot(eu, ev));
    }
    expect(worst).toBeLessThan(0.35);
  });

  it('respects maxCorners, minDistance and the mask', () => {
    const img = checkerboard(120, 100, 8, 3.5, 2.5);
    const mask = new Uint8Array(120 * 100);
    for (let y = 0; y < 100; y++) for (let x = 0; x < 60; x++) mask[y * 120 + x] = 255;
    const { points } = detectCorners(img, 120, 100, { maxCorners: 15, quality: 0.05, minDistance: 10, border: 4, mask });
    const n = points.length / 2;
    expect(n).toBe(15);
    for (let i = 0; i < n; i++) {
      expect(points[i * 2]).toBeLessThan(60.5);
      for (let j = 0; j < i; j++) expect(Math.hypot(points[i * 2] - points[j * 2], points[i * 2 + 1] - points[j * 2 + 1])).toBeGreaterThan(9);
    }
  });
});

describe('clahe', () => {
  const dull = new Float32Array(256 * 256).map((_, i) => 100 + 20 * (0.5 + 0.5 * Math.sin(i * 12.9898) * Math.cos(i * 0.7)));
  const range = (a: Float32Array): number => {
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of a) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    expect(lo).toBeGreaterThanOrEqual(0);
    expect(hi).toBeLessThanOrEqual(255);
    return hi - lo;
  };

  it('stretches a low-contrast image (range 20) to more than twice its range and keeps values in [0, 255]', () => {
    expect(range(dull)).toBeLessThanOrEqual(20);
    expect(range(clahe(dull, 256, 256, 2.0))).toBeGreaterThan(40);
  });

  it('gives different results for different clip limits', () => {
    const a = clahe(dull, 256, 256, 1.0);
    const b = clahe(dull, 256, 256, 4.0);
    let diff = 0;
    for (let i = 0; i < a.length; i++) diff += Math.abs(a[i] - b[i]);
    expect(diff / a.length).toBeGreaterThan(1);
  });
});

describe('estimateZRange', () => {
  it('keeps the dense scene depths and drops thin outliers along the band', () => {
    const zs: number[] = [];
    for (let i = 0; i < 2000; i++) zs.push(1.18 + 0.004 * Math.sin(i));
    for (let i = 0; i < 40; i++) zs.push(1.0 + i * 0.05);
    const r = estimateZRange(zs, 0.005, 0.02);
    expect(r?.min).toBeGreaterThan(1.18 - 0.004 - 0.03);
    expect(r?.min).toBeLessThan(1.18 - 0.004 - 0.02 + 1e-9);
    expect(r?.max).toBeGreaterThan(1.184 + 0.02);
    expect(r?.max).toBeLessThan(1.184 + 0.035);
  });

  it('returns null for fewer than 20 depths', () => {
    expect(estimateZRange([1, 1.1, 1.2])).toBeNull();
  });
});

describe('canonicalPairs', () => {
  it('deduplicates bidirectional pairs into (min, max) keys, each once', () => {
    const pairs = canonicalPairs({ a: ['b', 'c', 'center'], b: ['a', 'c', 'center'], c: ['a', 'b', 'center'] });
    expect(pairs).toEqual([
      ['a', 'b'],
      ['a', 'c'],
      ['a', 'center'],
      ['b', 'c'],
      ['b', 'center'],
      ['c', 'center'],
    ]);
  });
});
