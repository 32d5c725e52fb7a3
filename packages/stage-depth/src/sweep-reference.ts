import type { DepthMap } from '@aquamvs/core';
import type { RefractiveProjection } from '@aquamvs/geometry';
import { downsamplePlane, type GreyPlane } from './grey-plane.js';
import { resolveSweepOptions, sourcesAveraged, type PlaneSweepOptions, type ResolvedSweepOptions } from './sweep-options.js';
import { sweepTiles } from './sweep-tiles.js';
import { tilesOf, type Rect } from './tile-region.js';
import { WarpTables } from './warp-table.js';
import { alignDepth } from './align-depth.js';
import { refineDepth } from './refine-depth.js';
import { rescueBlocks } from './rescue-pixels.js';
import { depthHypotheses, type DepthHypotheses } from './depth-hypotheses.js';

/**
 * One reference camera's sweep input. Images are grey planes on each camera's undistorted (K_new) grid; sources may
 * differ in size from the reference (warps go straight to source pixels).
 */
export interface ReferenceSweepInput {
  readonly camera: string;
  readonly ref: GreyPlane;
  readonly sources: readonly GreyPlane[];
  readonly refProjection: RefractiveProjection;
  readonly sourceProjections: readonly RefractiveProjection[];
  /** Ray-depth range of the hypotheses, metres. */
  readonly range: { readonly min: number; readonly max: number };
}

/** Depth map of one reference plus counters of the work done. */
export interface ReferenceSweepResult extends DepthMap {
  readonly stats: {
    /** Pixel × depth × source cost evaluations at each level (coarse first when coarse-to-fine). */
    readonly evaluations: readonly number[];
    /** Warp tables built (source × depth) at each level. */
    readonly tables: readonly number[];
    /** Wall milliseconds of each level (tables included). */
    readonly ms: readonly number[];
  };
}

/** Quantile of sorted values (linear interpolation). */
function quantile(sorted: Float64Array, q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
}

/**
 * Plane sweep of one reference camera (§3.7, §3.8): hypotheses uniform in ray depth, every source warped
 * through the refractive models, NCC/SSIM cost averaged over sources, winner-take-all with parabola
 * refinement, boundary rejection and confidence.
 * @example
 * const map = sweepReference({ camera: 'cam0', ref, sources, refProjection, sourceProjections, range: { min: 0.1, max: 0.3 } });
 */
export function sweepReference(input: ReferenceSweepInput, options: PlaneSweepOptions = {}): ReferenceSweepResult {
  const o = resolveSweepOptions(options);
  const swept = sweepDepths(input, o);
  if (o.refineIterations === 0 && o.alignIterations === 0) return swept.result;
  const t0 = performance.now();
  const refined =
    o.refineIterations === 0
      ? { depth: swept.result.depth, evaluations: 0 }
      : refineDepth({
          ref: input.ref,
          sources: input.sources,
          warp: swept.warp,
          hypotheses: swept.hypotheses,
          depth: swept.result.depth,
          window: o.refineWindowSize,
          bestSources: sourcesAveraged(o.bestSources, input.sources.length),
          tiles: swept.tiles,
          iterations: o.refineIterations,
          offsets: o.refineOffsets,
          wideOffsets: o.refineWideOffsets,
          widePasses: o.refineWidePasses,
          offsetStep: o.refineOffsetStep,
          tolerance: o.refineTolerance,
          curvatureFloor: o.curvatureFloor,
        });
  const aligned = alignDepth({
    ref: input.ref,
    sources: input.sources,
    warp: swept.warp,
    hypotheses: swept.hypotheses,
    depth: refined.depth,
    tiles: swept.tiles,
    iterations: o.alignIterations,
    windowPasses: o.alignWindowPasses,
    maxUpdate: o.alignMaxUpdate,
    minCorrelation: o.alignMinCorrelation,
    edgeTolerance: o.alignEdgeTolerance,
    curvatureFloor: o.curvatureFloor,
  });
  const { stats } = swept.result;
  keepSmallUpdates(
    swept.result.depth,
    aligned.depth,
    (o.refineMinUpdate * (swept.hypotheses.max - swept.hypotheses.min)) / Math.max(1, swept.hypotheses.count - 1),
  );
  return {
    ...swept.result,
    depth: aligned.depth,
    stats: {
      evaluations: [...stats.evaluations, refined.evaluations + aligned.evaluations],
      tables: [...stats.tables, swept.warp.built],
      ms: [...stats.ms, performance.now() - t0],
    },
  };
}

