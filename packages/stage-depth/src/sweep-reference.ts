import type { DepthMap } from '@aquamvs/core';
import type { RefractiveProjection } from '@aquamvs/geometry';
import { downsamplePlane, type GreyPlane } from './grey-plane.js';
import { resolveSweepOptions, sourcesAveraged, type PlaneSweepOptions, type ResolvedSweepOptions } from './sweep-options.js';
import { sweepTiles, type TileSweepResult } from './sweep-tiles.js';
import { tilesOf, type Rect } from './tile-region.js';
import { WarpTables } from './warp-table.js';
import { alignDepth } from './align-depth.js';
import { keepSmallUpdates } from './keep-small-updates.js';
import { decideSteps } from './decide-steps.js';
import { refineDepth } from './refine-depth.js';
import { confidenceOfReturned } from './returned-confidence.js';
import { rescueBlocks } from './rescue-pixels.js';
import { depthHypotheses, type DepthHypotheses } from './depth-hypotheses.js';
import { matchConfidence } from './winner-take-all.js';
import { priorFits, priorSeed, type PriorUse, type SweepPrior } from './temporal-prior.js';

/** Distances (pixels) of the neighbours whose surfaces the step decision tries. */
const STEP_REACH = [1, 2, 3, 4, 5, 6];

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
  /**
   * The previous frame's depths of this camera (a recording): each tile is swept around them instead of around a
   * coarse sweep's estimates, unless the images disagree with them (then the reference is swept as without it).
   */
  readonly prior?: SweepPrior;
}

/** The coarse level's per-pixel mean cost over all depths (the fine confidence's denominator). */
export interface CoarseMeanCost {
  readonly meanCost: Float32Array;
  readonly width: number;
  readonly height: number;
  readonly scale: number;
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
    /** How the previous frame's depths were used, when the input had them. */
    readonly prior?: PriorUse;
  };
  /** The coarse mean cost the confidence used (coarse-to-fine sweeps only): the next frame's prior carries it. */
  readonly coarse?: CoarseMeanCost;
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
  if (o.refineIterations === 0 && o.alignIterations === 0 && o.stepRounds === 0) return swept.result;
  const t0 = performance.now();
  const bestSources = sourcesAveraged(o.bestSources, input.sources.length);
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
          bestSources,
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
    shapeFloor: o.alignShapeFloor,
    finalSmooth: o.alignFinalSmooth,
  });
  const decided = decideSteps({
    ref: input.ref,
    sources: input.sources,
    warp: swept.warp,
    hypotheses: swept.hypotheses,
    depth: aligned.depth,
    window: o.stepWindowSize,
    bestSources,
    tiles: swept.tiles,
    rounds: o.stepRounds,
    reach: STEP_REACH,
    edgeSteps: o.stepEdgeSteps,
    ...(swept.sweptFlat === undefined ? {} : { only: swept.sweptFlat }),
  });
  const { stats } = swept.result;
  const step = (swept.hypotheses.max - swept.hypotheses.min) / Math.max(1, swept.hypotheses.count - 1);
  // Moves below this keep the sweep's depth (plus the local bias) and its confidence.
  const minUpdate = o.refineMinUpdate * step;
  keepSmallUpdates(swept.result.depth, decided.depth, {
    width: input.ref.width,
    threshold: minUpdate,
    biasRadius: o.refineBiasRadius,
    biasFloor: o.refineBiasFloor * step,
    // Without passes there is no surface-following map to prefer (the step decision's moves are the sweep's own), and
    // the roughness maps would cost a `standard` reference ~0.15 s for nothing.
    roughnessRatio: o.refineIterations > 0 || o.alignIterations > 0 ? o.refineRoughnessRatio : Infinity,
  });
  const scored = confidenceOfReturned({
    ref: input.ref,
    sources: input.sources,
    warp: swept.warp,
    hypotheses: swept.hypotheses,
    tiles: swept.tiles,
    depth: decided.depth,
    sweptDepth: swept.result.depth,
    sweptConfidence: swept.result.confidence,
    threshold: minUpdate,
    meanCost: swept.meanCost,
    window: o.windowSize,
    bestSources,
    curvatureFloor: o.curvatureFloor,
  });
  return {
    ...swept.result,
    depth: decided.depth,
    confidence: scored.confidence,
    stats: {
      ...stats,
      evaluations: [...stats.evaluations, refined.evaluations + decided.evaluations + aligned.evaluations + scored.evaluations],
      tables: [...stats.tables, swept.warp.built],
      ms: [...stats.ms, performance.now() - t0],
    },
  };
}

