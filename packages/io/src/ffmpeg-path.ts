import { createRequire } from 'node:module';
import { firstLine, inputMissing } from './errors.js';

let cached: string | undefined;

/**
 * Path of the ffmpeg binary: `AQUAMVS_FFMPEG` when set, else the static build shipped in the
 * `@ffmpeg-installer/ffmpeg` package for this platform (nothing is downloaded at run time). Throws
 * `AQM_ERR_IO_INPUT_MISSING` when the package has no binary for this platform.
 */
export function ffmpegPath(): string {
  const fromEnv = process.env.AQUAMVS_FFMPEG;
  if (fromEnv) return fromEnv;
  if (cached === undefined) {
    try {
      const require = createRequire(import.meta.url);
      cached = (require('@ffmpeg-installer/ffmpeg') as { path: string }).path;
    } catch (error) {
      throw inputMissing(
        'ffmpeg',
        '@ffmpeg-installer/ffmpeg',
        `has no binary for ${process.platform}-${process.arch} (${firstLine(error)}); set AQUAMVS_FFMPEG to an ffmpeg executable`,
      );
    }
  }
  return cached;
}

/**
 * ffmpeg arguments that read raw frames of `width`×`height` at `fps` from stdin (for an encoder fed by a pipe): RGB24,
 * or the planes of another raw `pixelFormat` (e.g. `yuv420p`).
 */
export function rawRgbStdinArgs(width: number, height: number, fps: number, pixelFormat = 'rgb24'): string[] {
  return [
    '-hide_banner',
    '-nostdin',
    '-loglevel',
    'error',
    '-f',
    'rawvideo',
    '-pix_fmt',
    pixelFormat,
    '-s',
    `${width}x${height}`,
    '-r',
    String(fps),
    '-i',
    '-',
  ];
}
