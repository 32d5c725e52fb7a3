/** Options of {@link aggregatePairwiseDepths}. */
export interface AggregateOptions {
  /** Agreement tolerance around the median, metres (`roma_depth_tolerance`, strict `<`). @default 0.02 */
  readonly tolerance?: number;
  /** Minimum agreeing pairwise depths (`min_consistent_views`). @default 3 */
  readonly minConsistentViews?: number;
}

/** A reference camera's aggregated depth at warp resolution. */
export interface AggregatedDepth {
  /** Median of the agreeing depths; NaN where fewer than `minConsistentViews` agree. */
  readonly depth: Float32Array;
  /** Agreeing / available depths; 0 where failing. */
  readonly confidence: Float32Array;
  /** Agreeing depths; 0 where failing. */
  readonly consistency: Int32Array;
}

/**
 * Median-with-tolerance aggregation of one reference's pairwise depth maps (spec §3.9 step 2), per pixel:
 * `m0` = lower median of the non-NaN depths (torch `nanmedian`), inliers = `|δ − m0| < tolerance`,
 * depth = lower median of the inliers when at least `minConsistentViews` agree, confidence = agreeing / available,
 * consistency = agreeing.
 * @example
 * aggregatePairwiseDepths([1, 1.002, 0.998, 2, 0.5].map((d) => Float32Array.of(d)), { tolerance: 0.005 });
 * // depth ≈ [1], confidence [0.6], consistency [3]
 */
export function aggregatePairwiseDepths(maps: readonly Float32Array[], options: AggregateOptions = {}): AggregatedDepth {
  const tolerance = options.tolerance ?? 0.02;
  const minViews = options.minConsistentViews ?? 3;
  const n = maps.length === 0 ? 0 : maps[0].length;
  const depth = new Float32Array(n).fill(Number.NaN);
  const confidence = new Float32Array(n);
  const consistency = new Int32Array(n);
  const values = new Float64Array(maps.length);
  for (let p = 0; p < n; p++) {
    let count = 0;
    for (const map of maps) {
      const d = map[p];
      if (d === d) {
        let i = count++;
        while (i > 0 && values[i - 1] > d) {
          values[i] = values[i - 1];
          i--;
        }
        values[i] = d;
      }
    }
    if (count === 0) continue;
    const m0 = values[(count - 1) >> 1];
    let first = -1;
    let agree = 0;
    for (let i = 0; i < count; i++) {
      if (Math.abs(values[i] - m0) < tolerance) {
        if (first < 0) first = i;
        agree++;
      }
    }
    if (agree < minViews) continue;
    depth[p] = values[first + ((agree - 1) >> 1)];
    confidence[p] = agree / count;
    consistency[p] = agree;
  }
  return { depth, confidence, consistency };
}
