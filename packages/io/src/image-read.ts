import type { FrameImage } from '@aquamvs/core';
import type { Metadata, OutputInfo } from 'sharp';
import { imageRead } from './errors.js';
import { loadSharp } from './load-sharp.js';

/** Options of {@link readImage}. */
export interface ReadImageOptions {
  /**
   * Sample depth of the result: 8 → `Uint8Array` (16-bit sources scaled by 255/65535 and rounded),
   * 16 → `Uint16Array` (16-bit sources exact, 8-bit sources scaled by 257). Default 8.
   */
  depth?: 8 | 16;
  /** 3 → RGB (grey sources replicated), 1 → grey (colour converted with OpenCV's BT.601 weights). Default 3. */
  channels?: 1 | 3;
}

/** An image decoded by {@link readImage}: `data` is `Uint8Array` for depth 8, `Uint16Array` for depth 16. */
export interface DecodedImage extends FrameImage {
  readonly data: Uint8Array | Uint16Array;
  /** Bits per sample of the file itself (8 or 16). */
  readonly sourceDepth: 8 | 16;
}

/**
 * Reads a PNG, JPEG or TIFF file (EXIF orientation applied, alpha dropped). Throws `AQM_ERR_IO_IMAGE_READ`
 * naming the file when it is missing, unreadable or has an unsupported sample format.
 */
export async function readImage(path: string, options: ReadImageOptions = {}): Promise<DecodedImage> {
  return decodeImage(path, options, path);
}

/** Decodes an encoded image held in memory; `source` names it in errors. */
export async function decodeImageBuffer(bytes: Uint8Array, options: ReadImageOptions = {}, source = 'image buffer'): Promise<DecodedImage> {
  return decodeImage(bytes, options, source);
}

async function decodeImage(input: string | Uint8Array, options: ReadImageOptions, source: string): Promise<DecodedImage> {
  const depth = options.depth ?? 8;
  const channels = options.channels ?? 3;
  const sharp = await loadSharp();
  let meta: Metadata;
  try {
    meta = await sharp(input).metadata();
  } catch (error) {
    throw imageRead(source, error);
  }
  const sixteen = meta.depth === 'ushort' || meta.depth === 'short';
  if (!sixteen && meta.depth !== 'uchar' && meta.depth !== 'char') {
    throw imageRead(source, `unsupported sample format '${meta.depth}' (expected 8- or 16-bit integer samples)`);
  }
  const grey = (meta.channels ?? 3) - (meta.hasAlpha ? 1 : 0) === 1;
  let raw: { data: Buffer; info: OutputInfo };
  try {
    let pipeline = sharp(input).autoOrient().removeAlpha();
    pipeline = sixteen
      ? pipeline.toColourspace(grey ? 'grey16' : 'rgb16').raw({ depth: 'ushort' })
      : pipeline.toColourspace(grey ? 'b-w' : 'srgb').raw();
    raw = await pipeline.toBuffer({ resolveWithObject: true });
  } catch (error) {
    throw imageRead(source, error);
  }
  const { width, height } = raw.info;
  const decodedChannels = raw.info.channels;
  if (decodedChannels !== (grey ? 1 : 3)) {
    throw imageRead(source, `decoder returned ${decodedChannels} channels, expected ${grey ? 1 : 3}`);
  }
  const pixels = width * height;
  const samples = sixteen
    ? copyUint16(raw.data, pixels * decodedChannels)
    : new Uint8Array(raw.data.buffer, raw.data.byteOffset, pixels * decodedChannels);
  const converted = convertChannels(samples, pixels, decodedChannels, channels, sixteen ? 65535 : 255);
  const data = convertDepth(converted, depth);
  return { width, height, channels, data, sourceDepth: sixteen ? 16 : 8 };
}

function copyUint16(buffer: Buffer, count: number): Uint16Array {
  const out = new Uint16Array(count);
  new Uint8Array(out.buffer).set(buffer.subarray(0, count * 2));
  return out;
}

/** Grey → RGB by replication; RGB → grey with OpenCV's `cvtColor(RGB2GRAY)` weights (0.299, 0.587, 0.114). */
function convertChannels<T extends Uint8Array | Uint16Array>(src: T, pixels: number, from: number, to: number, max: number): T {
  if (from === to) return src;
  const Ctor = src.constructor as new (n: number) => T;
  const out = new Ctor(pixels * to);
  if (to === 3) {
    for (let i = 0, o = 0; i < pixels; i++, o += 3) {
      const v = src[i];
      out[o] = v;
      out[o + 1] = v;
      out[o + 2] = v;
    }
    return out;
  }
  for (let i = 0, s = 0; i < pixels; i++, s += 3) {
    const v = Math.round(0.299 * src[s] + 0.587 * src[s + 1] + 0.114 * src[s + 2]);
    out[i] = v > max ? max : v;
  }
  return out;
}

function convertDepth(src: Uint8Array | Uint16Array, depth: 8 | 16): Uint8Array | Uint16Array {
  if (depth === 8 && src instanceof Uint8Array) return src.buffer.byteLength === src.byteLength ? src : src.slice();
  if (depth === 16 && src instanceof Uint16Array) return src;
  if (depth === 16) {
    const out = new Uint16Array(src.length);
    for (let i = 0; i < src.length; i++) out[i] = src[i] * 257;
    return out;
  }
  const out = new Uint8Array(src.length);
  for (let i = 0; i < src.length; i++) out[i] = Math.round(src[i] / 257);
  return out;
}