interface SweptDepths {
  readonly result: ReferenceSweepResult;
  /**
   * Around a prior: the pixels whose depths came from a fronto-parallel sweep (the rescue). Everywhere else the window
   * followed the previous frame's surface, whose steps were decided then. `undefined`: every pixel was swept.
   */
  readonly sweptFlat?: Uint8Array;
  readonly warp: WarpTables;
  readonly hypotheses: DepthHypotheses;
  readonly tiles: readonly Rect[];
  /** Mean cost over all depths at a pixel: the confidence's denominator. */
  readonly meanCost: (x: number, y: number) => number;
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
      keepMeanCost: true,
    });
    const mean = res.meanCost as Float32Array;
    const result = {
      width: ref.width,
      height: ref.height,
      depth: res.depth,
      confidence: res.confidence,
      stats: { evaluations: [res.evaluations], tables: [fineWarp.built], ms: [performance.now() - t0] },
    };
    return { result, warp: fineWarp, hypotheses: hyp, tiles, meanCost: (x, y) => mean[y * ref.width + x] };
  }
  const prior = input.prior;
  if (prior !== undefined && priorFits(prior, ref.width, ref.height)) {
    const guided = aroundPrior(input, o, hyp, fineWarp, tiles, prior);
    if (guided.result !== null) {
      const meanCost = coarseLookup(guided.result.coarse as CoarseMeanCost);
      return { result: guided.result, sweptFlat: guided.sweptFlat, warp: fineWarp, hypotheses: hyp, tiles, meanCost };
    }
    const full = coarseToFine(input, o, hyp, depths, fineWarp, tiles);
    const meanCost = coarseLookup(full.coarse as CoarseMeanCost);
    return { result: { ...full, stats: { ...full.stats, prior: guided.use } }, warp: fineWarp, hypotheses: hyp, tiles, meanCost };
  }
  const result = coarseToFine(input, o, hyp, depths, fineWarp, tiles);
  return { result, warp: fineWarp, hypotheses: hyp, tiles, meanCost: coarseLookup(result.coarse as CoarseMeanCost) };
}

/**
 * The sweep of a recording's next frame: every pixel is searched `priorMargin` depth steps on each side of the
 * previous frame's depth, with a window that follows the previous surface (the refinement's surface-following
 * search), no coarse level, the confidence from the previous coarse mean cost. Pixels whose best offset lands on the
 * search's edge, or that had no depth, are swept beyond it (the coarse-to-fine rescue); when more than
 * `priorMaxDisagreement` of the pixels land on the edge, the scene changed (`result: null`) and the caller sweeps
 * the reference in full.
 */
