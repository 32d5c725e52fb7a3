/** Unique in-range integer indices, increasing. */
export function normaliseIndices(indices: readonly number[], count: number): number[] {
  const set = new Set<number>();
  for (const i of indices) if (Number.isInteger(i) && i >= 0 && i < count) set.add(i);
  return [...set].sort((a, b) => a - b);
}