interface SweptDepths {
  readonly result: ReferenceSweepResult;
  readonly warp: WarpTables;
  readonly hypotheses: DepthHypotheses;
  readonly tiles: readonly Rect[];
}

function sweepDepths(input: ReferenceSweepInput, o: ResolvedSweepOptions): SweptDepths {
  const { ref, sources } = input;
  const D = o.numDepths;
  const hyp = { min: input.range.min, max: input.range.max, count: D };
  const depths = depthHypotheses(hyp.min, hyp.max, D);
  const full = { scale: 1, width: ref.width, height: ref.height };
  const fineWarp = new WarpTables(input.refProjection, input.sourceProjections, depths, full, o.warpGrid);
  const tiles = tilesOf(ref.width, ref.height, o.tileSize, o.tileSize);
  const useCoarse = o.coarseToFine && D >= 8 * o.coarseDepthStride && o.coarseScale > 1 && ref.width >= 16 * o.coarseScale;
  if (!useCoarse) {
    const t0 = performance.now();
    const res = sweepTiles({
      ref,
      sources,
      warp: fineWarp,
      hypotheses: hyp,
      window: o.windowSize,
      cost: o.costFunction,
      tiles,
      bestSources: sourcesAveraged(o.bestSources, sources.length),
      band: () => [0, D - 1],
    });
    const result = {
      width: ref.width,
      height: ref.height,
      depth: res.depth,
      confidence: res.confidence,
      stats: { evaluations: [res.evaluations], tables: [fineWarp.built], ms: [performance.now() - t0] },
    };
    return { result, warp: fineWarp, hypotheses: hyp, tiles };
  }
  return { result: coarseToFine(input, o, hyp, depths, fineWarp, tiles), warp: fineWarp, hypotheses: hyp, tiles };
}

/** Edge of the blocks the rescue pass sweeps over every depth (small: the pixels to rescue come in small clusters). */
const RESCUE_BLOCK = 16;

