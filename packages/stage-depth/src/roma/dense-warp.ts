/**
 * The dense-warp vocabulary shared by stage `dense-matching` (@aquamvs/stage-matching, producer) and stage
 * `roma-depth` (this package, consumer). The declaration is repeated verbatim in both packages, which never import
 * each other; TypeScript merges identical declarations.
 */

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

declare module '@aquamvs/core' {
  interface Artifacts {
    /** The frame's lazy dense matcher (stage `dense-matching`, RoMa pathways, spec §3.9). */
    denseWarps: DenseWarpSource;
  }
}
