import type { FrameImage } from '@aquamvs/core';
import { colorizeMap, colormapLut, quantileRange } from './colormap.js';
import { RgbCanvas } from './rgb-canvas.js';

/** Options of {@link renderHeightChange}. */
export interface HeightChangeImageOptions {
  /** Pixels per grid node (nearest-neighbour enlargement). @default enough for a map about 600 px wide */
  cellPixels?: number;
  /** Height change at both ends of the colour scale, metres (symmetric ±). @default the 99th percentile of |change| */
  limit?: number;
  /** Title drawn above the map. */
  title?: string;
}

const BAR = 18;
const LABEL_SCALE = 2;

/**
 * A height-change map (ny×nx, metres, positive = the surface rose) as an RGB image: a diverging colour map (blue up,
 * red down, white unchanged, grey where either surface is unknown) with a scale bar in millimetres on the right.
 * Grid row j is drawn at the top for j = 0 (world y grows downwards in the image, as the cameras look down at it).
 * @example
 * const png = await encodePng(renderHeightChange(change, grid.nx, grid.ny, { title: 'frame 10 vs 0' }));
 */
export function renderHeightChange(change: ArrayLike<number>, nx: number, ny: number, options: HeightChangeImageOptions = {}): FrameImage {
  const cell = options.cellPixels ?? Math.max(1, Math.round(600 / Math.max(nx, ny)));
  const abs = Array.from(change, (v) => Math.abs(v));
  const limit = options.limit ?? Math.max(quantileRange(abs, 0, 0.99)?.[1] ?? 0, 1e-4);
  const map = colorizeMap(change, nx, ny, { colormap: 'rdbu', range: [-limit, limit] });
  const top = options.title === undefined ? 8 : 30;
  const mapW = nx * cell;
  const mapH = ny * cell;
  const canvas = new RgbCanvas(mapW + 8 + BAR + 8 + 14 * 6 * LABEL_SCALE, Math.max(mapH, 200) + top + 8);
  if (options.title !== undefined) canvas.text(8, 8, options.title, [0, 0, 0], LABEL_SCALE);
  canvas.drawImage(map, 0, top, mapW, mapH);
  const lut = colormapLut('rdbu');
  const barX = mapW + 8;
  const barH = Math.max(mapH, 200);
  for (let y = 0; y < barH; y++) {
    const k = Math.round(255 * (1 - y / (barH - 1)));
    canvas.fillRect(barX, top + y, BAR, 1, [lut[3 * k], lut[3 * k + 1], lut[3 * k + 2]]);
  }
  canvas.strokeRect(barX, top, BAR, barH, [0, 0, 0]);
  const mm = limit * 1000;
  const label = (value: number, y: number): void =>
    canvas.text(barX + BAR + 6, y, `${value > 0 ? '+' : ''}${value.toFixed(mm < 10 ? 1 : 0)} mm`, [0, 0, 0], LABEL_SCALE);
  label(mm, top);
  label(0, top + barH / 2 - 7);
  label(-mm, top + barH - 14);
  return canvas.toImage();
}
