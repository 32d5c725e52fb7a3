import { softThreshold } from './soft-threshold.js';

/** How {@link keepSmallUpdates} merges a refined map back into the sweep's. */
export interface SmallUpdateRule {
  /** Image width (the maps are row-major W × H). */
  readonly width: number;
  /** Updates (refined − swept) below this, metres, are "small": the sweep's depth is kept there. */
  readonly threshold: number;
  /** Half-width, pixels, of the square over which the small updates are averaged into a bias; 0 = no bias carried. */
  readonly biasRadius: number;
  /** Local mean updates within ± this, metres, are noise and carry nothing (soft threshold). */
  readonly biasFloor: number;
}

/**
 * Merges the refined depths (in place) with the sweep's. Where the refinement moved a pixel by at least `threshold`
 * (relief the sweep's window flattened: a mound top, a rim), the refined depth stands. Where it moved it less, the
 * sweep's depth is kept — its larger window is the quieter estimate on a locally smooth bed — **plus the local mean
 * of those small updates** beyond `biasFloor`. The fronto-parallel window is biased on a slope or a gentle mound by
 * less than a step, smoothly over many pixels; the refinement measures that bias with more noise per pixel. The mean
 * keeps the bias and drops the noise; on a flat bed it is noise and falls under the floor.
 */
export function keepSmallUpdates(swept: Float32Array, refined: Float32Array, rule: SmallUpdateRule): void {
  const { width: W, threshold, biasRadius: r, biasFloor: floor } = rule;
  if (!(threshold > 0)) return;
  if (r === 0) {
    for (let i = 0; i < refined.length; i++) if (Math.abs(refined[i] - swept[i]) < threshold) refined[i] = swept[i];
    return;
  }
  const N = refined.length;
  const H = N / W;
  // Integral images of the small updates and of where they are, (W + 1) × (H + 1) with a zero first row and column.
  const W1 = W + 1;
  const sum = new Float64Array(W1 * (H + 1));
  const count = new Float64Array(W1 * (H + 1));
  const small = new Uint8Array(N);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const i = y * W + x;
      const update = refined[i] - swept[i];
      let u = 0;
      if (Math.abs(update) < threshold) {
        small[i] = 1;
        u = update;
      }
      const k = (y + 1) * W1 + x + 1;
      sum[k] = u + sum[k - 1] + sum[k - W1] - sum[k - W1 - 1];
      count[k] = small[i] + count[k - 1] + count[k - W1] - count[k - W1 - 1];
    }
  }
  const box = (a: Float64Array, x0: number, y0: number, x1: number, y1: number): number =>
    a[y1 * W1 + x1] - a[y0 * W1 + x1] - a[y1 * W1 + x0] + a[y0 * W1 + x0];
  for (let y = 0; y < H; y++) {
    const y0 = Math.max(0, y - r);
    const y1 = Math.min(H, y + r + 1);
    for (let x = 0; x < W; x++) {
      const i = y * W + x;
      if (small[i] === 0) continue;
      const x0 = Math.max(0, x - r);
      const x1 = Math.min(W, x + r + 1);
      const bias = box(sum, x0, y0, x1, y1) / box(count, x0, y0, x1, y1);
      refined[i] = swept[i] + softThreshold(bias, floor);
    }
  }
}
