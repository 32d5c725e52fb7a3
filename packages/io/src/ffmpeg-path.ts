import { createRequire } from 'node:module';

let cached: string | undefined;

/**
 * Path of the ffmpeg binary: `AQUAMVS_FFMPEG` when set, else the static build shipped in the
 * `@ffmpeg-installer/ffmpeg` package for this platform (nothing is downloaded at run time).
 */
export function ffmpegPath(): string {
  const fromEnv = process.env.AQUAMVS_FFMPEG;
  if (fromEnv) return fromEnv;
  if (cached === undefined) {
    const require = createRequire(import.meta.url);
    cached = (require('@ffmpeg-installer/ffmpeg') as { path: string }).path;
  }
  return cached;
}
