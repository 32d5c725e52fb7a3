import { describe, expect, it } from 'vitest';

// vitest.setup.ts (shared by every package) compares large numeric arrays in a single pass; these pin that it keeps
// the semantics of `toEqual`.
describe('toEqual on large numeric arrays', () => {
  const n = 100_000;
  const depth = Float32Array.from({ length: n }, (_, i) => (i % 7 === 0 ? Number.NaN : i / 3));

  it('equal samples, NaN included, are equal; one changed sample is not', () => {
    expect(depth.slice()).toEqual(depth);
    const changed = depth.slice();
    changed[n - 2] += 1;
    expect(changed).not.toEqual(depth);
  });

  it('−0 differs from 0, a Float64Array from a Float32Array, a shorter array from a longer one', () => {
    const zeros = new Float32Array(n);
    const negative = zeros.slice();
    negative[5] = -0;
    expect(negative).not.toEqual(zeros);
    expect(Float64Array.from(depth)).not.toEqual(depth);
    expect(depth.subarray(1)).not.toEqual(depth.subarray(0, n - 1));
    expect(depth.subarray(1)).not.toEqual(depth);
  });

  it('plain arrays of numbers as well (Array.from of a map), mixed contents by the built-in rules', () => {
    expect(Array.from(depth)).toEqual(Array.from(depth));
    const changed = Array.from(depth);
    changed[3] = 0;
    expect(changed).not.toEqual(Array.from(depth));
    const mixed: unknown[] = Array.from(depth);
    mixed[10] = { a: 1 };
    expect(mixed.slice()).toEqual(mixed);
    expect(mixed).not.toEqual(Array.from(depth));
  });
});