function aroundPrior(
  input: ReferenceSweepInput,
  o: ResolvedSweepOptions,
  hyp: { min: number; max: number; count: number },
  fineWarp: WarpTables,
  tiles: readonly Rect[],
  prior: SweepPrior,
): { result: ReferenceSweepResult | null; use: PriorUse; sweptFlat?: Uint8Array } {
  const t0 = performance.now();
  const { ref, sources } = input;
  const W = ref.width;
  const D = hyp.count;
  const step = D > 1 ? (hyp.max - hyp.min) / (D - 1) : 1;
  // Offsets each side of the prior, spread over ±priorMargin steps (the parabola refines between them).
  const J = PRIOR_OFFSETS;
  const spacing = o.priorMargin / J;
  const coarse: CoarseMeanCost = {
    meanCost: prior.coarseMeanCost,
    width: prior.coarseWidth,
    height: prior.coarseHeight,
    scale: prior.coarseScale,
  };
  const meanCost = coarseLookup(coarse);
  const bestSources = sourcesAveraged(o.bestSources, sources.length);
  // Small holes of the previous map (a rejected pixel, a speck) are searched around their neighbours' depths; wider
  // ones are swept afresh below.
  const seed = priorSeed(prior, PRIOR_HOLE_FILL);
  const search = (part: readonly Rect[]): ReturnType<typeof refineDepth> =>
    refineDepth({
      ref,
      sources,
      warp: fineWarp,
      hypotheses: hyp,
      depth: seed,
      window: o.windowSize,
      bestSources,
      tiles: part,
      iterations: 1,
      offsets: J,
      offsetStep: spacing,
      tolerance: 0,
      keepOffsets: true,
    });
  const unseen = (x: number, y: number): boolean => meanCost(x, y) >= 0.999;
  // A sudden change shows on any part of the image: a quarter of the tiles decide first, so a frame of another
  // scene costs a quarter of the search before the full sweep, not all of it.
  const probeTiles = tiles.filter((_, t) => t % PRIOR_PROBE_STRIDE === 0);
  const probe = search(probeTiles);
  const probeShare = edgeShare(probe.offsets as Int8Array, seed, prior.depth, probeTiles, W, hyp, step, J, unseen);
  if (probeShare > o.priorMaxDisagreement)
    return { result: null, use: { frame: prior.frame, used: false, disagreement: probeShare, evaluations: probe.evaluations } };
  const restTiles = tiles.filter((_, t) => t % PRIOR_PROBE_STRIDE !== 0);
  const rest = search(restTiles);
  const searched = { depth: rest.depth, cost: rest.cost, offsets: rest.offsets as Int8Array, evaluations: probe.evaluations + rest.evaluations };
  copyTiles(probe, searched, probeTiles, W);
  const offsets = searched.offsets;
  const N = W * ref.height;
  const depth = new Float32Array(N).fill(Number.NaN);
  const confidence = new Float32Array(N);
  // In the rescue's terms: the band searched per pixel (depth indices around the prior), and where its minimum lay.
  const centre = new Int16Array(N).fill(-1);
  const bestIndex = new Int16Array(N).fill(-1);
  const hole = (i: number): boolean => prior.depth[i] !== prior.depth[i];
  for (let i = 0; i < N; i++) {
    const p = seed[i];
    if (p !== p) continue;
    const x = i % W;
    const y = (i - x) / W;
    if (unseen(x, y)) continue;
    const k = Math.round((p - hyp.min) / step);
    if (k < 0 || k > D - 1) continue;
    const j = offsets[i];
    if (j === -128) continue;
    if (!hole(i)) centre[i] = k;
    const kBest = k + Math.round(j * spacing);
    bestIndex[i] = kBest;
    // On the edge: rescued below, or, for a hole that finds no minimum near its neighbours, rejected as before.
    if (j <= -J || j >= J) continue;
    // At either end of the hypotheses: rejected, as a cold sweep's minimum on its first or last depth is.
    if (kBest <= 0 || kBest >= D - 1) continue;
    depth[i] = searched.depth[i];
    confidence[i] = matchConfidence(searched.cost[i], meanCost(x, y));
  }
  const disagreement = edgeShare(offsets, seed, prior.depth, tiles, W, hyp, step, J, unseen);
  const use = { frame: prior.frame, used: disagreement <= o.priorMaxDisagreement, disagreement, evaluations: searched.evaluations };
  if (!use.used) return { result: null, use };
  const bandAt = (x: number, y: number): readonly [number, number] | null => {
    const k = centre[y * W + x];
    return k < 0 ? null : [k - o.priorMargin, k + o.priorMargin];
  };
  const fine = { depth, confidence, bestIndex };
  const skip = (x: number, y: number): boolean => unseen(x, y) || hole(y * W + x) || offsets[y * W + x] === -128;
  const rescued = rescue(input, o, hyp, fineWarp, fine, bandAt, meanCost, skip, PRIOR_RESCUE);
  // The prior's wide holes (a fish that swam off, a region rejected in the last frame) have no depth to search
  // around: swept afresh, or they would stay empty while the prior holds.
  // The seed first: on most frames no pixel is in a wide hole, and the scan below then reads one array.
  const inWideHole = (x: number, y: number): boolean => seed[y * W + x] !== seed[y * W + x] && !unseen(x, y);
  const refilled = sweepHoles(input, o, hyp, fineWarp, fine, prior.depth, inWideHole, meanCost);
  const evaluations = searched.evaluations + rescued.evaluations + refilled.evaluations;
  return {
    result: {
      width: W,
      height: ref.height,
      depth,
      confidence,
      stats: { evaluations: [evaluations], tables: [fineWarp.built], ms: [performance.now() - t0], prior: use },
      coarse,
    },
    use,
    sweptFlat: union(rescued.pixels, refilled.pixels, N),
  };
}

