import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { ffmpegPath } from './ffmpeg-path.js';
import { rawFrameBytes, VideoStream } from './video-stream.js';

const work = mkdtempSync(join(tmpdir(), 'aqm-io-stream-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

it('reads the 4:2:0 planes as decoded with rawFormat yuv420p', async () => {
  const file = join(work, 'clip.mp4');
  const ffmpeg = (...args: string[]): Buffer => execFileSync(ffmpegPath(), ['-hide_banner', '-loglevel', 'error', ...args]);
  ffmpeg('-y', '-f', 'lavfi', '-i', 'testsrc2=size=62x46:rate=10', '-frames:v', '4', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', file);
  const expected = ffmpeg('-i', file, '-f', 'rawvideo', '-pix_fmt', 'yuv420p', '-');
  const bytes = rawFrameBytes(62, 46, 'yuv420p');
  expect(bytes).toBe(62 * 46 + 2 * 31 * 23);
  const stream = new VideoStream({ file, width: 62, height: 46, fps: 10, startIndex: 0, binary: ffmpegPath(), rawFormat: 'yuv420p' });
  expect(stream.frameBytes).toBe(bytes);
  for (let i = 0; i < 4; i++) {
    const frame = await stream.read(true);
    expect(Buffer.from(frame as Uint8Array).equals(expected.subarray(i * bytes, (i + 1) * bytes))).toBe(true);
  }
  expect(await stream.read(true)).toBeNull();
  await stream.close();
});
