import type { Rect } from './tile-region.js';

/**
 * Coarse-to-fine rescue: the pixels the banded fine pass left without a depth although a source sees them. A band
 * drawn from the coarse level misses what the coarse level cannot resolve (a relief top covering a few coarse pixels
 * is smeared toward the bed): there the fine minimum falls on the band edge and is rejected. Such pixels are swept
 * again over every depth, in small blocks so the work follows the pixels and not their tiles.
 */
export interface RescueInput {
  readonly width: number;
  readonly height: number;
  /** Fine depth after the banded pass (NaN = rejected). */
  readonly depth: Float32Array;
  /** The band of the fine tile holding pixel (x, y) was the whole hypothesis range (nothing to gain). */
  readonly sweptFully: (x: number, y: number) => boolean;
  /** True where no source sees the pixel at any depth (the coarse cost is flat): no sweep can decide it. */
  readonly unseen: (x: number, y: number) => boolean;
  /** Block edge in pixels. */
  readonly block: number;
}

/** The blocks holding at least one pixel to rescue, row-major, and the pixels themselves (1 = rescue). */
export function rescueBlocks(input: RescueInput): { blocks: Rect[]; pixels: Uint8Array; count: number } {
  const { width: W, height: H, depth, block } = input;
  const pixels = new Uint8Array(W * H);
  const blocks: Rect[] = [];
  let count = 0;
  for (let y0 = 0; y0 < H; y0 += block) {
    for (let x0 = 0; x0 < W; x0 += block) {
      const x1 = Math.min(W, x0 + block);
      const y1 = Math.min(H, y0 + block);
      let any = false;
      for (let y = y0; y < y1; y++) {
        for (let x = x0; x < x1; x++) {
          const i = y * W + x;
          if (depth[i] === depth[i] || input.sweptFully(x, y) || input.unseen(x, y)) continue;
          pixels[i] = 1;
          any = true;
          count++;
        }
      }
      if (any) blocks.push({ x0, y0, x1, y1 });
    }
  }
  return { blocks, pixels, count };
}
