import { interpolatePlasma, interpolateRdBu, interpolateViridis } from 'd3-scale-chromatic';
import type { FrameImage } from '@aquamvs/core';

/** Name of a perceptual colour map (matplotlib's data, through d3-scale-chromatic); `rdbu` is diverging (red low, blue high). */
export type ColormapName = 'viridis' | 'plasma' | 'rdbu';

/** Grey used for NaN / invalid pixels: matplotlib `set_bad('0.8')` = 204. */
export const NAN_GREY = 204;

const LUT_SIZE = 256;
const luts = new Map<ColormapName, Uint8Array>();

function buildLut(interpolate: (t: number) => string): Uint8Array {
  const lut = new Uint8Array(LUT_SIZE * 3);
  for (let i = 0; i < LUT_SIZE; i++) {
    // d3's sequential schemes give '#rrggbb', its diverging ones 'rgb(r, g, b)'.
    const colour = interpolate(i / (LUT_SIZE - 1));
    const rgb = colour.startsWith('#') ? [1, 3, 5].map((k) => parseInt(colour.slice(k, k + 2), 16)) : (colour.match(/\d+/g) ?? []).map(Number);
    lut.set(rgb.slice(0, 3), 3 * i);
  }
  return lut;
}

/** The 256-entry RGB lookup table (768 bytes) of a colour map; entry 0 is the low end, 255 the high end. */
export function colormapLut(name: ColormapName): Uint8Array {
  let lut = luts.get(name);
  if (lut === undefined) {
    lut = buildLut(name === 'viridis' ? interpolateViridis : name === 'rdbu' ? interpolateRdBu : interpolatePlasma);
    luts.set(name, lut);
  }
  return lut;
}

/** Options of {@link colorizeMap}. */
export interface ColorizeOptions {
  /** @default 'viridis' */
  colormap?: ColormapName;
  /**
   * Value range mapped to the two ends of the colour map: explicit ends, `'minmax'` (the map's finite min and max,
   * the reference's choice) or `'robust'` (its 2 % and 98 % quantiles, so a few outliers do not flatten the rest).
   * @default 'minmax'
   */
  range?: readonly [number, number] | 'minmax' | 'robust';
  /** RGB of non-finite pixels. @default [204, 204, 204] (grey 0.8) */
  nanColor?: readonly [number, number, number];
}

/** Finite minimum and maximum of `values`, or `undefined` when none is finite. */
export function finiteRange(values: ArrayLike<number>): [number, number] | undefined {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo <= hi ? [lo, hi] : undefined;
}

/** The `lo` and `hi` quantiles of the finite values (sampled to at most ~1e5 values), or `undefined` when none is finite. */
export function quantileRange(values: ArrayLike<number>, lo: number, hi: number): [number, number] | undefined {
  const step = Math.max(1, Math.floor(values.length / 100_000));
  const finite: number[] = [];
  for (let i = 0; i < values.length; i += step) if (Number.isFinite(values[i])) finite.push(values[i]);
  if (finite.length === 0) return undefined;
  const sorted = Float64Array.from(finite).sort();
  const at = (q: number): number => sorted[Math.round(q * (sorted.length - 1))];
  return [at(lo), at(hi)];
}

/**
 * Colour-maps a float map (row-major H×W) to an RGB image, the reference's depth/confidence look (spec §3.16):
 * values are scaled between the range ends (the map's own finite min/max unless given), clamped, and looked up in
 * a 256-entry perceptual colour map; NaN and ±Infinity become grey 0.8. A constant map takes the colour map's
 * low end.
 * @example
 * const png = await encodePng(colorizeMap(depth, 320, 240, { colormap: 'viridis' }));
 */
export function colorizeMap(values: ArrayLike<number>, width: number, height: number, options: ColorizeOptions = {}): FrameImage {
  const n = width * height;
  if (values.length !== n) throw new RangeError(`colorizeMap: ${values.length} values for a ${width}x${height} map`);
  const lut = colormapLut(options.colormap ?? 'viridis');
  const range = options.range ?? 'minmax';
  const [lo, hi] = (range === 'minmax' ? finiteRange(values) : range === 'robust' ? quantileRange(values, 0.02, 0.98) : range) ?? [0, 1];
  const scale = hi > lo ? (LUT_SIZE - 1) / (hi - lo) : 0;
  const [nr, ng, nb] = options.nanColor ?? [NAN_GREY, NAN_GREY, NAN_GREY];
  const data = new Uint8Array(n * 3);
  for (let i = 0, o = 0; i < n; i++, o += 3) {
    const v = values[i];
    if (!Number.isFinite(v)) {
      data[o] = nr;
      data[o + 1] = ng;
      data[o + 2] = nb;
      continue;
    }
    let k = Math.round((v - lo) * scale);
    k = k < 0 ? 0 : k > LUT_SIZE - 1 ? LUT_SIZE - 1 : k;
    data[o] = lut[3 * k];
    data[o + 1] = lut[3 * k + 1];
    data[o + 2] = lut[3 * k + 2];
  }
  return { width, height, channels: 3, data };
}
