import { describe, expect, it } from 'vitest';
import { temporalMedian } from './temporal-median.js';

/** The frames element-major, as the window reader holds them. */
function elementMajor(frames: readonly Uint8Array[]): Uint8Array {
  const k = frames.length;
  const samples = new Uint8Array(frames[0].length * k);
  frames.forEach((frame, j) => frame.forEach((v, i) => (samples[i * k + j] = v)));
  return samples;
}

/** numpy's `median(axis=0).astype(uint8)` by sorting, for comparison. */
function referenceMedian(frames: readonly Uint8Array[], i: number): number {
  const v = frames.map((f) => f[i]).sort((a, b) => a - b);
  const m = v.length >> 1;
  return v.length % 2 === 1 ? v[m] : Math.floor((v[m - 1] + v[m]) / 2);
}

describe('temporalMedian', () => {
  it('equals numpy median(axis=0) cast to uint8 for odd and even windows, any values', () => {
    let seed = 11;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    for (const k of [1, 2, 3, 4, 7, 10, 15, 30, 31]) {
      const length = 5000;
      // Mixed: uniform values, values clustered around a nibble boundary (the two middles in different bins), runs of ties.
      const frames = Array.from({ length: k }, () =>
        Uint8Array.from({ length }, (_, i) =>
          i % 3 === 0 ? Math.floor(random() * 256) : i % 3 === 1 ? 14 + Math.floor(random() * 5) : 200 + (Math.floor(random() * 2) << 4),
        ),
      );
      const out = new Uint8Array(length);
      temporalMedian(elementMajor(frames), k, out);
      const mismatches = Array.from({ length }, (_, i) => i).filter((i) => out[i] !== referenceMedian(frames, i));
      expect(mismatches.slice(0, 5), `k = ${k}`).toEqual([]);
    }
  });

  it('removes a value that is present in fewer than half of the frames', () => {
    const bed = Uint8Array.from([10, 20, 30, 40]);
    const fish = Uint8Array.from([250, 250, 250, 250]);
    const out = new Uint8Array(4);
    temporalMedian(elementMajor([bed, fish, bed, fish, bed]), 5, out);
    expect([...out]).toEqual([10, 20, 30, 40]);
  });
});
