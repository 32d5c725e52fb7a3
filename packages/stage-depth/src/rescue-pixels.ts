import type { Rect } from './tile-region.js';

/**
 * Coarse-to-fine rescue: the pixels the banded fine pass rejected although a source sees them. A band drawn from the
 * coarse level misses what the coarse level cannot resolve (a relief top covering a few coarse pixels is smeared
 * toward the bed): there the fine minimum falls on the band edge and is rejected. Such pixels are swept again from
 * that edge to the end of the hypotheses on its side, in small blocks, so the work follows the pixels and not their
 * tiles.
 */
export interface RescueInput {
  readonly width: number;
  readonly height: number;
  readonly depthCount: number;
  /** Fine depth after the banded pass (NaN = rejected). */
  readonly depth: Float32Array;
  /** Depth index of each pixel's lowest banded cost (−1: its tile was not swept). */
  readonly bestIndex: Int16Array;
  /** The band swept for the pixel (x, y), `null` when its tile was not swept. */
  readonly bandAt: (x: number, y: number) => readonly [number, number] | null;
  /** True where no source sees the pixel at any depth (the coarse cost is flat): no sweep can decide it. */
  readonly unseen: (x: number, y: number) => boolean;
  /** Block edge in pixels. */
  readonly block: number;
  /**
   * Blocks with fewer pixels to rescue are left alone: scattered single rejections are noise (fusion fills them),
   * and sweeping a whole block for one pixel would cost more than the banded pass saved there.
   */
  readonly minPerBlock: number;
  /** Depth steps swept beyond a band edge (default: to the end of the hypotheses on that side). */
  readonly reach?: number;
}

/** A block to sweep again and the depth-index band its rescued pixels need. */
export interface RescueBlock {
  readonly rect: Rect;
  readonly band: readonly [number, number];
}

/** The blocks holding pixels to rescue, row-major, and the pixels themselves (1 = rescue). */
export function rescueBlocks(input: RescueInput): { blocks: RescueBlock[]; pixels: Uint8Array; count: number } {
  const { width: W, height: H, depth, bestIndex, block } = input;
  const last = input.depthCount - 1;
  const reach = input.reach ?? last;
  const pixels = new Uint8Array(W * H);
  const blocks: RescueBlock[] = [];
  let count = 0;
  for (let y0 = 0; y0 < H; y0 += block) {
    for (let x0 = 0; x0 < W; x0 += block) {
      const x1 = Math.min(W, x0 + block);
      const y1 = Math.min(H, y0 + block);
      let lo = last + 1;
      let hi = -1;
      let inBlock = 0;
      for (let y = y0; y < y1; y++) {
        for (let x = x0; x < x1; x++) {
          const i = y * W + x;
          if (depth[i] === depth[i] || input.unseen(x, y)) continue;
          const band = input.bandAt(x, y);
          const k = bestIndex[i];
          // Where the minimum sits on a band edge, the truth lies beyond it: sweep from that edge outward (one step of
          // overlap for the parabola). A minimum on the first or last hypothesis is out of range, not out of band.
          let need: readonly [number, number] | null;
          if (band === null || k < 0) need = [0, last];
          else if (k <= band[0] && band[0] > 0) need = [Math.max(0, band[0] - reach), Math.min(last, band[0] + 1)];
          else if (k >= band[1] && band[1] < last) need = [Math.max(0, band[1] - 1), Math.min(last, band[1] + reach)];
          else need = null;
          if (need === null) continue;
          pixels[i] = 1;
          inBlock++;
          if (need[0] < lo) lo = need[0];
          if (need[1] > hi) hi = need[1];
        }
      }
      if (inBlock >= input.minPerBlock) {
        blocks.push({ rect: { x0, y0, x1, y1 }, band: [lo, hi] });
        count += inBlock;
      } else if (inBlock > 0) {
        for (let y = y0; y < y1; y++) pixels.fill(0, y * W + x0, y * W + x1);
      }
    }
  }
  return { blocks, pixels, count };
}
