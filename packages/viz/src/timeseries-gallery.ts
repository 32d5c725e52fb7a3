import type { FrameImage } from '@aquamvs/core';
import { colorizeMap, colormapLut } from './colormap.js';
import type { HeightGrid } from './height-grid.js';
import { RgbCanvas } from './rgb-canvas.js';

/** Options of {@link renderTimeseriesGallery}. */
export interface GalleryOptions {
  /** Tiles per row. @default min(4, frames) */
  columns?: number;
  /** Longest side of a tile in pixels. @default 256 */
  tileSize?: number;
}

/**
 * Height maps of several frames side by side on one colour scale (viridis over the common finite Z range, empty
 * cells grey), each labelled with its frame index, with a colour bar giving the Z range in metres (+Z down).
 */
export function renderTimeseriesGallery(frames: readonly { frame: number; grid: HeightGrid }[], options: GalleryOptions = {}): FrameImage {
  if (frames.length === 0) throw new RangeError('renderTimeseriesGallery: no frames');
  let lo = Infinity;
  let hi = -Infinity;
  for (const { grid } of frames) {
    for (const v of grid.z) {
      if (!Number.isFinite(v)) continue;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  if (!(lo <= hi)) [lo, hi] = [0, 1];
  const columns = Math.max(1, Math.min(options.columns ?? 4, frames.length));
  const rows = Math.ceil(frames.length / columns);
  const tile = options.tileSize ?? 256;
  const g0 = frames[0].grid;
  const aspect = g0.width / g0.height;
  const tw = aspect >= 1 ? tile : Math.max(1, Math.round(tile * aspect));
  const th = aspect >= 1 ? Math.max(1, Math.round(tile / aspect)) : tile;
  const pad = 8;
  const label = 14;
  const barHeight = 40;
  const width = Math.max(columns * (tw + pad) + pad, 300);
  const canvas = new RgbCanvas(width, rows * (th + label + pad) + pad + barHeight);
  frames.forEach(({ frame, grid }, i) => {
    const x = pad + (i % columns) * (tw + pad);
    const y = pad + Math.floor(i / columns) * (th + label + pad);
    canvas.text(x, y, `FRAME ${frame}`, [0, 0, 0]);
    canvas.drawImage(colorizeMap(grid.z, grid.width, grid.height, { range: [lo, hi] }), x, y + label, tw, th);
  });
  const lut = colormapLut('viridis');
  const barY = canvas.height - barHeight + 6;
  const barW = Math.min(256, width - 2 * pad - 140);
  for (let x = 0; x < barW; x++) {
    const k = Math.round((x / Math.max(1, barW - 1)) * 255);
    canvas.fillRect(pad + 60 + x, barY, 1, 12, [lut[3 * k], lut[3 * k + 1], lut[3 * k + 2]]);
  }
  canvas.text(pad, barY + 2, 'Z (M)', [0, 0, 0]);
  canvas.text(pad + 60, barY + 16, lo.toFixed(3), [0, 0, 0]);
  canvas.text(pad + 60 + barW - 36, barY + 16, hi.toFixed(3), [0, 0, 0]);
  return canvas.toImage();
}
