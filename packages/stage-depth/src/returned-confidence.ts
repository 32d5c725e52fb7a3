import type { FinishedSweep } from './finished-sweep.js';
import { refineDepth } from './refine-depth.js';
import type { Rect } from './tile-region.js';
import { matchConfidence } from './winner-take-all.js';

/** What {@link confidenceOfReturned} needs besides the finished sweep, whose `depth` is the one returned. */
export interface ReturnedConfidenceInput extends FinishedSweep {
  /** The sweep's own depths and confidences (fronto-parallel windows); the confidences are updated in place. */
  readonly sweptDepth: Float32Array;
  readonly sweptConfidence: Float32Array;
  /** A pixel whose depth moved at least this far (metres) from the sweep's has its confidence measured again. */
  readonly threshold: number;
  /** Mean cost over all depths at pixel (x, y): the confidence's denominator, as the sweep used it. */
  readonly meanCost: (x: number, y: number) => number;
  readonly window: number;
  readonly bestSources: number;
  /** Curvature (depth steps) above which the window keeps relief's shape, as the refinement's. */
  readonly curvatureFloor: number;
}

/** Confidences of the returned depths (the `sweptConfidence` array, updated), plus the cost evaluations spent on them. */
export interface ReturnedConfidence {
  readonly confidence: Float32Array;
  readonly evaluations: number;
}

/**
 * The confidence of the depth a reference returns, not of the depth its sweep found. Where the refinement, alignment
 * or step decision moved a pixel (a mound top, a rock's wall), the sweep's confidence judged a fronto-parallel window
 * at a depth that is no longer there — on a wall its cost curve had no clear minimum, so a depth the passes then got
 * right within millimetres kept confidence 0 and `min_confidence` dropped it. Those pixels are scored again with the
 * reference's formula (§3.8): the cost of the returned surface under a window that follows it, against the same mean
 * cost over depths the sweep used. Pixels the passes left where the sweep put them keep the sweep's confidence.
 */
export function confidenceOfReturned(input: ReturnedConfidenceInput): ReturnedConfidence {
  const { sweptDepth, depth: returned, threshold, ref } = input;
  const W = ref.width;
  const moved = (i: number): boolean => {
    const d = returned[i];
    return d === d && !(Math.abs(d - sweptDepth[i]) < threshold);
  };
  const confidence = input.sweptConfidence;
  const tiles = input.tiles.filter((t) => tileHas(t, moved, W));
  if (tiles.length === 0) return { confidence, evaluations: 0 };
  // One pass with no offset: the cost of the returned surface itself, under a window that follows it.
  const scored = refineDepth({
    ...input,
    tiles,
    iterations: 1,
    offsets: 0,
    offsetStep: 1,
    tolerance: 0,
  });
  for (let i = 0; i < returned.length; i++) {
    if (!moved(i)) continue;
    const c = scored.cost[i];
    const x = i % W;
    confidence[i] = c === c ? matchConfidence(c, input.meanCost(x, (i - x) / W)) : 0;
  }
  return { confidence, evaluations: scored.evaluations };
}

function tileHas(tile: Rect, moved: (i: number) => boolean, W: number): boolean {
  for (let y = tile.y0; y < tile.y1; y++) for (let x = tile.x0; x < tile.x1; x++) if (moved(y * W + x)) return true;
  return false;
}
