import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Frame } from '@aquamvs/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ffmpegPath } from './ffmpeg-path.js';
import { readImage } from './image-read.js';
import { openFrameSource } from './open-frame-source.js';
import { VideoSource } from './video-source.js';

const work = mkdtempSync(join(tmpdir(), 'aqm-io-video-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const W = 64;
const H = 48;
const videoA = join(work, 'a.mp4');
const videoB = join(work, 'b.mkv');
// Recorded with a gap: the source's frame 5 was dropped, so from index 5 on a frame's time is (index + 1) / 10 s.
const videoGap = join(work, 'gap.mp4');
// Long enough (2.7 MB of RGB) that ffmpeg cannot write it all into the pipe and Node's buffer and exit on its
// own while a test holds frame 0: the kill test then sees a live process, however slow the machine.
const videoLong = join(work, 'long.mp4');
const refs = new Map<string, Uint8Array[]>();

function ffmpeg(...args: string[]): void {
  execFileSync(ffmpegPath(), ['-hide_banner', '-loglevel', 'error', '-y', ...args]);
}

beforeAll(async () => {
  // 12 frames, keyframe every 4 so seeks land between keyframes; camera B is shorter (9 frames).
  ffmpeg('-f', 'lavfi', '-i', `testsrc2=size=${W}x${H}:rate=10`, '-frames:v', '12', '-c:v', 'libx264', '-g', '4', '-pix_fmt', 'yuv420p', videoA);
  ffmpeg('-f', 'lavfi', '-i', `testsrc2=size=${W}x${H}:rate=10`, '-frames:v', '9', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', videoB);
  ffmpeg('-f', 'lavfi', '-i', `testsrc2=size=${W}x${H}:rate=10`, '-frames:v', '300', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', videoLong);
  const gapArgs = ['-vf', "select='not(eq(n\\,5))'", '-vsync', 'passthrough', '-frames:v', '12', '-c:v', 'libx264', '-g', '4', '-pix_fmt', 'yuv420p'];
  ffmpeg('-f', 'lavfi', '-i', `testsrc2=size=${W}x${H}:rate=10`, ...gapArgs, videoGap);
  for (const video of [videoA, videoB, videoGap]) {
    const pngDir = `${video}-png`;
    mkdirSync(pngDir);
    ffmpeg('-i', video, '-vsync', 'passthrough', '-pix_fmt', 'rgb24', join(pngDir, 'f%03d.png'));
    const frames: Uint8Array[] = [];
    for (const name of readdirSync(pngDir).sort()) frames.push((await readImage(join(pngDir, name))).data as Uint8Array);
    refs.set(video, frames);
  }
});

async function collect(source: VideoSource, indices: number[]): Promise<Frame[]> {
  const out: Frame[] = [];
  for await (const frame of source.frames(indices)) out.push(frame);
  return out;
}

function expectFrame(frame: Frame, camera: string, index: number, video = videoA): void {
  const reference = refs.get(video) ?? [];
  const image = frame.images.get(camera);
  expect(image).toMatchObject({ width: W, height: H, channels: 3 });
  expect(image?.data.length).toBe(W * H * 3);
  expect(Buffer.from(image?.data as Uint8Array).equals(Buffer.from(reference[index]))).toBe(true);
}

function ffmpegChildrenReading(file: string): number {
  if (!existsSync('/proc')) return 0;
  let n = 0;
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(file)) n += 1;
    } catch {
      // process exited while listing
    }
  }
  return n;
}

describe('VideoSource', () => {
  it('probes frame count and size; synchronised count is the minimum over cameras', async () => {
    expect(refs.get(videoA)).toHaveLength(12);
    expect(refs.get(videoB)).toHaveLength(9);
    const source = await VideoSource.open({ cam1: videoB, cam0: videoA });
    expect(source.cameras).toEqual(['cam0', 'cam1']);
    expect(source.videoInfo('cam0')).toMatchObject({ width: W, height: H, frameCount: 12, fps: 10 });
    expect(source.videoInfo('cam1')?.frameCount).toBe(9);
    expect(source.frameCount).toBe(9);
    await source.close();
  });

  it('decodes every frame sequentially with pixels equal to a PNG sequence from the same ffmpeg', async () => {
    const source = await VideoSource.open({ cam0: videoA });
    const frames = await collect(
      source,
      Array.from({ length: 20 }, (_, i) => i),
    );
    expect(frames.map((f) => f.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    frames.forEach((f) => expectFrame(f, 'cam0', f.index));
  });

  it('honours start/stop/step by dropping frames and by seeking, with identical pixels', async () => {
    for (const seekGap of [48, 0]) {
      const source = await VideoSource.open({ cam0: videoA }, { seekGap });
      const frames = await collect(source, [2, 5, 8, 11]);
      expect(frames.map((f) => f.index)).toEqual([2, 5, 8, 11]);
      frames.forEach((f) => expectFrame(f, 'cam0', f.index));
      const single = await source.readFrame(7);
      expect(single?.index).toBe(7);
      if (single) expectFrame(single, 'cam0', 7);
    }
  });

  it("seeks by a video's own timestamps: a video that dropped a frame gives the frame sequential decoding gives", async () => {
    const source = await VideoSource.open({ cam0: videoGap }, { seekGap: 0 });
    expect(Array.from(source.videoInfo('cam0')?.frameTimes ?? []).map((t) => Math.round(t * 10))).toEqual([0, 1, 2, 3, 4, 6, 7, 8, 9, 10, 11, 12]);
    for (let index = 1; index < 12; index++) {
      const frame = await source.readFrame(index);
      expect(frame?.index).toBe(index);
      if (frame) expectFrame(frame, 'cam0', index, videoGap);
    }
    await source.close();
  });

  it('yields both cameras per frame through openFrameSource (type detected from files)', async () => {
    const source = await openFrameSource({ a: videoA, b: videoB });
    const frames: Frame[] = [];
    for await (const f of source.frames([0, 4, 8, 9])) frames.push(f);
    expect(frames.map((f) => f.index)).toEqual([0, 4, 8]);
    frames.forEach((f) => {
      expectFrame(f, 'a', f.index);
      expectFrame(f, 'b', f.index, videoB);
    });
  });

  it('kills its ffmpeg processes when iteration stops early or the source is closed', async () => {
    const source = await VideoSource.open({ cam0: videoLong });
    for await (const frame of source.frames([0, 1, 2, 3])) {
      expect(frame.index).toBe(0);
      expect(ffmpegChildrenReading(videoLong)).toBe(1);
      break;
    }
    expect(ffmpegChildrenReading(videoLong)).toBe(0);
    const iterator = source.frames([0, 1, 2])[Symbol.asyncIterator]();
    await iterator.next();
    expect(ffmpegChildrenReading(videoLong)).toBe(1);
    await source.close();
    expect(ffmpegChildrenReading(videoLong)).toBe(0);
  });

  it('names camera and file when a video is missing or not a video', async () => {
    const bogus = join(work, 'bogus.mp4');
    writeFileSync(bogus, 'not a video');
    await expect(VideoSource.open({ c: join(work, 'none.mp4') })).rejects.toThrow(/^camera 'c': .*none\.mp4 is not an existing video file$/);
    await expect(VideoSource.open({ c: bogus })).rejects.toMatchObject({
      code: 'AQM_ERR_IO_VIDEO_PROBE',
      message: expect.stringMatching(/^camera 'c': cannot read video .*bogus\.mp4: .+/) as unknown,
    });
  });
});
