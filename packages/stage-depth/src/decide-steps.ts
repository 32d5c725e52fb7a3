import type { FinishedSweep } from './finished-sweep.js';
import { haloOf, tilesOf, type Rect } from './tile-region.js';
import { SurfaceWarp } from './surface-warp.js';
import { sweepKernels } from './sweep-kernels.js';

/** What {@link decideSteps} needs: a finished sweep (its depth is the map to decide) and the decision's settings. */
export interface DecideStepsInput extends FinishedSweep {
  /** Odd cost window of the decision: small, so that a window beside a step fits on one side of it. */
  readonly window: number;
  readonly bestSources: number;
  /** Decision rounds; each lets a step move by up to the largest reach. */
  readonly rounds: number;
  /** Distances (pixels) of the neighbours whose surfaces a pixel near a step tries, in 8 directions. */
  readonly reach: readonly number[];
  /** Second difference (depth steps) over up to the largest reach that marks a pixel as near a step. */
  readonly edgeSteps: number;
  /** Pixels that may be decided (1); the others keep their depths. @default every pixel */
  readonly only?: Uint8Array;
}

/** Decided depth plus the work done. */
export interface DecideStepsResult {
  readonly depth: Float32Array;
  /** Pixel × candidate × source cost evaluations. */
  readonly evaluations: number;
  /** Pixels that took a neighbour's surface. */
  readonly changed: number;
}

/** Above this share of near-step pixels a tile is noise, not steps, and is left as it is. */
const MAX_NEAR_SHARE = 0.6;
/** Edge of the blocks the decision sweeps (only blocks with pixels near a step). */
const BLOCK = 16;
/**
 * Window centres within this many pixels of a pixel compete for it (a shiftable window): one of them lies on the
 * pixel's side of a step. 2 lifted the `ci` rock further but wore down the nest's mound flanks.
 */
const SHIFT = 1;

/** The 8 directions a pixel looks for the surfaces beside it, as (dx, dy) pairs. */
const DIRECTION_STEPS = Int8Array.of(1, 0, -1, 0, 0, 1, 0, -1, 1, 1, -1, -1, 1, -1, -1, 1);

/**
 * Decides which side of a step each pixel near it belongs to. A sweep window that straddles a step (a rock's rim, a
 * ledge, a pit's wall, a top's occluding edge) is matched best by the more textured side, so that side's depth spreads
 * a few pixels over the other ("fattening": rims 7–9 mm too deep on the `ci` rig), and the surface-following passes,
 * which shift a whole window, wear such a band down only slowly. Here every pixel near a step (a large second
 * difference of the depth) chooses between its own depth and the depths of its neighbours up to `reach` pixels away in
 * 8 directions, by the cost of a small fronto-parallel window at each (one small-window sweep of each 16×16 block over
 * the depths its candidates span), the best of the windows centred within {@link SHIFT} pixels: a small window beside
 * a step fits on one side of it, so the side that matches wins. The own depth also competes with windows that follow
 * the own surface, so slopes and mound flanks, where a fronto-parallel window fits worse, keep their depths. Measured
 * on the `ci` rig in docs/benchmarks.md (issue 19).
 */
