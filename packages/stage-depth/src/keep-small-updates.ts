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
  /**
   * A small update keeps the sweep's depth only where the sweep's map is locally no rougher than this many times the
   * refined map (see {@link keepSmallUpdates}); `Infinity` (default) keeps it wherever the update is small.
   */
  readonly roughnessRatio?: number;
}

/**
 * Merges the refined depths (in place) with the sweep's. Where the refinement moved a pixel by at least `threshold`
 * (relief the sweep's window flattened: a mound top, a rim), the refined depth stands. Where it moved it less, the
 * sweep's depth is kept — its larger window is the quieter estimate on a locally smooth bed — **plus the local mean
 * of those small updates** beyond `biasFloor`. The fronto-parallel window is biased on a slope or a gentle mound by
 * less than a step, smoothly over many pixels; the refinement measures that bias with more noise per pixel. The mean
 * keeps the bias and drops the noise; on a flat bed it is noise and falls under the floor.
 *
 * With `roughnessRatio`, the sweep's depth is kept only where it is in fact the quieter estimate: where its map is
 * locally rougher than `roughnessRatio` times the refined map, the refined depth stands however little it moved. On a
 * steep bed the depth range is wide and a depth step coarse (3 mm on a 25° bed of the `ci` rig, 0.8 mm on a level
 * one), and the sweep's sub-step estimates then scatter by a fraction of that step from pixel to pixel: noise no
 * local mean removes, which the surface-following refinement does not have.
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
  const ratio = rule.roughnessRatio ?? Infinity;
  const quieter = Number.isFinite(ratio) ? sweepQuieter(swept, refined, W, H, r, ratio) : null;
  // The small updates (NaN elsewhere) and their local mean, the bias carried onto the kept sweep depths.
  const small = new Float64Array(N).fill(Number.NaN);
  for (let i = 0; i < N; i++) {
    const update = refined[i] - swept[i];
    if (Math.abs(update) < threshold && (quieter === null || quieter[i] === 1)) small[i] = update;
  }
  const bias = boxMean(small, W, H, r);
  for (let i = 0; i < N; i++) if (small[i] === small[i]) refined[i] = swept[i] + softThreshold(bias[i], floor);
}

/**
 * Where the sweep's map is locally no rougher than `ratio` times the refined map (1): the mean over a (2r + 1)² box of
 * each map's squared residual against the mean of its 8 neighbours (a plane's residual is 0, so a slope is not noise).
 * The refined map is smoother than its error by construction (its window shape is the smoothed map), hence a ratio
 * above 1.
 */
function sweepQuieter(swept: Float32Array, refined: Float32Array, W: number, H: number, r: number, ratio: number): Uint8Array {
  const a = boxMean(residuals(swept, W, H), W, H, r);
  const b = boxMean(residuals(refined, W, H), W, H, r);
  const out = new Uint8Array(W * H);
  for (let i = 0; i < out.length; i++) out[i] = a[i] > ratio * b[i] ? 0 : 1;
  return out;
}

/** Squared residual of each pixel against the mean of its 8 neighbours; NaN where any of the nine is missing. */
function residuals(m: Float32Array, W: number, H: number): Float64Array {
  const out = new Float64Array(W * H).fill(Number.NaN);
  for (let y = 1; y < H - 1; y++) {
    for (let x = 1; x < W - 1; x++) {
      const i = y * W + x;
      const s = m[i - W - 1] + m[i - W] + m[i - W + 1] + m[i - 1] + m[i + 1] + m[i + W - 1] + m[i + W] + m[i + W + 1];
      const e = m[i] - s / 8;
      out[i] = e * e;
    }
  }
  return out;
}

/** Mean of the finite values over a (2r + 1)² box (NaN where there are none). */
function boxMean(v: Float64Array, W: number, H: number, r: number): Float64Array {
  const W1 = W + 1;
  const sum = new Float64Array(W1 * (H + 1));
  const count = new Float64Array(W1 * (H + 1));
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const e = v[y * W + x];
      const ok = e === e ? 1 : 0;
      const k = (y + 1) * W1 + x + 1;
      sum[k] = (ok === 1 ? e : 0) + sum[k - 1] + sum[k - W1] - sum[k - W1 - 1];
      count[k] = ok + count[k - 1] + count[k - W1] - count[k - W1 - 1];
    }
  }
  const out = new Float64Array(W * H);
  for (let y = 0; y < H; y++) {
    const y0 = Math.max(0, y - r);
    const y1 = Math.min(H, y + r + 1);
    for (let x = 0; x < W; x++) {
      const x0 = Math.max(0, x - r);
      const x1 = Math.min(W, x + r + 1);
      const c = count[y1 * W1 + x1] - count[y0 * W1 + x1] - count[y1 * W1 + x0] + count[y0 * W1 + x0];
      const t = sum[y1 * W1 + x1] - sum[y0 * W1 + x1] - sum[y1 * W1 + x0] + sum[y0 * W1 + x0];
      out[y * W + x] = c > 0 ? t / c : Number.NaN;
    }
  }
  return out;
}
