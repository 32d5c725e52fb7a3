// The depth planes of a sweep: where they are made, and the type every pass that walks them shares.

/** Depth hypotheses `linspace(min, max, count)` (inclusive, uniform in ray depth). */
export interface DepthHypotheses {
  readonly min: number;
  readonly max: number;
  readonly count: number;
}

/** `linspace(min, max, count)` as float64 (§3.7 step 1). */
export function depthHypotheses(min: number, max: number, count: number): Float64Array {
  const out = new Float64Array(count);
  for (let k = 0; k < count; k++) out[k] = count === 1 ? min : k === count - 1 ? max : min + ((max - min) * k) / (count - 1);
  return out;
}