export function decideSteps(input: DecideStepsInput): DecideStepsResult {
  const { ref, sources, warp, hypotheses, window, tiles } = input;
  const W = ref.width;
  const H = ref.height;
  const S = sources.length;
  const k = Math.min(S, Math.max(1, input.bestSources));
  const step = hypotheses.count > 1 ? (hypotheses.max - hypotheses.min) / (hypotheses.count - 1) : 0;
  let current = input.depth;
  let evaluations = 0;
  let changed = 0;
  if (step === 0 || S === 0 || input.rounds === 0 || input.reach.length === 0 || (input.only !== undefined && !input.only.includes(1)))
    return { depth: Float32Array.from(current), evaluations, changed };
  const r = window >> 1;
  const kernels = sweepKernels(window, sources);
  const surfaceWarp = new SurfaceWarp(warp, hypotheses, kernels);
  const reach = Math.max(...input.reach);
  // The tile's noise test below counts every pixel near a step; `only` limits which of them may change.
  const only = input.only;
  const index = (d: number): number => (d - hypotheses.min) / step;
  // Only tiles holding a pixel that may change are decided (the others' steps are not looked for).
  const active = tilesHolding(tiles, only, W);
  const nearRegions = only === undefined ? [{ x0: 0, y0: 0, x1: W, y1: H }] : active;
  for (let round = 0; round < input.rounds; round++) {
    const near = kernels.nearSteps(current, W, H, reach, input.edgeSteps * step, nearRegions);
    const next = Float32Array.from(current);
    let moved = 0;
    for (const tile of active) {
      let count = 0;
      for (let y = tile.y0; y < tile.y1; y++) for (let x = tile.x0; x < tile.x1; x++) count += near[y * W + x];
      // Where most of a tile is "near a step" the map is noise, not steps (a region the sources hardly see): the
      // decision cannot help there and would cost a full small-window sweep of the tile.
      if (count === 0 || count > MAX_NEAR_SHARE * (tile.x1 - tile.x0) * (tile.y1 - tile.y0)) continue;
      for (const block of tilesWithin(tile, BLOCK)) {
        // The depth indices the block's candidates span: its near pixels' own depths and their neighbours'.
        let lo = Infinity;
        let hi = -Infinity;
        let nearCount = 0;
        for (let y = block.y0; y < block.y1; y++) {
          for (let x = block.x0; x < block.x1; x++) {
            if (near[y * W + x] === 0 || (only !== undefined && only[y * W + x] === 0)) continue;
            nearCount++;
            forEachCandidate(current, W, H, x, y, input.reach, (d) => {
              const f = index(d);
              if (f < lo) lo = f;
              if (f > hi) hi = f;
            });
          }
        }
        if (nearCount === 0) continue;
        const k0 = Math.max(0, Math.floor(lo));
        const k1 = Math.min(hypotheses.count - 1, Math.ceil(hi));
        // Only the depths that some candidate's interpolation reads: a block's candidates cluster on the two sides of
        // its steps, and the span between them (a third of it on the `standard` flat bed) is never read.
        const needed = neededSlices(block, near, only, current, W, H, input.reach, (d) => index(d) - k0, k1 - k0);
        // Costs over the block grown by the window shift, so that a pixel can take the best window around it.
        const area = haloOf(block, SHIFT, W, H);
        const tw = area.x1 - area.x0;
        const n = tw * (area.y1 - area.y0);
        const halo = haloOf(area, r, W, H);
        const haloSize = (halo.x1 - halo.x0) * (halo.y1 - halo.y0);
        const volume = new Float32Array((k1 - k0 + 1) * n);
        let slices = 0;
        for (let kk = k0; kk <= k1; kk++) {
          if (needed[kk - k0] === 0) continue;
          slices++;
          for (let s = 0; s < S; s++) {
            const invalid = kernels.warp(warp, s, kk, halo);
            if (invalid === haloSize) kernels.constantInto(s, true, 1, n);
            else kernels.nccInto(s, true, ref, halo, area, invalid === 0);
          }
          volume.set(kernels.sumLowest(k, n), (kk - k0) * n);
        }
        // The own depth also with a window that follows the own surface: on a slope or a mound's flank that fits better
        // than any fronto-parallel window, so a neighbour's depth does not win there by the window's tilt.
        const follow = new Float32Array(n);
        const onSurface = surfaceWarp.setSurface(current, W, halo);
        for (let s = 0; s < S; s++) {
          if (!onSurface) {
            kernels.constantInto(s, true, 1, n);
            continue;
          }
          surfaceWarp.load(s);
          const invalid = kernels.warpShifted(s, 0, haloSize);
          if (invalid === haloSize) kernels.constantInto(s, true, 1, n);
          else kernels.nccInto(s, true, ref, halo, area, invalid === 0);
        }
        follow.set(kernels.sumLowest(k, n));
        evaluations += (slices + 1) * n * S;
        const last = k1 - k0;
        for (let y = block.y0; y < block.y1; y++) {
          // The windows whose centre lies within SHIFT pixels compete for a pixel: beside a step one of them fits on
          // one side. Their centres' rows and columns in the block's area.
          const qy0 = Math.max(area.y0, y - SHIFT) - area.y0;
          const qy1 = Math.min(area.y1 - 1, y + SHIFT) - area.y0;
          for (let x = block.x0; x < block.x1; x++) {
            const o = y * W + x;
            if (near[o] === 0 || (only !== undefined && only[o] === 0)) continue;
            const qx0 = Math.max(area.x0, x - SHIFT) - area.x0;
            const qx1 = Math.min(area.x1 - 1, x + SHIFT) - area.x0;
            const own = current[o];
            // The own depth counts with the better of a fronto-parallel window and one that follows the own surface: on a
            // slope or a mound's flank the latter fits better, so a neighbour's depth does not win there by the tilt.
            let best = Math.min(
              bestWindowAt(volume, n, last, index(own) - k0, tw, qx0, qx1, qy0, qy1),
              bestWindowAt(follow, n, 0, 0, tw, qx0, qx1, qy0, qy1),
            );
            let chosen = own;
            for (const j of input.reach) {
              for (let e = 0; e < 16; e += 2) {
                const nx = x + j * DIRECTION_STEPS[e];
                const ny = y + j * DIRECTION_STEPS[e + 1];
                if (nx < 0 || ny < 0 || nx >= W || ny >= H) continue;
                const d = current[ny * W + nx];
                // A neighbour within a step of the pixel's own depth is no decision.
                if (d !== d || Math.abs(d - own) < step) continue;
                const c = bestWindowAt(volume, n, last, index(d) - k0, tw, qx0, qx1, qy0, qy1);
                if (c < best) {
                  best = c;
                  chosen = d;
                }
              }
            }
            if (chosen !== own) {
              next[o] = chosen;
              moved++;
            }
          }
        }
      }
    }
    changed += moved;
    current = next;
    if (moved === 0) break;
  }
  return { depth: current, evaluations, changed };
}

