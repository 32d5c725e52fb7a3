import { describe, expect, it } from 'vitest';
import { aggregatePairwiseDepths } from './aggregate-pairwise-depths.js';
import { upsampleDepth } from './upsample-depth.js';

describe('upsampleDepth (spec §3.9 step 3)', () => {
  it('upsamples a 10×10 map to 100×100: exact on constants, linear ramps stay linear, consistency nearest', () => {
    const n = 100;
    const pair = [new Float32Array(n), new Float32Array(n), new Float32Array(n)];
    for (let y = 0; y < 10; y++) for (let x = 0; x < 10; x++) for (const m of pair) m[y * 10 + x] = 1 + 0.01 * x;
    const agg = aggregatePairwiseDepths(pair, { tolerance: 0.005, minConsistentViews: 3 });
    const up = upsampleDepth(agg, 10, 10, 100, 100);
    expect(up.depth.length).toBe(10000);
    // output column 55 maps to input x = 55.5/10 − 0.5 = 5.05 → depth 1.0505
    expect(up.depth[50 * 100 + 55]).toBeCloseTo(1.0505, 5);
    expect(up.depth[0]).toBeCloseTo(1.0, 6);
    expect(up.depth[99]).toBeCloseTo(1.09, 6);
    expect(up.confidence.every((c) => Math.abs(c - 1) < 1e-6)).toBe(true);
    expect(up.consistency.every((c) => c === 3)).toBe(true);
  });

  it('fills around NaN cells by normalised convolution and leaves NaN only where no valid neighbour contributes', () => {
    const depth = new Float32Array(16).fill(Number.NaN);
    const confidence = new Float32Array(16);
    const consistency = new Int32Array(16);
    depth[5] = 2; // cell (1, 1)
    confidence[5] = 1;
    consistency[5] = 4;
    const up = upsampleDepth({ depth, confidence, consistency }, 4, 4, 8, 8);
    // output (2..3, 2..3) sit on cell (1,1) and its neighbours: normalised convolution gives exactly 2
    for (const o of [2 * 8 + 2, 2 * 8 + 3, 3 * 8 + 2, 3 * 8 + 3]) expect(up.depth[o]).toBeCloseTo(2, 6);
    expect(up.depth[7 * 8 + 7]).toBeNaN();
    expect(up.consistency[2 * 8 + 2]).toBe(4);
    expect(up.consistency[7 * 8 + 7]).toBe(0);
    expect(up.confidence[3 * 8 + 3]).toBeCloseTo(0.75 * 0.75, 6);
  });
});
