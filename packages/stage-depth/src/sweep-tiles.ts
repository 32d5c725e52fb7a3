import type { CostFunction } from './cost-function.js';
import type { GreyPlane } from './grey-plane.js';
import { SsimKernel } from './ssim-kernel.js';
import { sweepKernels } from './sweep-kernels.js';
import { haloOf, type Rect } from './tile-region.js';
import type { WarpTables } from './warp-table.js';
import type { DepthHypotheses } from './depth-hypotheses.js';
import { finishDepth } from './winner-take-all.js';

/** What {@link sweepTiles} needs: one level's images, tables and per-tile depth bands. */
export interface TileSweepInput {
  readonly ref: GreyPlane;
  readonly sources: readonly GreyPlane[];
  readonly warp: WarpTables;
  readonly hypotheses: DepthHypotheses;
  readonly window: number;
  readonly cost: CostFunction;
  /** Lowest source costs averaged per pixel and depth (all sources when equal to their count). */
  readonly bestSources: number;
  readonly tiles: readonly Rect[];
  /** Inclusive depth-index band swept for tile `t`, or `null` to leave it invalid. */
  band(t: number): readonly [number, number] | null;
  /** Mean cost over all depths at pixel (x, y) for the confidence; defaults to the tile's own sweep mean. */
  readonly meanCost?: (x: number, y: number) => number;
  /** Also return the per-pixel mean cost over the swept depths (the coarse level's, for the fine confidence). */
  readonly keepMeanCost?: boolean;
  /** Also return the per-pixel index of the lowest cost (the rescue pass reads which band edge a rejection hit). */
  readonly keepBestIndex?: boolean;
}

/** Depth, confidence and mean cost (over the swept depths) of one level. */
export interface TileSweepResult {
  readonly depth: Float32Array;
  readonly confidence: Float32Array;
  /** Present when `keepMeanCost` was set. */
  readonly meanCost: Float32Array | undefined;
  /** Present when `keepBestIndex` was set: depth index of the lowest cost, −1 where the pixel was not swept. */
  readonly bestIndex: Int16Array | undefined;
  /** Pixel × depth × source cost evaluations done. */
  readonly evaluations: number;
}

/**
 * Streams over tiles and, inside a tile, over its depth band: warps every source onto the tile (+ window halo),
 * adds the per-source cost, and feeds the mean over sources to a winner-take-all. Memory is O(tile), never
 * O(H·W·D); the result for a pixel does not depend on the tiling when bands are the full depth range.
 */
export function sweepTiles(input: TileSweepInput): TileSweepResult {
  const { ref, sources, warp, hypotheses, window, tiles } = input;
  const W = ref.width;
  const H = ref.height;
  const r = window >> 1;
  const depth = new Float32Array(W * H).fill(Number.NaN);
  const confidence = new Float32Array(W * H);
  const meanCost = input.keepMeanCost === true ? new Float32Array(W * H).fill(1) : undefined;
  const bestIndex = input.keepBestIndex === true ? new Int16Array(W * H).fill(-1) : undefined;
  const kernels = sweepKernels(window, sources);
  const ssim = input.cost === 'ssim' ? new SsimKernel(window) : null;
  const S = sources.length;
  const k = Math.min(S, Math.max(1, input.bestSources));
  // Costs stay in the kernels' memory: one slot per source and the result slot, where a plain mean accumulates.
  const result = kernels.resultSlot;
  const inv = 1 / k;
  let evaluations = 0;
  for (let t = 0; t < tiles.length; t++) {
    const band = input.band(t);
    if (band === null) continue;
    const tile = tiles[t];
    const halo = haloOf(tile, r, W, H);
    const tw = tile.x1 - tile.x0;
    const n = tw * (tile.y1 - tile.y0);
    const haloSize = (halo.x1 - halo.x0) * (halo.y1 - halo.y0);
    kernels.wtaReset(n);
    for (let d = band[0]; d <= band[1]; d++) {
      for (let s = 0; s < S; s++) {
        const slot = k === S ? result : s;
        const fresh = k !== S || s === 0;
        const invalid = kernels.warp(warp, s, d, halo);
        if (invalid === haloSize) {
          // The source sees none of the halo: every window is empty, cost 1.0.
          kernels.constantInto(slot, fresh, 1, n);
        } else if (ssim === null) {
          kernels.nccInto(slot, fresh, ref, halo, tile, invalid === 0);
        } else {
          if (fresh) kernels.constantInto(slot, true, 0, n);
          ssim.addTileCost(ref, kernels.warped(haloSize), halo, tile, kernels.costs(slot, n));
        }
      }
      // No source: cost 0 at every depth (as an empty sum).
      if (S === 0) kernels.constantInto(result, true, 0, n);
      else if (k !== S) kernels.sumLowest(k, n);
      kernels.wtaAdd(d, result, n, inv);
    }
    evaluations += n * (band[1] - band[0] + 1) * S;
    const wta = kernels.wtaState(n);
    finishDepth(wta, hypotheses, { kLo: band[0], kHi: band[1], meanCost: input.meanCost }, n, depth, confidence, { ...tile, width: W });
    if (meanCost === undefined && bestIndex === undefined) continue;
    for (let y = tile.y0, i = 0; y < tile.y1; y++) {
      for (let o = y * W + tile.x0; o < y * W + tile.x1; o++, i++) {
        if (meanCost !== undefined) meanCost[o] = wta.sum[i] / wta.count;
        if (bestIndex !== undefined) bestIndex[o] = wta.bestK[i];
      }
    }
  }
  return { depth, confidence, meanCost, bestIndex, evaluations };
}
