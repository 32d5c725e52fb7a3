import { sweepKernels } from './sweep-kernels.js';
import { haloOf, largestTileAndHalo, type Rect } from './tile-region.js';
import { smoothDepth } from './smooth-depth.js';
import { SurfaceWarp } from './surface-warp.js';
import type { FinishedSweep } from './finished-sweep.js';

/** What {@link refineDepth} needs: a finished sweep (its depth is the map to refine) and the refinement's settings. */
export interface RefineDepthInput extends FinishedSweep {
  readonly window: number;
  readonly bestSources: number;
  /** Refinement passes. */
  readonly iterations: number;
  /** Offsets tried per pass on each side of the current surface (2·n + 1 in all). */
  readonly offsets: number;
  /** Offsets of the first `widePasses` passes (default `offsets`). */
  readonly wideOffsets?: number;
  /** Passes that use `wideOffsets`. @default 0 */
  readonly widePasses?: number;
  /** Spacing of the offsets in depth steps. */
  readonly offsetStep: number;
  /**
   * A tile stops after a pass whose 90th-percentile |update| is below this many depth steps; when that happens on the
   * first pass the tile keeps the sweep's depths (its fronto-parallel windows were not biased; w5 would only add
   * noise). A percentile, not the median: a mound or rock covering a tenth of a tile must keep it refining.
   */
  readonly tolerance: number;
  /** Curvature (depth steps) above which the window shape keeps relief's shape (`smoothDepth`). @default Infinity */
  readonly curvatureFloor?: number;
  /** Also return each pixel's chosen offset index (−J … J) of the last pass. @default false */
  readonly keepOffsets?: boolean;
}

/** Refined depth plus the work done. */
export interface RefineDepthResult {
  readonly depth: Float32Array;
  /** Pixel × offset × source cost evaluations. */
  readonly evaluations: number;
  /** Tile passes run (tiles stop early when their updates fall below the tolerance). */
  readonly passes: number;
  /** Tiles whose refinement was kept (the others kept the sweep's depths). */
  readonly refinedTiles: number;
  /** Aggregated cost at the refined depth of the last pass (NaN where the depth is invalid). */
  readonly cost: Float32Array;
  /** With `keepOffsets`: the offset index (−J … J, 0 = stayed) each pixel took in the last pass; −128 where not run. */
  readonly offsets?: Int8Array;
}

/**
 * Surface-following refinement of a depth map. A fronto-parallel window assumes the whole window lies at the centre
 * pixel's depth, which smooths relief whose wavelength is a few windows (and blurs the match in every source seen at a
 * wide angle). Here each pass shifts the *current surface* along the rays: for offset `Δ`, window pixel `q` is
 * sampled in every source at `D(q) + Δ`, so the window follows the estimated shape (slopes and curvature) and only the
 * window-mean of the remaining error is measured; `D(p) += Δ*(p)` (best offset, parabola-refined). A pass scales a
 * smooth error by `1 − (window average)`, so 2–3 passes remove most of the smoothing; see the README for figures.
 */
/** Quantile of a tile's |update| that decides whether it keeps refining (see {@link RefineDepthInput.tolerance}). */
const REFINE_STOP_QUANTILE = 0.9;

