import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ffmpegPath, rawRgbStdinArgs, readImage } from '@aquamvs/io';
import { afterAll, describe, expect, it } from 'vitest';
import { temporalFilterVideo, type TemporalFilterOptions } from './temporal-filter.js';

// How the window holds a video: a 4:2:0 one as its decoded planes (median per plane value, RGB only for the PNG), any
// other as RGB24. The scenes are a static textured bed with a bright block crossing it at 8 px per frame (12 px wide:
// it covers a pixel for at most 2 of the 9 frames of a window).

const W = 96;
const H = 64;
const FRAMES = 24;
const OPTIONS: TemporalFilterOptions = { window: 9, framestep: 4, windowStep: 1, format: 'png', outputFps: 30, exactSeek: false };
const work = mkdtempSync(join(tmpdir(), 'aqm-tfilter-yuv-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const hash = (x: number, y: number, c: number): number => (((x * 37) ^ (y * 91) ^ (c * 53)) * 2654435761) >>> 24;
const inBlock = (f: number, x: number, y: number): boolean => y >= 24 && y < 36 && x >= f * 8 - 12 && x < f * 8;

function ffmpeg(args: string[], input?: Uint8Array): Buffer {
  return execFileSync(ffmpegPath(), ['-hide_banner', '-loglevel', 'error', ...args], { input, maxBuffer: 1 << 26 });
}

/** 4:2:0 planes of frame `f` (`f` < 0: the bed alone); the block is chroma-aligned, so every plane value is bed or block. */
function planes(f: number): Uint8Array {
  const out = new Uint8Array(W * H * 1.5);
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) out[y * W + x] = inBlock(f, x, y) ? 235 : 16 + (hash(x, y, 0) % 220);
  for (let p = 1; p <= 2; p++) {
    const base = W * H + (p - 1) * (W / 2) * (H / 2);
    for (let y = 0; y < H / 2; y++)
      for (let x = 0; x < W / 2; x++) out[base + y * (W / 2) + x] = inBlock(f, 2 * x, 2 * y) ? 128 : 40 + (hash(x, y, p) % 176);
  }
  return out;
}

/** The outputs as RGB, in name order. */
async function pngs(dir: string): Promise<Uint8Array[]> {
  const names = readdirSync(dir).sort();
  return Promise.all(names.map(async (name) => (await readImage(join(dir, name))).data as Uint8Array));
}

function maxDifference(a: Uint8Array, b: Uint8Array): number {
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
  return max;
}

describe('temporal-filter window formats', () => {
  it.each([
    { pixelFormat: 'yuv420p', tags: [] },
    { pixelFormat: 'yuvj420p', tags: ['-color_range', 'pc', '-colorspace', 'bt709'] },
  ])('holds a $pixelFormat video as its planes: every PNG is ffmpeg\u2019s own RGB of the bed $tags', async ({ pixelFormat, tags }) => {
    const video = join(work, `${pixelFormat}.mp4`);
    const raw = ['-f', 'rawvideo', '-pix_fmt', pixelFormat, ...tags, '-s', `${W}x${H}`, '-r', '30', '-i', '-'];
    const frames = Buffer.concat(Array.from({ length: FRAMES }, (_, f) => planes(f)));
    ffmpeg(['-y', ...raw, '-c:v', 'libx264', '-qp', '0', '-preset', 'ultrafast', '-pix_fmt', pixelFormat, ...tags, video], frames);
    const bed = ffmpeg([...raw, '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'], planes(-1));
    const result = await temporalFilterVideo(video, join(work, pixelFormat), OPTIONS);
    expect(result).toMatchObject({ frames: 4, windowFormat: pixelFormat });
    // Bit-exact with libswscale's x86 conversion (the bundled ffmpeg); its plain-C tables elsewhere round each term.
    for (const png of await pngs(join(work, pixelFormat))) expect(maxDifference(png, bed)).toBeLessThanOrEqual(process.arch === 'x64' ? 0 : 2);
  });

  it.each([
    { pixelFormat: 'yuv420p', tags: [] },
    { pixelFormat: 'yuv420p', tags: ['-color_range', 'tv', '-colorspace', 'bt709'] },
    { pixelFormat: 'yuvj420p', tags: ['-color_range', 'pc'] },
    { pixelFormat: 'yuvj420p', tags: ['-color_range', 'pc', '-colorspace', 'bt709'] },
  ])('encodes the planes of a $pixelFormat video into an mp4 that decodes to the bed $tags', async ({ pixelFormat, tags }) => {
    // The planes go to the encoder as they are, with the video's colour tags, which the mp4 carries.
    const name = `mp4-${pixelFormat}-${tags.length}`;
    const video = join(work, `${name}.mp4`);
    const raw = ['-f', 'rawvideo', '-pix_fmt', pixelFormat, ...tags, '-s', `${W}x${H}`, '-r', '30', '-i', '-'];
    ffmpeg(
      ['-y', ...raw, '-c:v', 'libx264', '-qp', '0', '-preset', 'ultrafast', '-pix_fmt', pixelFormat, ...tags, video],
      Buffer.concat(Array.from({ length: FRAMES }, (_, f) => planes(f))),
    );
    const bed = ffmpeg([...raw, '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'], planes(-1));
    const output = join(work, `${name}_median.mp4`);
    expect(await temporalFilterVideo(video, output, { ...OPTIONS, format: 'mp4' })).toMatchObject({ frames: 4, windowFormat: pixelFormat });
    const decoded = ffmpeg(['-i', output, '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-']);
    expect(decoded.length).toBe(4 * bed.length);
    let sum = 0;
    for (let i = 0; i < decoded.length; i++) sum += Math.abs(decoded[i] - bed[i % bed.length]);
    expect(sum / decoded.length).toBeLessThan(2); // MPEG-4 at -q:v 2 on a per-pixel noise texture
  });

  it('matches the RGB24 path on a lossy 4:2:0 video: mean difference < 0.5, 99 % within 3 levels, as close to the bed', async () => {
    // The RGB24 path's result computed here: the per-channel median of ffmpeg's RGB frames. The two differ where the
    // codec's noise differs between frames (the median of R, G and B is not the RGB of the median of Y, U and V); both
    // are as far from the true bed, whose per-pixel colour noise 4:2:0 at crf 23 does not keep.
    const rgbFrame = (f: number): Uint8Array => {
      const out = new Uint8Array(W * H * 3);
      for (let i = 0; i < W * H; i++)
        for (let c = 0; c < 3; c++) out[i * 3 + c] = inBlock(f, i % W, Math.floor(i / W)) ? 250 : hash(i % W, i, c) >> 1;
      return out;
    };
    const video = join(work, 'lossy.mp4');
    const frames = Buffer.concat(Array.from({ length: FRAMES }, (_, f) => rgbFrame(f)));
    ffmpeg(['-y', ...rawRgbStdinArgs(W, H, 30), '-c:v', 'libx264', '-crf', '23', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', video], frames);
    const decoded = ffmpeg(['-i', video, '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-']);
    const result = await temporalFilterVideo(video, join(work, 'lossy'), OPTIONS);
    expect(result.windowFormat).toBe('yuv420p');
    const outputs = await pngs(join(work, 'lossy'));
    expect(outputs).toHaveLength(4);
    const n = W * H * 3;
    const bed = rgbFrame(-2);
    const counts = { total: 0, over3: 0, difference: 0, yuvError: 0, rgbError: 0 };
    outputs.forEach((png, k) => {
      const last = OPTIONS.window - 1 + k * OPTIONS.framestep;
      const values = new Uint8Array(OPTIONS.window);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < OPTIONS.window; j++) values[j] = decoded[(last - j) * n + i];
        const rgbPath = values.sort()[OPTIONS.window >> 1];
        const d = Math.abs(png[i] - rgbPath);
        counts.total++;
        if (d > 3) counts.over3++;
        counts.difference += d;
        counts.yuvError += Math.abs(png[i] - bed[i]);
        counts.rgbError += Math.abs(rgbPath - bed[i]);
      }
    });
    expect(counts.difference / counts.total).toBeLessThan(0.5);
    expect(counts.over3 / counts.total).toBeLessThan(0.01);
    expect(Math.abs(counts.yuvError - counts.rgbError) / counts.total).toBeLessThan(0.1);
  });

  it('holds any other video as RGB24 (a 4:4:4 one here): the per-channel median of its RGB frames', async () => {
    const video = join(work, 'yuv444p.mp4');
    const frames = Buffer.concat(Array.from({ length: FRAMES }, (_, f) => planes(f)));
    ffmpeg(
      [
        '-y',
        '-f',
        'rawvideo',
        '-pix_fmt',
        'yuv420p',
        '-s',
        `${W}x${H}`,
        '-r',
        '30',
        '-i',
        '-',
        '-c:v',
        'libx264',
        '-crf',
        '10',
        '-pix_fmt',
        'yuv444p',
        video,
      ],
      frames,
    );
    const decoded = ffmpeg(['-i', video, '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-']);
    const result = await temporalFilterVideo(video, join(work, 'yuv444p'), OPTIONS);
    expect(result.windowFormat).toBe('rgb24');
    const n = W * H * 3;
    const outputs = await pngs(join(work, 'yuv444p'));
    outputs.forEach((png, k) => {
      const last = OPTIONS.window - 1 + k * OPTIONS.framestep;
      const expected = new Uint8Array(n);
      const values = new Uint8Array(OPTIONS.window);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < OPTIONS.window; j++) values[j] = decoded[(last - j) * n + i];
        expected[i] = values.sort()[OPTIONS.window >> 1];
      }
      expect(maxDifference(png, expected)).toBe(0);
    });
  });
});
