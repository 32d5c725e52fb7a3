import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AquamvsError, outputWrite } from '@aquamvs/core';
import { encodePng } from '@aquamvs/io';
import { h264RoundTrip, writeH264Video, type H264Settings } from './render/h264.js';
import type { RenderedImage } from './render/render-camera.js';

/** How a synthetic dataset stores its frames: PNG image directories or one H.264 MP4 video per camera. */
export type FrameFormat = 'png' | 'mp4';

/** H.264 settings of videos written for scenes that do not set their own: crf 23, preset medium. */
const DEFAULT_H264: H264Settings = { crf: 23, preset: 'medium' };

/** What {@link writeCameraFrames} wrote: files relative to the dataset, and each camera's input path. */
export interface WrittenFrames {
  files: string[];
  inputs: Record<string, string>;
}

async function writeOrFail(out: string, rel: string, write: (file: string) => Promise<void>): Promise<void> {
  try {
    await write(join(out, rel));
  } catch (error) {
    if (error instanceof AquamvsError) throw error;
    throw outputWrite(join(out, rel), error);
  }
}

/**
 * Writes every camera's `frames` frames (a static scene: the same image each frame). `png`: what the pipeline sees
 * (through H.264 when `h264` is set) under `images/{camera}/frame_NNNNNN.png`; `mp4`: the clean render encoded once
 * at `h264` (or {@link DEFAULT_H264}) as `videos/{camera}.mp4`, the way a camera records it.
 */
export async function writeCameraFrames(
  out: string,
  cameras: readonly string[],
  images: readonly RenderedImage[],
  options: { frames: number; format: FrameFormat; h264: H264Settings | undefined },
): Promise<WrittenFrames> {
  const files: string[] = [];
  const inputs: Record<string, string> = {};
  const dirs = options.format === 'mp4' ? ['videos'] : cameras.map((camera) => `images/${camera}`);
  for (const rel of dirs) await writeOrFail(out, rel, (path) => mkdir(path, { recursive: true }).then(() => undefined));
  for (let i = 0; i < cameras.length; i++) {
    const image = images[i];
    if (options.format === 'mp4') {
      const rel = `videos/${cameras[i]}.mp4`;
      await writeOrFail(out, rel, (file) => writeH264Video(file, image, options.frames, options.h264 ?? DEFAULT_H264));
      files.push(rel);
      inputs[cameras[i]] = rel;
      continue;
    }
    const data = options.h264 === undefined ? image.data : await h264RoundTrip(image, options.h264);
    const png = await encodePng({ width: image.width, height: image.height, channels: 3, data }, {}, cameras[i]);
    for (let f = 0; f < options.frames; f++) {
      const rel = `images/${cameras[i]}/frame_${String(f).padStart(6, '0')}.png`;
      await writeOrFail(out, rel, (file) => writeFile(file, png));
      files.push(rel);
    }
    inputs[cameras[i]] = `images/${cameras[i]}`;
  }
  return { files, inputs };
}
