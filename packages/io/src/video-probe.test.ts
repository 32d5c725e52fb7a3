import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ffmpegPath } from './ffmpeg-path.js';
import { probeVideo, type VideoInfo } from './video-probe.js';

const work = mkdtempSync(join(tmpdir(), 'aqm-io-probe-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function encode(name: string, ...codec: string[]): string {
  const file = join(work, name);
  execFileSync(ffmpegPath(), [
    '-hide_banner',
    '-loglevel',
    'error',
    '-y',
    '-f',
    'lavfi',
    '-i',
    'testsrc2=size=64x48:rate=10',
    ...codec,
    '-frames:v',
    '3',
    file,
  ]);
  return file;
}

describe('probeVideo', () => {
  it("reads the decoder's pixel format, colour range and matrix from the stream line", async () => {
    expect(await probeVideo(encode('plain.mp4', '-c:v', 'libx264', '-pix_fmt', 'yuv420p'))).toEqual({
      width: 64,
      height: 48,
      frameCount: 3,
      fps: 10,
      pixelFormat: 'yuv420p',
      frameTimes: Float64Array.from([0, 0.1, 0.2]),
      firstFrameTime: 0,
    });
    const hd = encode('hd.mp4', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-colorspace', 'bt709', '-color_primaries', 'bt709', '-color_trc', 'bt709');
    expect(await probeVideo(hd)).toMatchObject({ pixelFormat: 'yuv420p', colorRange: 'tv', colorSpace: 'bt709' });
    const full = encode('full.mp4', '-c:v', 'libx264', '-pix_fmt', 'yuvj420p', '-colorspace', 'bt470bg');
    expect(await probeVideo(full)).toMatchObject({ pixelFormat: 'yuvj420p', colorRange: 'pc', colorSpace: 'bt470bg' });
    expect(await probeVideo(encode('rgb.mp4', '-c:v', 'libx264rgb', '-crf', '0'))).toMatchObject({ pixelFormat: 'gbrp' });
  });

  it('reads every frame time, where a dropped frame shows as a gap, and none from a stream without timestamps', async () => {
    const gap = await probeVideo(
      encode('gap.mkv', '-vf', "select='not(eq(n\\,1))'", '-vsync', 'passthrough', '-c:v', 'libx264', '-pix_fmt', 'yuv420p'),
    );
    expect(gap).toMatchObject({ frameCount: 3, firstFrameTime: 0 });
    expect(Array.from((gap as VideoInfo).frameTimes ?? [])).toEqual([0, 0.2, 0.3]);
    const raw = await probeVideo(encode('raw.h264', '-c:v', 'libx264', '-pix_fmt', 'yuv420p'));
    expect(raw).toMatchObject({ frameCount: 3 });
    expect(raw).not.toHaveProperty('frameTimes');
  });
});