/**
 * 1 for each depth slice (index from the block's lowest, `0 … last`) that the decision's linear interpolation reads for
 * the block's near pixels: both slices around their own depths and their candidates' (see `bestWindowAt`).
 */
function neededSlices(
  block: Rect,
  near: Uint8Array,
  only: Uint8Array | undefined,
  depth: Float32Array,
  W: number,
  H: number,
  reach: readonly number[],
  slice: (d: number) => number,
  last: number,
): Uint8Array {
  const needed = new Uint8Array(last + 1);
  const mark = (d: number): void => {
    const f = slice(d);
    if (!(f >= 0 && f <= last)) return;
    const a = Math.min(last - 1, Math.floor(f));
    if (a < 0) {
      needed[0] = 1;
      return;
    }
    needed[a] = 1;
    needed[a + 1] = 1;
  };
  for (let y = block.y0; y < block.y1; y++) {
    for (let x = block.x0; x < block.x1; x++) {
      const o = y * W + x;
      if (near[o] === 0 || (only !== undefined && only[o] === 0)) continue;
      mark(depth[o]);
      forEachCandidate(depth, W, H, x, y, reach, mark);
    }
  }
  return needed;
}

/** Calls `visit` with the valid depths of (x, y)'s neighbours at each distance of `reach` in the 8 directions. */
function forEachCandidate(
  depth: Float32Array,
  W: number,
  H: number,
  x: number,
  y: number,
  reach: readonly number[],
  visit: (d: number) => void,
): void {
  for (const j of reach) {
    for (let e = 0; e < 16; e += 2) {
      const nx = x + j * DIRECTION_STEPS[e];
      const ny = y + j * DIRECTION_STEPS[e + 1];
      if (nx < 0 || ny < 0 || nx >= W || ny >= H) continue;
      const d = depth[ny * W + nx];
      if (d === d) visit(d);
    }
  }
}

/**
 * The lowest cost of the windows centred at the area's columns `qx0…qx1` and rows `qy0…qy1` (area `tw` wide, `n`
 * pixels a slice) at fractional slice `f` of `volume` (slices `0…last`): linear between the two slices around `f`;
 * Infinity outside them. With one slice (`last` 0) its costs as they are.
 */
function bestWindowAt(
  volume: Float32Array,
  n: number,
  last: number,
  f: number,
  tw: number,
  qx0: number,
  qx1: number,
  qy0: number,
  qy1: number,
): number {
  if (!(f >= 0 && f <= last)) return Infinity;
  const a = Math.min(last - 1, Math.floor(f));
  const t = f - a;
  const lo = a * n;
  const hi = lo + n;
  let best = Infinity;
  for (let qy = qy0; qy <= qy1; qy++) {
    for (let q = qy * tw + qx0; q <= qy * tw + qx1; q++) {
      const c = a < 0 ? volume[q] : (1 - t) * volume[lo + q] + t * volume[hi + q];
      if (c < best) best = c;
    }
  }
  return best;
}

/** The tiles holding a pixel of `only` (all of them without it). */
function tilesHolding(tiles: readonly Rect[], only: Uint8Array | undefined, W: number): readonly Rect[] {
  if (only === undefined) return tiles;
  return tiles.filter((t) => {
    for (let y = t.y0; y < t.y1; y++) if (only.subarray(y * W + t.x0, y * W + t.x1).includes(1)) return true;
    return false;
  });
}

/** `rect` split into blocks of at most `size × size`. */
function tilesWithin(rect: Rect, size: number): Rect[] {
  return tilesOf(rect.x1 - rect.x0, rect.y1 - rect.y0, size, size).map((b) => ({
    x0: rect.x0 + b.x0,
    y0: rect.y0 + b.y0,
    x1: rect.x0 + b.x1,
    y1: rect.y0 + b.y1,
  }));
}
