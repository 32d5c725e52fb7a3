import type { WarpPixelConvention } from './dense-warp.js';

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
