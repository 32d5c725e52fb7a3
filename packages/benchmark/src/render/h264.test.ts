import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Frame } from '@aquamvs/core';
import { openFrameSource } from '@aquamvs/io';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSyntheticScene } from '../synthetic-scene.js';
import { h264RoundTrip, writeH264Video } from './h264.js';
import { renderCameraImage, type RenderedImage } from './render-camera.js';

/** Peak signal-to-noise ratio of two 8-bit images, dB. */
function psnr(a: Uint8Array, b: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i] - b[i]) ** 2;
  return 10 * Math.log10((255 * 255) / (sum / a.length));
}

/** Share of pixels with any channel changed. */
function changedShare(a: Uint8Array, b: Uint8Array): number {
  let changed = 0;
  for (let i = 0; i < a.length; i += 3) if (a[i] !== b[i] || a[i + 1] !== b[i + 1] || a[i + 2] !== b[i + 2]) changed++;
  return changed / (a.length / 3);
}

const scene = createSyntheticScene({ rig: 'ci', scene: 'bower', workers: 0 });
let clean: RenderedImage;
let decoded: Uint8Array;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'aqm-h264-'));
  clean = renderCameraImage(scene.job('ring00'));
  decoded = await h264RoundTrip(clean, { crf: 23 });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('H.264 frames', () => {
  it('carry crf 23 artefacts: the decoded bower frame is 27–33 dB from the render (measured 29.65), every pixel touched', () => {
    expect(decoded).toHaveLength(320 * 240 * 3);
    const db = psnr(clean.data, decoded);
    expect(db).toBeGreaterThan(27);
    expect(db).toBeLessThan(33);
    expect(changedShare(clean.data, decoded)).toBeGreaterThan(0.95);
  });

  it('lose more at a higher crf (35: at least 4 dB lower), less at crf 0 (4:2:0 chroma only: ≥ 38 dB), deterministically', async () => {
    const coarse = await h264RoundTrip(clean, { crf: 35 });
    expect(psnr(clean.data, coarse)).toBeLessThan(psnr(clean.data, decoded) - 4);
    expect(psnr(clean.data, await h264RoundTrip(clean, { crf: 0 }))).toBeGreaterThan(38);
    expect(Buffer.from(await h264RoundTrip(clean, { crf: 23 })).equals(Buffer.from(decoded))).toBe(true);
  });

  it('are what the bower scene serves the pipeline', async () => {
    const frame = (await scene.renderFrame(0)).get('ring00');
    expect(Buffer.from(frame?.data as Uint8Array).equals(Buffer.from(decoded))).toBe(true);
    const flat = createSyntheticScene({ rig: 'ci', scene: 'flat', workers: 0 });
    expect(flat.spec.h264).toBeUndefined();
    expect(createSyntheticScene({ rig: 'ci', scene: 'flat', sceneOptions: { crf: 28 } }).spec.h264).toEqual({ crf: 28, preset: 'medium' });
  });

  it("write an MP4 that the pipeline's video source decodes, frame by frame", async () => {
    const file = join(dir, 'ring00.mp4');
    await writeH264Video(file, clean, 3, { crf: 23 });
    const source = await openFrameSource({ ring00: file });
    const frames: Frame[] = [];
    for await (const f of source.frames([0, 1, 2])) frames.push(f);
    await source.close();
    expect(source.frameCount).toBe(3);
    expect(frames).toHaveLength(3);
    for (const f of frames) {
      const image = f.images.get('ring00');
      expect(image).toMatchObject({ width: 320, height: 240, channels: 3 });
      const db = psnr(clean.data, image?.data as Uint8Array);
      expect(db).toBeGreaterThan(27);
      expect(db).toBeLessThan(35);
    }
  });

  it("fail with AQM_ERR_BENCHMARK_VIDEO and ffmpeg's last line when ffmpeg fails (e.g. a build without libx264)", async () => {
    const fake = join(dir, 'ffmpeg-without-x264');
    await writeFile(fake, '#!/bin/sh\necho "Unknown encoder \'libx264\'" >&2\nexit 1\n');
    await chmod(fake, 0o755);
    const previous = process.env.AQUAMVS_FFMPEG;
    process.env.AQUAMVS_FFMPEG = fake;
    try {
      await expect(h264RoundTrip(clean, { crf: 23 })).rejects.toMatchObject({
        code: 'AQM_ERR_BENCHMARK_VIDEO',
        message: expect.stringContaining("ffmpeg exited with code 1: Unknown encoder 'libx264'") as unknown,
      });
    } finally {
      if (previous === undefined) delete process.env.AQUAMVS_FFMPEG;
      else process.env.AQUAMVS_FFMPEG = previous;
    }
  });

  it('reject frame sizes that yuv420p cannot hold', async () => {
    await expect(h264RoundTrip({ width: 3, height: 2, data: new Uint8Array(18) }, { crf: 23 })).rejects.toMatchObject({
      code: 'AQM_ERR_BENCHMARK_ARGUMENT',
    });
  });
});
