import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ffmpegPath, probeVideo, rawRgbStdinArgs, readImage } from '@aquamvs/io';
import { beforeAll, describe, expect, it } from 'vitest';
import { exactWindows, hybridWindows } from './window-plan.js';

// A synthetic recording: a static textured bed, a 12 px bright "fish" crossing it at 4 px per frame (it covers a pixel
// for 3 frames), and a clock block whose grey value is 3 × the frame index, encoded losslessly (H.264 RGB, crf 0).

const bin = resolve(dirname(fileURLToPath(import.meta.url)), '../../dist/bin.js');
const cli = (args: string[], cwd: string): { status: number | null; stdout: string; stderr: string } =>
  spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', env: { ...process.env, CI: '1' } });

const W = 160,
  H = 96,
  FRAMES = 40;
const CLOCK = { x: 0, y: 0, size: 8 };
const FISH = { y: 40, size: 12, speed: 4 };

function bedPixel(x: number, y: number, c: number): number {
  return (((x * 37) ^ (y * 91) ^ (c * 53)) * 2654435761) >>> 24;
}

function renderFrame(f: number): Uint8Array {
  const data = new Uint8Array(W * H * 3);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const o = (y * W + x) * 3;
      const clock = x < CLOCK.size && y < CLOCK.size;
      const fish = y >= FISH.y && y < FISH.y + FISH.size && x >= f * FISH.speed && x < f * FISH.speed + FISH.size;
      for (let c = 0; c < 3; c++) data[o + c] = clock ? 3 * f : fish ? 250 : bedPixel(x, y, c);
    }
  }
  return data;
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'aqm-tfilter-'));
  const raw = Buffer.concat(Array.from({ length: FRAMES }, (_, f) => renderFrame(f)));
  const r = spawnSync(
    ffmpegPath(),
    ['-y', ...rawRgbStdinArgs(W, H, 30), '-c:v', 'libx264rgb', '-crf', '0', '-preset', 'ultrafast', join(dir, 'reef.mp4')],
    { input: raw },
  );
  expect(r.status, r.stderr.toString()).toBe(0);
});

describe('temporal-filter window plans (spec §6)', () => {
  it('hybrid seek: outputs at window − 1 + k·framestep, named by the last frame of the window', () => {
    const plan = [...hybridWindows(20, { window: 9, framestep: 5, windowStep: 2 })];
    expect(plan.map((w) => w.index)).toEqual([8, 13, 18]);
    expect(plan[1].frames).toEqual([5, 7, 9, 11, 13]);
  });

  it('exact seek: a buffer of ceil(window / windowStep) frames, sub-sampling restarting every window frames', () => {
    const plan = [...exactWindows(12, { window: 4, framestep: 2, windowStep: 3 })];
    // Kept frames: i mod 4 ∈ {0, 3} → 0, 3, 4, 7, 8, 11; buffer of 2; due at every even i once full, new frame or not.
    expect(plan).toEqual([
      { index: 4, frames: [3, 4] },
      { index: 6, frames: [3, 4] },
      { index: 8, frames: [7, 8] },
      { index: 10, frames: [7, 8] },
    ]);
  });
});

describe('aquamvs temporal-filter', () => {
  it('removes a fish that crosses a static bed: every median frame equals the bed, at the frames the names say', async () => {
    const r = cli(
      ['temporal-filter', join(dir, 'reef.mp4'), '--window', '9', '--framestep', '5', '--window-step', '2', '--output-dir', join(dir, 'out')],
      dir,
    );
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('reef.mp4: 7 median frame(s) of 160×96');
    const names = (await readdir(join(dir, 'out', 'reef'))).sort();
    expect(names).toEqual([8, 13, 18, 23, 28, 33, 38].map((i) => `frame_${String(i).padStart(6, '0')}.png`));
    for (const name of names) {
      const index = Number(name.slice(6, 12));
      const image = await readImage(join(dir, 'out', 'reef', name));
      const data = image.data as Uint8Array;
      // Clock: the median of frames index − 8, index − 6, …, index is frame index − 4.
      expect(data[0], name).toBe(3 * (index - 4));
      let worst = 0;
      for (let y = CLOCK.size; y < H; y++)
        for (let x = 0; x < W; x++) for (let c = 0; c < 3; c++) worst = Math.max(worst, Math.abs(data[(y * W + x) * 3 + c] - bedPixel(x, y, c)));
      expect(worst, name).toBeLessThanOrEqual(2);
    }
    // The raw frame at the same index has the fish on the bed.
    const fishFrame = renderFrame(13);
    expect(fishFrame[((FISH.y + 1) * W + 13 * FISH.speed + 1) * 3]).toBe(250);
  });

  it('writes one mp4 with --format mp4, and the same frames with --exact-seek', async () => {
    const mp4 = cli(
      [
        'temporal-filter',
        join(dir, 'reef.mp4'),
        '--window',
        '10',
        '--framestep',
        '3',
        '--format',
        'mp4',
        '--output-fps',
        '10',
        '--output-dir',
        join(dir, 'video'),
      ],
      dir,
    );
    expect(mp4.status, mp4.stderr).toBe(0);
    const info = await probeVideo(join(dir, 'video', 'reef_median.mp4'));
    expect(info).toMatchObject({ width: W, height: H, frameCount: 11, fps: 10 });
    const exact = cli(
      ['temporal-filter', join(dir, 'reef.mp4'), '--window', '10', '--framestep', '3', '--exact-seek', '--output-dir', join(dir, 'exact')],
      dir,
    );
    expect(exact.status, exact.stderr).toBe(0);
    // Full buffer from frame 9; outputs at every multiple of 3 from there.
    expect((await readdir(join(dir, 'exact', 'reef'))).sort()).toEqual(
      [9, 12, 15, 18, 21, 24, 27, 30, 33, 36, 39].map((i) => `frame_${String(i).padStart(6, '0')}.png`),
    );
  });

  it('answers bad input with one coded line: a missing video, a window longer than the video, an unknown format', () => {
    const missing = cli(['temporal-filter', 'nope.mp4'], dir);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toBe(`error AQM_ERR_IO_INPUT_MISSING: temporal-filter: ${join(dir, 'nope.mp4')} does not exist\n`);
    const long = cli(['temporal-filter', 'reef.mp4', '--window', '50'], dir);
    expect(long.status).toBe(1);
    expect(long.stderr).toBe(`error AQM_ERR_TEMPORAL_WINDOW: temporal-filter: ${join(dir, 'reef.mp4')} has 40 frame(s), fewer than --window 50\n`);
    const format = cli(['temporal-filter', 'reef.mp4', '--format', 'gif'], dir);
    expect(format.status).toBe(1);
    expect(format.stderr).toContain("error: --format must be png or mp4 (got 'gif')");
    expect(cli(['temporal-filter', 'reef.mp4', '--window', '0'], dir).stderr).toContain('--window must be an integer ≥ 1');
  });
});
