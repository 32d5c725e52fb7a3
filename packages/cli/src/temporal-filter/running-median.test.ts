import { describe, expect, it } from 'vitest';
import { RunningMedian } from './running-median.js';
import { temporalMedian } from './temporal-median.js';

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

describe('RunningMedian', () => {
  for (const k of [1, 2, 5, 30, 31, 300]) {
    it(`matches the full selection after every slide, reset and refill (window ${k})`, () => {
      const rand = lcg(k);
      const elements = 500;
      // Narrow value ranges make ties and median moves common; wide ones make jumps across the byte range.
      const frame = (spread: number, centre: number): Uint8Array =>
        Uint8Array.from({ length: elements }, () => Math.max(0, Math.min(255, Math.round(centre + (rand() - 0.5) * spread))));
      const running = new RunningMedian(elements, k);
      const reference = new Uint8Array(elements * k);
      const put = (slot: number, f: Uint8Array): void => {
        running.enter(slot, f);
        for (let i = 0; i < elements; i++) reference[i * k + slot] = f[i];
      };
      for (let slot = 0; slot < k; slot++) put(slot, frame(6, 100));
      const got = new Uint8Array(elements);
      const want = new Uint8Array(elements);
      for (let step = 0; step < 200; step++) {
        if (step === 120) running.reset();
        put(step % k, step % 17 === 0 ? frame(255, 128) : frame(6, 100 + (step % 5)));
        running.median(got);
        temporalMedian(reference, k, want);
        expect(Array.from(got)).toEqual(Array.from(want));
      }
    });
  }

  it('refuses a median before every slot has a frame', () => {
    const running = new RunningMedian(4, 3);
    running.enter(0, new Uint8Array(4));
    expect(() => running.median(new Uint8Array(4))).toThrow(RangeError);
  });
});
