import { describe, expect, it } from 'vitest';
import { computeCost, meanCost } from './cost-function.js';
import type { GreyPlane } from './grey-plane.js';
import { SweepKernels } from './sweep-kernels.js';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 4294967296;
}
function noise(w: number, h: number, seed: number): GreyPlane {
  const r = rng(seed);
  return { width: w, height: h, data: Float32Array.from({ length: w * h }, r) };
}
function map(p: GreyPlane, f: (v: number, i: number) => number): GreyPlane {
  return { width: p.width, height: p.height, data: p.data.map(f) };
}
function interior(cost: Float32Array, w: number, h: number, border: number): number[] {
  const out: number[] = [];
  for (let y = border; y < h - border; y++) for (let x = border; x < w - border; x++) out.push(cost[y * w + x]);
  return out;
}
const mean = (a: readonly number[]): number => a.reduce((s, v) => s + v, 0) / a.length;

describe('NCC cost', () => {
  const W = 64;
  const H = 48;
  const win = 11;
  const border = (win >> 1) + 1;
  const ref = noise(W, H, 1);

  it('is below 1e-5 in the interior for identical images', () => {
    const c = computeCost('ncc', ref, ref, win);
    expect(Math.max(...interior(c, W, H, border))).toBeLessThan(1e-5);
  });

  it('has mean cost near 1 for independent noise', () => {
    const m = mean(interior(computeCost('ncc', ref, noise(W, H, 2), win), W, H, border));
    expect(m).toBeGreaterThan(0.8);
    expect(m).toBeLessThan(1.2);
  });

  it('is invariant to an affine intensity change 0.5·x + 0.2 (interior < 0.05)', () => {
    const c = computeCost(
      'ncc',
      ref,
      map(ref, (v) => 0.5 * v + 0.2),
      win,
    );
    expect(Math.max(...interior(c, W, H, border))).toBeLessThan(0.05);
  });

  it('is exactly 1.0 at the centre of a NaN block and finite far from it', () => {
    const src = map(ref, (v, i) => (Math.abs((i % W) - 32) <= 8 && Math.abs(Math.floor(i / W) - 24) <= 8 ? Number.NaN : v));
    const c = computeCost('ncc', ref, src, win);
    expect(c[24 * W + 32]).toBe(1);
    expect(c[5 * W + 5]).toBeLessThan(1e-5);
    expect(c.every(Number.isFinite)).toBe(true);
  });

  it('stays in [0, 2] and SSIM in [0, 1]', () => {
    const src = map(noise(W, H, 3), (v) => 1 - v);
    const n = computeCost('ncc', ref, src, win);
    const s = computeCost('ssim', ref, src, win);
    expect(Math.min(...n)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...n)).toBeLessThanOrEqual(2);
    expect(Math.max(...n)).toBeGreaterThan(1.2);
    expect(Math.min(...s)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...s)).toBeLessThanOrEqual(1);
  });

  it('gives lower variance with a larger window on noise', () => {
    const src = noise(W, H, 4);
    const variance = (a: number[]): number => mean(a.map((v) => (v - mean(a)) ** 2));
    const v5 = variance(interior(computeCost('ncc', ref, src, 5), W, H, 8));
    const v15 = variance(interior(computeCost('ncc', ref, src, 15), W, H, 8));
    expect(v15).toBeLessThan(v5 * 0.5);
  });

  it('costs 1.0 where fewer than half the window is inside the image (corners) and not on edges', () => {
    const c = computeCost('ncc', ref, ref, win);
    expect(c[0]).toBe(1);
    expect(c[W * 20]).toBeLessThan(1e-5); // left edge: 6 × 11 = 66 ≥ 60 pixels
  });

  it('gives the same costs on the all-valid fast path and the masked path (1e-6)', () => {
    const src = noise(W, H, 5);
    const full = { x0: 0, y0: 0, x1: W, y1: H };
    const kernel = new SweepKernels(win);
    const fast = new Float32Array(W * H);
    const masked = new Float32Array(W * H);
    kernel.addNccCost(ref, full, full, true, fast, src.data);
    kernel.addNccCost(ref, full, full, false, masked, src.data);
    let diff = 0;
    for (let i = 0; i < fast.length; i++) diff = Math.max(diff, Math.abs(fast[i] - masked[i]));
    expect(diff).toBeLessThan(1e-6);
  });

  it('refuses a halo that is not the tile grown by the window radius (its window counts would be wrong)', () => {
    const tile = { x0: 20, y0: 10, x1: 52, y1: 40 };
    const acc = new Float32Array(32 * 30);
    const kernel = new SweepKernels(win);
    expect(() => kernel.addNccCost(ref, { x0: 16, y0: 5, x1: 57, y1: 45 }, tile, true, acc, new Float32Array(41 * 40))).toThrow(/not tile/);
    expect(() => kernel.addNccCost(ref, { x0: 15, y0: 5, x1: 57, y1: 45 }, tile, true, acc, new Float32Array(42 * 40))).not.toThrow();
  });

  it('gives a tile the same costs as the whole image', () => {
    const src = noise(W, H, 6);
    const whole = computeCost('ncc', ref, src, win);
    const tile = { x0: 20, y0: 10, x1: 52, y1: 40 };
    const halo = { x0: 15, y0: 5, x1: 57, y1: 45 };
    const warped = new Float32Array((halo.x1 - halo.x0) * (halo.y1 - halo.y0));
    for (let y = halo.y0; y < halo.y1; y++) for (let x = halo.x0; x < halo.x1; x++) warped[(y - halo.y0) * 42 + x - halo.x0] = src.data[y * W + x];
    const acc = new Float32Array(32 * 30);
    new SweepKernels(win).addNccCost(ref, halo, tile, true, acc, warped);
    let diff = 0;
    for (let y = tile.y0; y < tile.y1; y++)
      for (let x = tile.x0; x < tile.x1; x++) diff = Math.max(diff, Math.abs(acc[(y - 10) * 32 + x - 20] - whole[y * W + x]));
    expect(diff).toBeLessThan(1e-6);
  });

  /** The textbook cost of pixel (x, y) from its window's valid samples, summed directly (no running sums). */
  function textbookCost(src: Float32Array, x: number, y: number): number {
    const r = win >> 1;
    let n = 0;
    let sr = 0;
    let ss = 0;
    let srr = 0;
    let sss = 0;
    let srs = 0;
    for (let v = Math.max(0, y - r); v <= Math.min(H - 1, y + r); v++) {
      for (let u = Math.max(0, x - r); u <= Math.min(W - 1, x + r); u++) {
        const s = src[v * W + u];
        if (Number.isNaN(s)) continue;
        const q = ref.data[v * W + u];
        n++;
        sr += q;
        ss += s;
        srr += q * q;
        sss += s * s;
        srs += q * s;
      }
    }
    if (n < Math.floor((win * win) / 2)) return 1;
    const cov = srs / n - (sr / n) * (ss / n);
    const vr = Math.max(0, srr / n - (sr / n) ** 2);
    const vs = Math.max(0, sss / n - (ss / n) ** 2);
    return Math.min(2, Math.max(0, 1 - cov / (Math.sqrt(vr * vs) + 1e-8)));
  }

  it('adds to each tile pixel the textbook cost of its window, with and without NaN samples (1e-6)', () => {
    const pick = rng(9);
    const clean = noise(W, H, 8).data;
    const holed = clean.map((v) => (pick() < 0.15 ? Number.NaN : v));
    const tile = { x0: 3, y0: 30, x1: 40, y1: 48 }; // at the image's bottom edge: clipped windows, few samples
    const halo = { x0: 0, y0: 25, x1: 45, y1: 48 };
    const hw = halo.x1 - halo.x0;
    for (const [src, allValid] of [
      [clean, true],
      [clean, false],
      [holed, false],
    ] as const) {
      const warped = new Float32Array(hw * (halo.y1 - halo.y0));
      for (let y = halo.y0; y < halo.y1; y++) for (let x = halo.x0; x < halo.x1; x++) warped[(y - halo.y0) * hw + x - halo.x0] = src[y * W + x];
      const acc = new Float32Array(37 * 18).fill(0.25);
      new SweepKernels(win).addNccCost(ref, halo, tile, allValid, acc, warped);
      let diff = 0;
      let ones = 0;
      for (let y = tile.y0; y < tile.y1; y++) {
        for (let x = tile.x0; x < tile.x1; x++) {
          const expected = textbookCost(src, x, y);
          if (expected === 1) ones++;
          diff = Math.max(diff, Math.abs(acc[(y - tile.y0) * 37 + x - tile.x0] - 0.25 - expected));
        }
      }
      expect(diff).toBeLessThan(1e-6);
      if (src === holed) expect(ones).toBeGreaterThan(0); // the bottom rows' clipped windows lack samples
    }
  });

  it('gives one kernel used across tiles and planes the costs of a fresh kernel per call, bit for bit', () => {
    const other = noise(W, H, 11);
    const planes = [ref, other];
    const src = noise(W, H, 12).data;
    const tiles = [
      { x0: 0, y0: 0, x1: 32, y1: 24 },
      { x0: 32, y0: 0, x1: 64, y1: 24 },
      { x0: 0, y0: 24, x1: 64, y1: 48 }, // wider than before: the kernel's memory grows
      { x0: 32, y0: 0, x1: 64, y1: 24 },
    ];
    const shared = new SweepKernels(win);
    let calls = 0;
    for (const tile of tiles) {
      // Each plane twice, in both orders: the window statistics computed for a tile of one plane must not serve the other.
      for (const p of [0, 1, 1, 0]) {
        for (const allValid of [true, false, true]) {
          const halo = { x0: Math.max(0, tile.x0 - 5), y0: Math.max(0, tile.y0 - 5), x1: Math.min(W, tile.x1 + 5), y1: Math.min(H, tile.y1 + 5) };
          const hw = halo.x1 - halo.x0;
          const warped = new Float32Array(hw * (halo.y1 - halo.y0));
          for (let y = halo.y0; y < halo.y1; y++) for (let x = halo.x0; x < halo.x1; x++) warped[(y - halo.y0) * hw + x - halo.x0] = src[y * W + x];
          const n = (tile.x1 - tile.x0) * (tile.y1 - tile.y0);
          const a = new Float32Array(n);
          const b = new Float32Array(n);
          shared.addNccCost(planes[p], halo, tile, allValid, a, warped);
          new SweepKernels(win).addNccCost(planes[p], halo, tile, allValid, b, warped);
          expect(Array.from(a)).toEqual(Array.from(b));
          calls++;
        }
      }
    }
    expect(calls).toBe(48);
  });
});