/**
 * A cold sweep's fine level and rescue, over the prior's wide holes: 16×16 blocks holding ≥ 3 such pixels, each swept
 * over the depths the prior has within `HOLE_CONTEXT` pixels of it (5–95 % quantiles ± the coarse-to-fine margin, as
 * a cold tile's band comes from its coarse depths; every depth where the prior has none), then the pixels whose
 * minimum fell on the band's edge swept beyond it, as the cold rescue does. Writes the hole pixels into `fine`;
 * returns the evaluations and those pixels (1), `null` when there were none.
 */
function sweepHoles(
  input: ReferenceSweepInput,
  o: ResolvedSweepOptions,
  hyp: { min: number; max: number; count: number },
  fineWarp: WarpTables,
  fine: { depth: Float32Array; confidence: Float32Array },
  priorDepth: Float32Array,
  inHole: (x: number, y: number) => boolean,
  meanCost: (x: number, y: number) => number,
): { evaluations: number; pixels: Uint8Array | null } {
  const { ref } = input;
  const W = ref.width;
  const H = ref.height;
  const D = hyp.count;
  const step = D > 1 ? (hyp.max - hyp.min) / (D - 1) : 1;
  const margin = o.coarseMargin + o.coarseDepthStride - 1;
  const blocksX = Math.ceil(W / RESCUE_BLOCK);
  const bandOf = new Map<number, readonly [number, number]>();
  const blocks: Rect[] = [];
  for (const b of tilesOf(W, H, RESCUE_BLOCK, RESCUE_BLOCK)) {
    let n = 0;
    for (let y = b.y0; y < b.y1; y++) for (let x = b.x0; x < b.x1; x++) if (inHole(x, y)) n++;
    if (n < HOLE_MIN_PER_BLOCK) continue;
    const around = { x0: b.x0 - HOLE_CONTEXT, y0: b.y0 - HOLE_CONTEXT, x1: b.x1 + HOLE_CONTEXT, y1: b.y1 + HOLE_CONTEXT };
    bandOf.set((b.y0 / RESCUE_BLOCK) * blocksX + b.x0 / RESCUE_BLOCK, tileBand(around, 1, W, H, priorDepth, hyp.min, step, D, margin) ?? [0, D - 1]);
    blocks.push(b);
  }
  if (blocks.length === 0) return { evaluations: 0, pixels: null };
  const bandAt = (x: number, y: number): readonly [number, number] | null =>
    bandOf.get(Math.floor(y / RESCUE_BLOCK) * blocksX + Math.floor(x / RESCUE_BLOCK)) ?? null;
  const swept = fineSweep(input, o, hyp, fineWarp, blocks, (t) => bandAt(blocks[t].x0, blocks[t].y0), meanCost, true);
  const pixels = new Uint8Array(W * H);
  for (const b of blocks) {
    for (let y = b.y0; y < b.y1; y++) {
      for (let x = b.x0; x < b.x1; x++) {
        if (!inHole(x, y)) continue;
        const i = y * W + x;
        pixels[i] = 1;
        fine.depth[i] = swept.depth[i];
        fine.confidence[i] = swept.confidence[i];
      }
    }
  }
  const outside = (x: number, y: number): boolean => pixels[y * W + x] === 0;
  const beyond = rescue(input, o, hyp, fineWarp, { ...fine, bestIndex: swept.bestIndex }, bandAt, meanCost, outside);
  return { evaluations: swept.evaluations + beyond.evaluations, pixels };
}

