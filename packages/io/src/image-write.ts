import type { FrameImage } from '@aquamvs/core';
import { writeFileAtomic } from './atomic-write.js';
import { imageWrite } from './errors.js';
import { loadSharp } from './load-sharp.js';

/** Options of {@link encodePng}/{@link writePng}. */
export interface WritePngOptions {
  /** zlib level 0–9 (default 6, sharp's default). */
  compressionLevel?: number;
}

/**
 * Encodes an 8-bit (`Uint8Array`) or 16-bit (`Uint16Array`) grey or RGB image as PNG. Float images are
 * rejected with `AQM_ERR_IO_IMAGE_WRITE`. 16-bit samples round-trip exactly.
 */
export async function encodePng(image: FrameImage, options: WritePngOptions = {}, target = 'PNG'): Promise<Uint8Array> {
  const { width, height, channels, data } = image;
  if (data instanceof Float32Array) throw imageWrite(target, 'float images cannot be stored as PNG (use NPY/NPZ)');
  if (data.length !== width * height * channels) {
    throw imageWrite(target, `data has ${data.length} samples, expected ${width}x${height}x${channels}`);
  }
  const png = { compressionLevel: options.compressionLevel ?? 6 };
  const sharp = await loadSharp();
  try {
    if (data instanceof Uint16Array) {
      return await sharp(data, { raw: { width, height, channels } })
        .toColourspace(channels === 3 ? 'rgb16' : 'grey16')
        .png(png)
        .toBuffer();
    }
    return await sharp(data, { raw: { width, height, channels } })
      .toColourspace(channels === 3 ? 'srgb' : 'b-w')
      .png(png)
      .toBuffer();
  } catch (error) {
    throw imageWrite(target, error instanceof Error ? error.message : String(error));
  }
}

/** Writes `image` to `path` as PNG atomically (temp name + rename); returns the absolute path. */
export async function writePng(path: string, image: FrameImage, options: WritePngOptions = {}): Promise<string> {
  return writeFileAtomic(path, await encodePng(image, options, path));
}
