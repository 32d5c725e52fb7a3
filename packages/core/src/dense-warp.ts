/** The dense-warp vocabulary of the RoMa pathways (spec §3.9): produced by `dense-matching`, read by `roma-depth`. */

/**
 * How warp cells and normalised coordinates map to pixels of the undistorted (K_new, pixel-centre-at-integer) grid.
 * - `centre` (default, fixes spec §9.1): cell `(i, j)` is the pixel `((j + ½)·W/W_w − ½, (i + ½)·H/H_w − ½)` and a
 *   normalised `x ∈ [−1, 1]` (edges of the image, `align_corners=False`) is the pixel `(x + 1)/2·W − ½`.
 * - `corner` (the reference's mapping, spec §3.9): cell `(i, j)` ↦ `(j·W/W_w, i·H/H_w)`, `x` ↦ `(x + 1)/2·W`.
 */
export type WarpPixelConvention = 'centre' | 'corner';

/** One directed pair's dense warp on a `width`×`height` grid over the reference image. */
export interface DenseWarp {
  readonly width: number;
  readonly height: number;
  /** H_w×W_w×2, row-major: normalised `(x, y)` in [−1, 1] of the source image for each reference cell. */
  readonly warp: Float32Array;
  /** H_w×W_w certainty (RoMa `overlap`), higher = more certain. */
  readonly certainty: Float32Array;
}

/** A directed camera pair: the warp maps reference cells into the source image. */
export interface DensePair {
  readonly ref: string;
  readonly src: string;
}

/**
 * The frame's dense matcher. Warps are computed on demand, one at a time, so a consumer can turn each warp into a
 * compact result at once and never hold all of them (spec §8.2).
 */
export interface DenseWarpSource {
  /** Directed pairs of the frame: every ring reference (sorted) × its selected sources (spec §3.4). */
  readonly pairs: readonly DensePair[];
  /** Pixel convention of the warps. */
  readonly convention: WarpPixelConvention;
  /** Runs the matcher on `ref → src`; `run` wraps the inference in a profiler span of the caller. */
  warp(ref: string, src: string, run?: <T>(name: string, fn: () => Promise<T>) => Promise<T>): Promise<DenseWarp>;
}

/** Offsets `a·index + b` of a warp grid axis with `cells` cells over an image axis of `size` pixels. */
export function cellAxis(cells: number, size: number, convention: WarpPixelConvention): { scale: number; offset: number } {
  const scale = size / cells;
  return convention === 'corner' ? { scale, offset: 0 } : { scale, offset: 0.5 * scale - 0.5 };
}

/** Pixel coordinate of the normalised coordinate `x ∈ [−1, 1]` on an image axis of `size` pixels. */
export function normalisedToPixel(x: number, size: number, convention: WarpPixelConvention): number {
  const p = ((x + 1) / 2) * size;
  return convention === 'corner' ? p : p - 0.5;
}
