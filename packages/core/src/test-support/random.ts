/** A deterministic pseudo-random sequence in [0, 1) (a linear congruential generator): the tests' seeded noise. */
export function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}
