import { describe, expect, it } from 'vitest';
import { binomialBlur } from './binomial-blur.js';

const W = 9;
const H = 7;

describe('binomialBlur', () => {
  it('spreads a point by the binomial coefficients, with replicated borders', () => {
    const delta = new Float32Array(W * H);
    delta[3 * W + 4] = 16;
    const one = binomialBlur({ width: W, height: H, data: delta }, 1).data;
    // [1 2 1]/4 ⊗ [1 2 1]/4 around (4, 3): 16 · (1, 2, 1)ᵀ(1, 2, 1)/16.
    expect([...one.subarray(2 * W + 3, 2 * W + 6)]).toEqual([1, 2, 1]);
    expect([...one.subarray(3 * W + 3, 3 * W + 6)]).toEqual([2, 4, 2]);
    expect(one.reduce((a, b) => a + b, 0)).toBeCloseTo(16, 5); // nothing leaves the interior
    const corner = new Float32Array(W * H);
    corner[0] = 16;
    expect(binomialBlur({ width: W, height: H, data: corner }, 1).data[0]).toBe(9); // (2+1)/4 · (2+1)/4 · 16
  });

  it('gives the same bits in place through given buffers, and leaves its input alone otherwise', () => {
    const data = Float32Array.from({ length: W * H }, (_, i) => Math.sin(i * 1.7) * 100);
    const input = Float32Array.from(data);
    const fresh = binomialBlur({ width: W, height: H, data }, 4).data;
    expect([...data]).toEqual([...input]);
    const rows = new Float32Array(W * H);
    const inPlace = binomialBlur({ width: W, height: H, data }, 4, { out: data, rows }).data;
    expect(inPlace).toBe(data);
    expect([...inPlace]).toEqual([...fresh]);
    expect(binomialBlur({ width: W, height: H, data: input }, 0).data).toBe(input);
  });
});