describe('SSIM cost', () => {
  const W = 64;
  const H = 48;
  const ref = noise(W, H, 11);
  it('is below 1e-5 for identical images', () => {
    expect(Math.max(...interior(computeCost('ssim', ref, ref, 11), W, H, 6))).toBeLessThan(1e-5);
  });
  it('has mean above 0.5 for independent noise', () => {
    expect(mean(interior(computeCost('ssim', ref, noise(W, H, 12), 11), W, H, 6))).toBeGreaterThan(0.5);
  });
  it('has mean in (0.05, 0.5) for a brightness shift', () => {
    const m = mean(
      interior(
        computeCost(
          'ssim',
          ref,
          map(ref, (v) => v + 0.3),
          11,
        ),
        W,
        H,
        6,
      ),
    );
    expect(m).toBeGreaterThan(0.05);
    expect(m).toBeLessThan(0.5);
  });
});

describe('cost dispatch and aggregation', () => {
  it('rejects an unknown cost function with AQM_ERR_DEPTH_COST_UNKNOWN', () => {
    const p = noise(8, 8, 1);
    expect(() => computeCost('sad', p, p, 3)).toThrow(expect.objectContaining({ code: 'AQM_ERR_DEPTH_COST_UNKNOWN' }));
  });
  it('averages source costs exactly', () => {
    const m = meanCost([Float32Array.of(0, 1, 2), Float32Array.of(1, 1, 0), Float32Array.of(2, 1, 1)]);
    expect(Array.from(m)).toEqual([1, 1, 1]);
  });
});