function coarseToFine(
  input: ReferenceSweepInput,
  o: ResolvedSweepOptions,
  hyp: { min: number; max: number; count: number },
  depths: Float64Array,
  fineWarp: WarpTables,
  tiles: readonly Rect[],
): ReferenceSweepResult {
  const t0 = performance.now();
  const F = o.coarseScale;
  const { ref, sources } = input;
  const D = hyp.count;
  const cRef = downsamplePlane(ref, F);
  const cSources = sources.map((s) => downsamplePlane(s, F));
  const level = { scale: F, width: cRef.width, height: cRef.height };
  const coarseGrid = Math.max(2, Math.round(o.warpGrid / 2));
  const step = D > 1 ? (hyp.max - hyp.min) / (D - 1) : 1;
  const stride = o.coarseDepthStride;
  const cCount = Math.floor((D - 1) / stride) + 1;
  const cHyp = { min: hyp.min, max: hyp.min + (cCount - 1) * stride * step, count: cCount };
  const cDepths = depthHypotheses(cHyp.min, cHyp.max, cCount);
  const coarseWarp = new WarpTables(input.refProjection, input.sourceProjections, cDepths, level, coarseGrid);
  const coarse = sweepTiles({
    ref: cRef,
    sources: cSources,
    warp: coarseWarp,
    hypotheses: cHyp,
    window: o.coarseWindowSize,
    cost: o.costFunction,
    bestSources: sourcesAveraged(o.bestSources, sources.length),
    tiles: tilesOf(cRef.width, cRef.height, o.tileSize, o.tileSize),
    band: () => [0, cCount - 1],
    keepMeanCost: true,
  });
  const t2 = performance.now();
  const bands = tiles.map((t) => tileBand(t, F, cRef.width, cRef.height, coarse.depth, hyp.min, step, D, o.coarseMargin + stride - 1));
  const cw = cRef.width;
  const coarseMean = coarse.meanCost as Float32Array;
  const meanCost = (x: number, y: number): number =>
    coarseMean[Math.min(Math.floor(y / F), cRef.height - 1) * cw + Math.min(Math.floor(x / F), cw - 1)];
  const bestSources = sourcesAveraged(o.bestSources, sources.length);
  const fine = sweepTiles({
    ref,
    sources,
    warp: fineWarp,
    hypotheses: hyp,
    window: o.windowSize,
    cost: o.costFunction,
    tiles,
    bestSources,
    band: (t) => bands[t],
    meanCost,
    keepBestIndex: o.coarseRescue,
  });
  let evaluations = fine.evaluations;
  if (o.coarseRescue && fine.bestIndex !== undefined) {
    const tilesX = Math.ceil(ref.width / o.tileSize);
    const rescue = rescueBlocks({
      width: ref.width,
      height: ref.height,
      depthCount: D,
      depth: fine.depth,
      bestIndex: fine.bestIndex,
      block: RESCUE_BLOCK,
      minPerBlock: 3,
      bandAt: (x, y) => bands[Math.floor(y / o.tileSize) * tilesX + Math.floor(x / o.tileSize)],
      // Flat coarse cost: no source sees the pixel at any depth.
      unseen: (x, y) => meanCost(x, y) >= 0.999,
    });
    if (rescue.count > 0) {
      const again = sweepTiles({
        ref,
        sources,
        warp: fineWarp,
        hypotheses: hyp,
        window: o.windowSize,
        cost: o.costFunction,
        tiles: rescue.blocks.map((b) => b.rect),
        bestSources,
        band: (t) => rescue.blocks[t].band,
        meanCost,
      });
      for (let i = 0; i < rescue.pixels.length; i++) {
        if (rescue.pixels[i] === 0) continue;
        fine.depth[i] = again.depth[i];
        fine.confidence[i] = again.confidence[i];
      }
      evaluations += again.evaluations;
    }
  }
  return {
    width: ref.width,
    height: ref.height,
    depth: fine.depth,
    confidence: fine.confidence,
    stats: { evaluations: [coarse.evaluations, evaluations], tables: [coarseWarp.built, fineWarp.built], ms: [t2 - t0, performance.now() - t2] },
  };
}

/**
 * Depth-index band of a full-resolution tile from the coarse depths of the coarse pixels it covers (one coarse pixel
 * of slack): 5 %–95 % quantiles of the valid coarse indices ± `margin`, clamped to the hypothesis range; `null` when
 * no coarse pixel of the footprint is valid.
 */
function tileBand(
  tile: Rect,
  F: number,
  cw: number,
  ch: number,
  coarseDepth: Float32Array,
  min: number,
  step: number,
  D: number,
  margin: number,
): readonly [number, number] | null {
  const cx0 = Math.max(0, Math.floor(tile.x0 / F) - 1);
  const cy0 = Math.max(0, Math.floor(tile.y0 / F) - 1);
  const cx1 = Math.min(cw - 1, Math.floor((tile.x1 - 1) / F) + 1);
  const cy1 = Math.min(ch - 1, Math.floor((tile.y1 - 1) / F) + 1);
  const values: number[] = [];
  for (let y = cy0; y <= cy1; y++) {
    for (let x = cx0; x <= cx1; x++) {
      const d = coarseDepth[y * cw + x];
      if (d === d) values.push((d - min) / step);
    }
  }
  if (values.length === 0) return null;
  const sorted = Float64Array.from(values).sort();
  const lo = Math.max(0, Math.floor(quantile(sorted, 0.05)) - margin);
  const hi = Math.min(D - 1, Math.ceil(quantile(sorted, 0.95)) + margin);
  return [lo, hi];
}

/**
 * Where the refinement moved a pixel by less than `threshold` metres it only traded the sweep's large window for a
 * noisier small one on a locally planar surface: keep the sweep's depth there (in `refined`, in place).
 */
function keepSmallUpdates(swept: Float32Array, refined: Float32Array, threshold: number): void {
  if (!(threshold > 0)) return;
  for (let i = 0; i < refined.length; i++) {
    const s = swept[i];
    if (s === s && Math.abs(refined[i] - s) < threshold) refined[i] = s;
  }
}