/** The fine level's banded sweep of `tiles`: the reference's window and cost, the best sources averaged. */
function fineSweep(
  input: ReferenceSweepInput,
  o: ResolvedSweepOptions,
  hypotheses: { min: number; max: number; count: number },
  warp: WarpTables,
  tiles: readonly Rect[],
  band: (t: number) => readonly [number, number] | null,
  meanCost: (x: number, y: number) => number,
  keepBestIndex = false,
): TileSweepResult {
  return sweepTiles({
    ref: input.ref,
    sources: input.sources,
    warp,
    hypotheses,
    window: o.windowSize,
    cost: o.costFunction,
    tiles,
    bestSources: sourcesAveraged(o.bestSources, input.sources.length),
    band,
    meanCost,
    keepBestIndex,
  });
}

/** Pixels around a block of a prior's hole whose depths give the band it is swept over. */
const HOLE_CONTEXT = 16;

/** Blocks with fewer hole pixels are left alone, as the rescue leaves scattered pixels. */
const HOLE_MIN_PER_BLOCK = 3;

/** Pixels set in either mask (1), as one mask of `n` pixels. */
function union(a: Uint8Array | null, b: Uint8Array | null, n: number): Uint8Array {
  const out = a ?? new Uint8Array(n);
  if (b !== null) for (let i = 0; i < n; i++) out[i] |= b[i];
  return out;
}

/**
 * The rescue of the pixels whose best depth lay on the edge of the search around the prior: 8×8 blocks (they are
 * scattered), 8 depth steps beyond the edge (a bed that moved farther between two frames is a sudden change, which
 * the disagreement share catches).
 */
const PRIOR_RESCUE = { block: 8, minPerBlock: 3, reach: 8 };

/** Offsets searched on each side of the prior (spread over `priorMargin` steps; the parabola refines between them). */
const PRIOR_OFFSETS = 2;

/** Every n-th tile searches around the prior first, to catch a sudden change cheaply. */
const PRIOR_PROBE_STRIDE = 4;

/**
 * Share of the pixels of `tiles` that had a depth in the prior (not a filled hole) and are seen, whose best offset
 * lay on the search's edge (±`J`).
 */
function edgeShare(
  offsets: Int8Array,
  seed: Float32Array,
  priorDepth: Float32Array,
  tiles: readonly Rect[],
  W: number,
  hyp: { min: number; count: number },
  step: number,
  J: number,
  unseen: (x: number, y: number) => boolean,
): number {
  let searched = 0;
  let onEdge = 0;
  for (const t of tiles) {
    for (let y = t.y0; y < t.y1; y++) {
      for (let x = t.x0; x < t.x1; x++) {
        const i = y * W + x;
        const p = priorDepth[i];
        if (p !== p || seed[i] !== seed[i] || unseen(x, y)) continue;
        const k = Math.round((p - hyp.min) / step);
        if (k < 0 || k > hyp.count - 1 || offsets[i] === -128) continue;
        searched++;
        if (offsets[i] <= -J || offsets[i] >= J) onEdge++;
      }
    }
  }
  return searched === 0 ? 1 : onEdge / searched;
}