export function refineDepth(input: RefineDepthInput): RefineDepthResult {
  const { ref, sources, warp, hypotheses, window, tiles } = input;
  const W = ref.width;
  const H = ref.height;
  const r = window >> 1;
  const S = sources.length;
  const k = Math.min(S, Math.max(1, input.bestSources));
  const step = hypotheses.count > 1 ? (hypotheses.max - hypotheses.min) / (hypotheses.count - 1) : 0;
  const h = input.offsetStep * step;
  const kernels = sweepKernels(window, sources);
  const { tile: maxTile } = largestTileAndHalo(tiles, r, W, H);
  const result = kernels.resultSlot;
  const stay = new Float32Array(maxTile);
  const moves = new Float32Array(maxTile);
  // Per source and halo pixel: source position at the current depth and its derivative along the ray (in the kernels).
  const surfaceWarp = new SurfaceWarp(warp, hypotheses, kernels);
  let current = input.depth;
  let evaluations = 0;
  let passes = 0;
  const cost = new Float32Array(W * H).fill(Number.NaN);
  const chosen = input.keepOffsets === true ? new Int8Array(W * H).fill(-128) : undefined;
  const active = new Uint8Array(tiles.length).fill(1);
  const refined = new Uint8Array(tiles.length);
  if (step === 0 || S === 0) return { depth: Float32Array.from(current), evaluations, passes, refinedTiles: 0, cost };
  for (let pass = 0; pass < input.iterations && active.includes(1); pass++) {
    // The window shape comes from a lightly smoothed surface, so a pass does not feed its own per-pixel noise back
    // into the next one (without it, passes random-walk away from the truth); the update is measured against it.
    const shape = smoothDepth(current, W, H, Infinity, (input.curvatureFloor ?? Infinity) * step);
    // The first passes reach far (a flattened mound top is several steps off); later ones only polish, and a wide
    // search there would let noise pick far minima on fine periodic relief.
    const J = pass < (input.widePasses ?? 0) ? (input.wideOffsets ?? input.offsets) : input.offsets;
    const next = Float32Array.from(current);
    for (let t = 0; t < tiles.length; t++) {
      if (active[t] === 0) continue;
      const tile = tiles[t];
      passes++;
      let movedCount = 0;

      const halo = haloOf(tile, r, W, H);
      const hw = halo.x1 - halo.x0;
      const haloSize = hw * (halo.y1 - halo.y0);
      let tileValid = 0;
      for (let y = tile.y0; y < tile.y1; y++) for (let x = tile.x0; x < tile.x1; x++) if (shape[y * W + x] === shape[y * W + x]) tileValid++;
      if (tileValid === 0) continue;
      if (!surfaceWarp.setSurface(shape, W, halo)) continue;
      for (let s = 0; s < S; s++) surfaceWarp.load(s);
      const tw = tile.x1 - tile.x0;
      const n = tw * (tile.y1 - tile.y0);
      kernels.wtaReset(n);
      for (let j = -J; j <= J; j++) {
        const delta = j * h;
        for (let s = 0; s < S; s++) {
          const slot = k === S ? result : s;
          const fresh = k !== S || s === 0;
          const invalid = kernels.warpShifted(s, delta, haloSize);
          if (invalid === haloSize) kernels.constantInto(slot, fresh, 1, n);
          else kernels.nccInto(slot, fresh, ref, halo, tile, invalid === 0);
        }
        const acc = k === S ? kernels.costs(result, n) : kernels.sumLowest(k, n);
        if (j === 0) stay.set(acc);
        kernels.wtaAdd(j + J, result, n, 1);
      }
      const wta = kernels.wtaState(n);
      evaluations += n * (2 * J + 1) * S;
      for (let i = 0; i < n; i++) {
        const o = (tile.y0 + Math.floor(i / tw)) * W + tile.x0 + (i % tw);
        const d = shape[o];
        if (d !== d || current[o] !== current[o]) continue;
        const best = wta.bestK[i];
        cost[o] = Math.min(wta.best[i], stay[i]) / k;
        // No offset beats staying (e.g. no source sees the window: every cost is 1.0) → stay.
        if (chosen !== undefined) chosen[o] = wta.best[i] < stay[i] ? best - J : 0;
        if (!(wta.best[i] < stay[i])) continue;
        let offset = 0;
        if (best > 0 && best < 2 * J) {
          const c0 = wta.best[i];
          const cm = wta.minus[i];
          const cp = wta.plus[i];
          offset = (0.5 * (cm - cp)) / (cm - 2 * c0 + cp + 1e-8);
          offset = offset < -0.5 ? -0.5 : offset > 0.5 ? 0.5 : offset;
        }
        next[o] = d + (best - J + offset) * h;
        moves[movedCount++] = Math.abs(next[o] - current[o]);
      }
      const high = movedCount === 0 ? 0 : quantileOf(moves.subarray(0, movedCount), REFINE_STOP_QUANTILE);
      if (movedCount === 0 || high < input.tolerance * step) {
        active[t] = 0;
        if (pass === 0) restoreTile(next, current, tile, W);
      } else {
        refined[t] = 1;
      }
    }
    current = next;
  }
  return {
    depth: current,
    evaluations,
    passes,
    refinedTiles: refined.reduce((a, b) => a + b, 0),
    cost,
    ...(chosen === undefined ? {} : { offsets: chosen }),
  };
}

/** Quantile `q` of `values` (sorts them in place). */
function quantileOf(values: Float32Array, q: number): number {
  values.sort();
  return values[Math.min(values.length - 1, Math.floor(q * values.length))];
}

/** Copies the tile's pixels of `from` into `to`. */
function restoreTile(to: Float32Array, from: Float32Array, tile: Rect, W: number): void {
  for (let y = tile.y0; y < tile.y1; y++) to.set(from.subarray(y * W + tile.x0, y * W + tile.x1), y * W + tile.x0);
}
