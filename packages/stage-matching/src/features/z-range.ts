/** A world-Z interval, metres. */
export interface ZRange {
  min: number;
  max: number;
}

/**
 * The world-Z extent of the scene from coarse match depths: a histogram with `bin`-metre bins, the bins
 * connected to the fullest one (gaps of up to `maxGap` bins allowed) whose count is at least
 * `max(3, 1 % of the peak)`, widened by `margin` on both sides. Isolated wrong matches (spread thinly along
 * the whole epipolar band) fall outside. Null when fewer than 20 values are given.
 */
export function estimateZRange(zs: readonly number[], bin = 0.005, margin = 0.02, maxGap = 6): ZRange | null {
  const finite = zs.filter(Number.isFinite);
  if (finite.length < 20) return null;
  let lo = Infinity;
  let hi = -Infinity;
  for (const z of finite) {
    lo = Math.min(lo, z);
    hi = Math.max(hi, z);
  }
  const bins = Math.max(1, Math.ceil((hi - lo) / bin) + 1);
  const counts = new Int32Array(bins);
  for (const z of finite) counts[Math.floor((z - lo) / bin)]++;
  let peak = 0;
  for (let i = 1; i < bins; i++) if (counts[i] > counts[peak]) peak = i;
  const threshold = Math.max(3, 0.01 * counts[peak]);
  let first = peak;
  let last = peak;
  for (let i = peak - 1, gap = 0; i >= 0 && gap <= maxGap; i--) {
    if (counts[i] >= threshold) {
      first = i;
      gap = 0;
    } else gap++;
  }
  for (let i = peak + 1, gap = 0; i < bins && gap <= maxGap; i++) {
    if (counts[i] >= threshold) {
      last = i;
      gap = 0;
    } else gap++;
  }
  return { min: lo + first * bin - margin, max: lo + (last + 1) * bin + margin };
}
