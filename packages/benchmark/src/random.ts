/**
 * A seeded pseudo-random generator (mulberry32 over a splitmix32-mixed seed): `next()` in [0, 1).
 * Deterministic across platforms; not for cryptography.
 */
export interface SeededRandom {
  next(): number;
}

/** Mixes a 32-bit value (splitmix32 finaliser). */
export function mix32(value: number): number {
  let z = (value + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
  z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
  return (z ^ (z >>> 15)) >>> 0;
}

/** Creates a {@link SeededRandom} from any integer seed and a stream id (independent streams per id). */
export function createRandom(seed: number, stream = 0): SeededRandom {
  let state = mix32(mix32(seed | 0) ^ Math.imul(stream + 1, 0x632be5ab));
  return {
    next(): number {
      state = (state + 0x6d2b79f5) | 0;
      let t = Math.imul(state ^ (state >>> 15), 1 | state);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    },
  };
}
