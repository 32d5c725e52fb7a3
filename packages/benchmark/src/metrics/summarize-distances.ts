/** Summary of point-to-surface distances, in millimetres. */
export interface DistanceSummary {
  /** Number of finite distances summarised. */
  count: number;
  meanMm: number;
  medianMm: number;
  p90Mm: number;
  rmsMm: number;
  maxMm: number;
}

/** Linear-interpolated quantile `q` ∈ [0, 1] of ascending `sorted` (NaN when empty), like numpy's default. */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const pos = q * (n - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/** Mean, median, p90, RMS and max (mm) of distances given in metres; non-finite entries are skipped. */
export function summarizeDistances(distancesM: ArrayLike<number>): DistanceSummary {
  const finite = new Float64Array(distancesM.length);
  let n = 0;
  let sum = 0;
  let sum2 = 0;
  for (let i = 0; i < distancesM.length; i++) {
    const d = Math.abs(distancesM[i]) * 1000;
    if (!Number.isFinite(d)) continue;
    finite[n++] = d;
    sum += d;
    sum2 += d * d;
  }
  const sorted = finite.subarray(0, n).sort();
  return {
    count: n,
    meanMm: n === 0 ? Number.NaN : sum / n,
    medianMm: quantileSorted(sorted, 0.5),
    p90Mm: quantileSorted(sorted, 0.9),
    rmsMm: n === 0 ? Number.NaN : Math.sqrt(sum2 / n),
    maxMm: n === 0 ? Number.NaN : sorted[n - 1],
  };
}