/** Copies the depth, cost and offsets of `tiles` from one search result into another. */
function copyTiles(
  from: { depth: Float32Array; cost: Float32Array; offsets?: Int8Array },
  to: { depth: Float32Array; cost: Float32Array; offsets: Int8Array },
  tiles: readonly Rect[],
  W: number,
): void {
  for (const t of tiles) {
    for (let y = t.y0; y < t.y1; y++) {
      const a = y * W + t.x0;
      const b = y * W + t.x1;
      to.depth.set(from.depth.subarray(a, b), a);
      to.cost.set(from.cost.subarray(a, b), a);
      if (from.offsets !== undefined) to.offsets.set(from.offsets.subarray(a, b), a);
    }
  }
}

/** Pixels a hole of the prior is filled across (from each side). */
const PRIOR_HOLE_FILL = 4;

/** Per-pixel lookup of a coarse mean cost on the full-resolution grid. */
function coarseLookup(coarse: CoarseMeanCost): (x: number, y: number) => number {
  const { meanCost, width: cw, height: ch, scale: F } = coarse;
  return (x, y) => meanCost[Math.min(Math.floor(y / F), ch - 1) * cw + Math.min(Math.floor(x / F), cw - 1)];
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
  const coarseCost: CoarseMeanCost = { meanCost: coarse.meanCost as Float32Array, width: cRef.width, height: cRef.height, scale: F };
  const meanCost = coarseLookup(coarseCost);
  const fine = fineSweep(input, o, hyp, fineWarp, tiles, (t) => bands[t], meanCost, o.coarseRescue);
  let evaluations = fine.evaluations;
  if (o.coarseRescue && fine.bestIndex !== undefined) {
    const tilesX = Math.ceil(ref.width / o.tileSize);
    const bandAt = (x: number, y: number): readonly [number, number] | null =>
      bands[Math.floor(y / o.tileSize) * tilesX + Math.floor(x / o.tileSize)];
    // Flat coarse cost: no source sees the pixel at any depth.
    evaluations += rescue(input, o, hyp, fineWarp, fine, bandAt, meanCost, (x, y) => meanCost(x, y) >= 0.999).evaluations;
  }
  return {
    width: ref.width,
    height: ref.height,
    depth: fine.depth,
    confidence: fine.confidence,
    stats: { evaluations: [coarse.evaluations, evaluations], tables: [coarseWarp.built, fineWarp.built], ms: [t2 - t0, performance.now() - t2] },
    coarse: coarseCost,
  };
}

/**
 * Sweeps again, beyond the band edge, the pixels the banded pass rejected although a source sees them (their minimum
 * fell on the edge: the truth lies beyond it), in small blocks; writes them into `fine`. Returns the evaluations
 * and the pixels it swept again (1), `null` when none.
 */
function rescue(
  input: ReferenceSweepInput,
  o: ResolvedSweepOptions,
  hyp: { min: number; max: number; count: number },
  fineWarp: WarpTables,
  fine: { depth: Float32Array; confidence: Float32Array; bestIndex: Int16Array | undefined },
  bandAt: (x: number, y: number) => readonly [number, number] | null,
  meanCost: (x: number, y: number) => number,
  unseen: (x: number, y: number) => boolean,
  blocks: { readonly block: number; readonly minPerBlock: number; readonly reach?: number } = { block: RESCUE_BLOCK, minPerBlock: 3 },
): { evaluations: number; pixels: Uint8Array | null } {
  if (fine.bestIndex === undefined) return { evaluations: 0, pixels: null };
  const { ref } = input;
  const found = rescueBlocks({
    width: ref.width,
    height: ref.height,
    depthCount: hyp.count,
    depth: fine.depth,
    bestIndex: fine.bestIndex,
    bandAt,
    unseen,
    ...blocks,
  });
  if (found.count === 0) return { evaluations: 0, pixels: null };
  const again = fineSweep(
    input,
    o,
    hyp,
    fineWarp,
    found.blocks.map((b) => b.rect),
    (t) => found.blocks[t].band,
    meanCost,
  );
  for (let i = 0; i < found.pixels.length; i++) {
    if (found.pixels[i] === 0) continue;
    fine.depth[i] = again.depth[i];
    fine.confidence[i] = again.confidence[i];
  }
  return { evaluations: again.evaluations, pixels: found.pixels };
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
