import { geometryArgument } from './errors.js';
import { fillMapRows, type UndistortionModel } from './undistortion.js';

/** An image in memory: interleaved channels, row-major. */
export interface ImageBuffer<T extends Uint8Array | Float32Array = Uint8Array | Float32Array> {
  data: T;
  width: number;
  height: number;
  /** Interleaved channels per pixel (3 for BGR/RGB colour, 1 for grey). */
  channels: number;
}

/** Per-destination-pixel source coordinates (e.g. an {@link Undistortion}). */
export interface RemapMaps {
  mapX: Float32Array;
  mapY: Float32Array;
  width: number;
  height: number;
}

/** Options of {@link remap}. */
export interface RemapOptions {
  /**
   * Value of pixels outside the source image (OpenCV `BORDER_CONSTANT`).
   * @default 0
   */
  borderValue?: number;
}

/**
 * Bilinear remap with a constant border (OpenCV `remap(img, mapX, mapY, INTER_LINEAR, BORDER_CONSTANT)`),
 * for 8-bit and float images with any number of interleaved channels. Weights are exact (OpenCV
 * quantises them to 1/32 px); 8-bit output is rounded to nearest.
 * @example
 * const out = remap({ data: bgr, width: 1600, height: 1200, channels: 3 }, undistortion);
 */
export function remap<T extends Uint8Array | Float32Array>(src: ImageBuffer<T>, maps: RemapMaps, options: RemapOptions = {}): ImageBuffer<T> {
  const size = maps.width * maps.height * src.channels;
  const data = (src.data instanceof Uint8Array ? new Uint8Array(size) : new Float32Array(size)) as T;
  const out: ImageBuffer<T> = { data, width: maps.width, height: maps.height, channels: src.channels };
  remapInto(src, maps, out, options);
  return out;
}

/** Allocation-free {@link remap} into `dst` (same channel count and type, size = maps size). */
export function remapInto<T extends Uint8Array | Float32Array>(
  src: ImageBuffer<T>,
  maps: RemapMaps,
  dst: ImageBuffer<T>,
  options: RemapOptions = {},
): void {
  const { width: dw, height: dh, mapX, mapY } = maps;
  checkSource(src, dw, dh, dst);
  if (mapX.length < dw * dh || mapY.length < dw * dh) {
    throw geometryArgument('remap: source or maps', 'arrays matching their width × height × channels', [src.data.length, mapX.length]);
  }
  remapSpan(src, mapX, mapY, 0, dw * dh, dst.data, options.borderValue ?? 0);
}

/**
 * Undistorts `src` onto the model's K_new grid into `dst` (same channel count and type, the model's size) exactly as
 * {@link remapInto} with `computeUndistortion`'s maps would — the same float32 source coordinates, the same
 * samples — but computes the maps a row at a time instead of holding them (8 bytes a pixel for the whole run).
 * @example
 * undistortInto({ data: rgb, width: 1600, height: 1200, channels: 3 }, undistortionModel(camera), out);
 */
export function undistortInto<T extends Uint8Array | Float32Array>(
  src: ImageBuffer<T>,
  model: UndistortionModel,
  dst: ImageBuffer<T>,
  options: RemapOptions = {},
): void {
  const { width: dw, height: dh } = model;
  checkSource(src, dw, dh, dst);
  const rowX = new Float32Array(dw);
  const rowY = new Float32Array(dw);
  const border = options.borderValue ?? 0;
  for (let y = 0; y < dh; y++) {
    fillMapRows(model, y, y + 1, rowX, rowY);
    remapSpan(src, rowX, rowY, y * dw, dw, dst.data, border);
  }
}

function checkSource(src: ImageBuffer, dw: number, dh: number, dst: ImageBuffer): void {
  const { width: sw, height: sh, channels: C, data: s } = src;
  if (s.length < sw * sh * C) {
    throw geometryArgument('remap: source or maps', 'arrays matching their width × height × channels', [s.length]);
  }
  if (dst.channels !== C || dst.width !== dw || dst.height !== dh || dst.data.length < dw * dh * C) {
    throw geometryArgument('remap: destination', `${dw}×${dh}×${C}`, [dst.width, dst.height, dst.channels]);
  }
}

/** Bilinear samples of `src` at `(mapX[i], mapY[i])`, `i < count`, into destination pixels `first + i`. */
function remapSpan(
  src: ImageBuffer,
  mapX: Float32Array,
  mapY: Float32Array,
  first: number,
  count: number,
  d: Uint8Array | Float32Array,
  border: number,
): void {
  const { width: sw, height: sh, channels: C, data: s } = src;
  const round = s instanceof Uint8Array;
  const lastX = sw - 1;
  const lastY = sh - 1;
  for (let i = 0; i < count; i++) {
    const x = mapX[i];
    const y = mapY[i];
    const o = (first + i) * C;
    const x0 = Math.floor(x);
    const y0 = Math.floor(y);
    if (!(x0 >= -1 && x0 <= lastX && y0 >= -1 && y0 <= lastY)) {
      for (let c = 0; c < C; c++) d[o + c] = border;
      continue;
    }
    const ax = x - x0;
    const ay = y - y0;
    const w00 = (1 - ax) * (1 - ay);
    const w01 = ax * (1 - ay);
    const w10 = (1 - ax) * ay;
    const w11 = ax * ay;
    if (x0 >= 0 && x0 < lastX && y0 >= 0 && y0 < lastY) {
      const p = (y0 * sw + x0) * C;
      const q = p + sw * C;
      for (let c = 0; c < C; c++) {
        const v = w00 * s[p + c] + w01 * s[p + C + c] + w10 * s[q + c] + w11 * s[q + C + c];
        d[o + c] = round ? v + 0.5 : v;
      }
      continue;
    }
    const in0x = x0 >= 0;
    const in1x = x0 + 1 <= lastX;
    const in0y = y0 >= 0;
    const in1y = y0 + 1 <= lastY;
    for (let c = 0; c < C; c++) {
      const v00 = in0x && in0y ? s[(y0 * sw + x0) * C + c] : border;
      const v01 = in1x && in0y ? s[(y0 * sw + x0 + 1) * C + c] : border;
      const v10 = in0x && in1y ? s[((y0 + 1) * sw + x0) * C + c] : border;
      const v11 = in1x && in1y ? s[((y0 + 1) * sw + x0 + 1) * C + c] : border;
      const v = w00 * v00 + w01 * v01 + w10 * v10 + w11 * v11;
      d[o + c] = round ? v + 0.5 : v;
    }
  }
}
