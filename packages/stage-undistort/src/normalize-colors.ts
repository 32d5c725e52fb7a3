import type { FrameImage } from '@aquamvs/core';
import { colorMethod } from './errors.js';

/** Colour normalisation methods of `preprocessing.color_norm_method` (spec §3.15). */
export type ColorNormMethod = 'gain' | 'histogram';

/**
 * Equalises colour across cameras (spec §3.15), on 8-bit images (others are returned unchanged).
 * - `gain`: per camera and channel, multiply by `target / (mean + 1e-8)` where the target is the mean of the
 *   camera means; clip to [0, 255] and truncate like a uint8 cast.
 * - `histogram`: per channel, map every camera's CDF onto the CDF of the mean 256-bin histogram
 *   (`lut[i] = argmin_j |refCDF[j] − srcCDF[i]|`).
 * Inputs are not modified; images of other types pass through.
 * @example
 * const out = normalizeColors(new Map([['a', imgA], ['b', imgB]]), 'gain');
 */
export function normalizeColors(images: ReadonlyMap<string, FrameImage>, method: ColorNormMethod = 'gain'): Map<string, FrameImage> {
  if (method !== 'gain' && method !== 'histogram') throw colorMethod(String(method));
  const out = new Map<string, FrameImage>(images);
  const eligible = [...images].filter(([, img]) => img.data instanceof Uint8Array);
  if (eligible.length === 0) return out;
  const channels = Math.max(...eligible.map(([, img]) => img.channels));
  const luts = method === 'gain' ? gainLuts(eligible, channels) : histogramLuts(eligible, channels);
  for (const [name, img] of eligible) {
    const src = img.data as Uint8Array;
    const dst = new Uint8Array(src.length);
    const lut = luts.get(name) ?? [];
    const C = img.channels;
    for (let i = 0; i < src.length; i++) dst[i] = lut[i % C][src[i]];
    out.set(name, { ...img, data: dst });
  }
  return out;
}

type Entry = readonly [string, FrameImage];

function gainLuts(images: readonly Entry[], channels: number): Map<string, Uint8Array[]> {
  const means = images.map(([, img]) => channelMeans(img, channels));
  const target = new Float64Array(channels);
  for (const m of means) for (let c = 0; c < channels; c++) target[c] += m[c] / means.length;
  const out = new Map<string, Uint8Array[]>();
  images.forEach(([name], k) => {
    const luts: Uint8Array[] = [];
    for (let c = 0; c < channels; c++) {
      const gain = target[c] / (means[k][c] + 1e-8);
      const lut = new Uint8Array(256);
      for (let v = 0; v < 256; v++) lut[v] = Math.min(255, Math.max(0, Math.trunc(v * gain)));
      luts.push(lut);
    }
    out.set(name, luts);
  });
  return out;
}

function channelMeans(img: FrameImage, channels: number): Float64Array {
  const sums = new Float64Array(channels);
  const C = img.channels;
  const d = img.data;
  for (let i = 0; i < d.length; i++) sums[i % C] += d[i];
  const n = d.length / C;
  // Grey images contribute their single channel to every colour channel.
  for (let c = 0; c < channels; c++) sums[c] = sums[Math.min(c, C - 1)] / n;
  return sums;
}

function histogramLuts(images: readonly Entry[], channels: number): Map<string, Uint8Array[]> {
  const cdfs = images.map(([, img]) => {
    const per: Float64Array[] = [];
    for (let c = 0; c < channels; c++) per.push(histogram(img, Math.min(c, img.channels - 1)));
    return per;
  });
  const out = new Map<string, Uint8Array[]>(images.map(([name]) => [name, []]));
  for (let c = 0; c < channels; c++) {
    const mean = new Float64Array(256);
    for (const h of cdfs) for (let v = 0; v < 256; v++) mean[v] += h[c][v] / cdfs.length;
    const ref = cumulative(mean);
    images.forEach(([name], k) => {
      const src = cumulative(cdfs[k][c]);
      const lut = new Uint8Array(256);
      for (let i = 0; i < 256; i++) {
        let best = 0;
        for (let j = 1; j < 256; j++) if (Math.abs(ref[j] - src[i]) < Math.abs(ref[best] - src[i])) best = j;
        lut[i] = best;
      }
      out.get(name)?.push(lut);
    });
  }
  return out;
}

function histogram(img: FrameImage, channel: number): Float64Array {
  const h = new Float64Array(256);
  const C = img.channels;
  const d = img.data;
  for (let i = channel; i < d.length; i += C) h[d[i]]++;
  return h;
}

function cumulative(h: Float64Array): Float64Array {
  const out = new Float64Array(256);
  let total = 0;
  for (let v = 0; v < 256; v++) total += h[v];
  let acc = 0;
  for (let v = 0; v < 256; v++) {
    acc += h[v];
    out[v] = total > 0 ? acc / total : 0;
  }
  return out;
}
