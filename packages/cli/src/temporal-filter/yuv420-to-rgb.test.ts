import { execFileSync } from 'node:child_process';
import { ffmpegPath, type VideoInfo } from '@aquamvs/io';
import { describe, expect, it } from 'vitest';
import { yuv420FormatOf, yuv420ToRgb } from './yuv420-to-rgb.js';

const W = 64;
const H = 48;

function randomPlanes(seed: number): Uint8Array {
  const planes = new Uint8Array(W * H * 1.5);
  let s = seed;
  for (let i = 0; i < planes.length; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    planes[i] = s >>> 24;
  }
  // Every value in every plane, extremes included (the conversion clamps there).
  for (let v = 0; v < 256; v++) planes[v * 7] = planes[W * H + v] = planes[W * H * 1.25 + ((v * 3) % (W * H * 0.25))] = v;
  return planes;
}

const info = (pixelFormat: string, colorRange?: 'tv' | 'pc', colorSpace?: string): VideoInfo => ({
  width: W,
  height: H,
  frameCount: 1,
  fps: 30,
  pixelFormat,
  colorRange,
  colorSpace,
});

describe('yuv420ToRgb', () => {
  // ffmpeg reads the raw planes with the same tags a decoded stream carries and converts them with `-pix_fmt rgb24`.
  it.each([
    { pixelFormat: 'yuv420p', args: [] },
    { pixelFormat: 'yuvj420p', colorRange: 'pc', args: [] },
    { pixelFormat: 'yuv420p', colorRange: 'tv', colorSpace: 'bt709', args: ['-color_range', 'tv', '-colorspace', 'bt709'] },
    { pixelFormat: 'yuvj420p', colorRange: 'pc', colorSpace: 'bt709', args: ['-color_range', 'pc', '-colorspace', 'bt709'] },
    { pixelFormat: 'yuv420p', colorRange: 'tv', colorSpace: 'smpte170m', args: ['-color_range', 'tv', '-colorspace', 'smpte170m'] },
    { pixelFormat: 'yuv420p', colorRange: 'tv', colorSpace: 'bt2020nc', args: ['-color_range', 'tv', '-colorspace', 'bt2020nc'] },
    { pixelFormat: 'yuv420p', colorRange: 'tv', colorSpace: 'fcc', args: ['-color_range', 'tv', '-colorspace', 'fcc'] },
    { pixelFormat: 'yuv420p', colorRange: 'tv', colorSpace: 'smpte240m', args: ['-color_range', 'tv', '-colorspace', 'smpte240m'] },
  ] as const)('is ffmpeg\u2019s own conversion of $pixelFormat $colorRange $colorSpace', ({ pixelFormat, colorRange, colorSpace, args }) => {
    const planes = randomPlanes(W + pixelFormat.length + (colorSpace?.length ?? 0));
    const expected = execFileSync(
      ffmpegPath(),
      [
        '-hide_banner',
        '-loglevel',
        'error',
        '-f',
        'rawvideo',
        '-pix_fmt',
        pixelFormat,
        ...args,
        '-s',
        `${W}x${H}`,
        '-i',
        '-',
        '-f',
        'rawvideo',
        '-pix_fmt',
        'rgb24',
        '-',
      ],
      { input: planes },
    );
    const format = yuv420FormatOf(info(pixelFormat, colorRange, colorSpace));
    expect(format?.rawFormat).toBe(pixelFormat);
    const rgb = new Uint8Array(W * H * 3);
    yuv420ToRgb(format!, planes, W, H, rgb, W * 3, 0);
    let max = 0;
    for (let i = 0; i < rgb.length; i++) max = Math.max(max, Math.abs(rgb[i] - expected[i]));
    // Bit-exact with libswscale's x86 conversion (the bundled ffmpeg); its plain-C tables elsewhere round each term.
    expect(max).toBeLessThanOrEqual(process.arch === 'x64' ? 0 : 2);
  });

  it('leaves other videos to the RGB24 path: not 4:2:0, full range declared on yuv420p, odd sizes, other matrices', () => {
    expect(yuv420FormatOf(info('yuv444p'))).toBeUndefined();
    expect(yuv420FormatOf(info('gbrp', 'tv'))).toBeUndefined();
    expect(yuv420FormatOf(info('yuv420p10le', 'tv'))).toBeUndefined();
    expect(yuv420FormatOf(info('yuv420p', 'pc'))).toBeUndefined();
    expect(yuv420FormatOf({ ...info('yuv420p'), width: 63 })).toBeUndefined();
    expect(yuv420FormatOf(info('yuv420p', 'tv', 'ycgco'))).toBeUndefined();
    expect(yuv420FormatOf(info('yuv420p', 'tv', 'bt709'))).toMatchObject({ rawFormat: 'yuv420p', colorRange: 'tv', colorSpace: 'bt709' });
    expect(yuv420FormatOf(info('yuvj420p', 'pc', 'bt470bg'))).toMatchObject({ rawFormat: 'yuvj420p', colorRange: 'pc', colorSpace: 'bt470bg' });
  });
});
