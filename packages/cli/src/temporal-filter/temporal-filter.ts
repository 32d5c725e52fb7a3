import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { AquamvsError, createOutputWriter } from '@aquamvs/core';
import { ffmpegPath, probeVideo, rawFrameBytes, rawRgbStdinArgs, type RawPixelFormat, type VideoInfo } from '@aquamvs/io';
import { PngFrame } from './png-frame.js';
import { RunningMedian } from './running-median.js';
import { countWindows, exactWindows, hybridWindows, type PlannedWindow, type WindowSettings } from './window-plan.js';
import { WindowReader } from './window-reader.js';
import { yuv420FormatOf, yuv420ToRgb, type Yuv420Format } from './yuv420-to-rgb.js';

/** Options of {@link temporalFilterVideo} (the `temporal-filter` flags). */
export interface TemporalFilterOptions extends WindowSettings {
  readonly format: 'png' | 'mp4';
  /** Frame rate of an mp4 output. */
  readonly outputFps: number;
  /** Sequential read instead of the hybrid seek. */
  readonly exactSeek: boolean;
}

/** What {@link temporalFilterVideo} wrote. */
export interface TemporalFilterResult {
  /** The PNG directory or the mp4 file. */
  readonly output: string;
  readonly frames: number;
  readonly width: number;
  readonly height: number;
  /** Decoder restarts (seeks). */
  readonly seeks: number;
  /** How the window held the frames: the video's own 4:2:0 planes (`yuv420p`, `yuvj420p`), or RGB24 for any other video. */
  readonly windowFormat: RawPixelFormat;
}

/** Video extensions `temporal-filter` takes from a directory (case-insensitive), as the reference. */
export const VIDEO_EXTENSIONS = ['.mp4', '.avi', '.mkv', '.mov'];

/**
 * Where one video's result goes (spec §6): PNGs in `{outDir}/{stem}/`, an mp4 as `{outDir}/{stem}_median.mp4`;
 * `outDir` defaults to the video's own directory.
 */
export function outputFor(video: string, format: 'png' | 'mp4', outDir = dirname(video)): string {
  const stem = basename(video, extname(video));
  return format === 'png' ? join(outDir, stem) : join(outDir, `${stem}_median.mp4`);
}

async function openVideo(video: string, binary: string): Promise<VideoInfo> {
  if (!existsSync(video)) throw new AquamvsError('AQM_ERR_IO_INPUT_MISSING', `temporal-filter: ${video} does not exist`);
  const info = await probeVideo(video, binary);
  if (typeof info === 'string') throw new AquamvsError('AQM_ERR_IO_VIDEO_PROBE', `temporal-filter: cannot read video ${video}: ${info}`);
  return info;
}

/**
 * Pipes raw frames into ffmpeg, which encodes MPEG-4 part 2 (the reference's `mp4v`) to `file`: RGB24, or the planes of
 * a 4:2:0 video with its colour tags, which the mp4 carries (limited range: full-range planes are rescaled).
 */
function startEncoder(binary: string, file: string, width: number, height: number, fps: number, yuv: Yuv420Format | undefined) {
  const input = rawRgbStdinArgs(width, height, fps, yuv?.rawFormat);
  const args = ['-y', ...input.slice(0, -2)];
  if (yuv?.colorRange) args.push('-color_range', yuv.colorRange);
  if (yuv?.colorSpace) args.push('-colorspace', yuv.colorSpace);
  args.push(...input.slice(-2), '-c:v', 'mpeg4', '-q:v', '2', '-pix_fmt', 'yuv420p');
  if (yuv?.colorRange) args.push('-color_range', 'tv');
  if (yuv?.colorSpace) args.push('-colorspace', yuv.colorSpace, '-movflags', '+write_colr');
  args.push('-f', 'mp4', file);
  const child = spawn(binary, args, { stdio: ['pipe', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-4096)));
  const exited = new Promise<void>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`ffmpeg exited with ${code}: ${stderr.trim().split('\n').at(-1) ?? ''}`)),
    );
  });
  return {
    write: (frame: Uint8Array): Promise<void> =>
      new Promise((resolve, reject) => child.stdin.write(frame, (error) => (error ? reject(error) : resolve()))),
    finish: async (): Promise<void> => {
      child.stdin.end();
      await exited;
    },
  };
}

/**
 * Temporal median of a video (spec §6 `temporal-filter`): for each planned window (hybrid seek by default, or
 * `exactSeek`) the per-pixel median of its frames, written as `frame_{last:06d}.png` into `output` or encoded
 * into one mp4. A 4:2:0 video (the usual H.264/HEVC camera file) is held as decoded, its Y, U and V planes (1.5 bytes a
 * pixel), the median taken per plane value, and converted to RGB as ffmpeg does only for the PNG (an mp4 takes the
 * planes); any other video is held as RGB24. Memory: one window of frames (element-major) with the median's rank
 * counts (3 bytes per value and middle rank), one decoded frame, one or two median frames and the PNG being written
 * while the next median is computed. `onProgress(done, total)` per output.
 * A video shorter than the window is `AQM_ERR_TEMPORAL_WINDOW`.
 */
export async function temporalFilterVideo(
  video: string,
  output: string,
  options: TemporalFilterOptions,
  onProgress: (done: number, total: number) => void = () => undefined,
): Promise<TemporalFilterResult> {
  const binary = ffmpegPath();
  const info = await openVideo(video, binary);
  if (info.frameCount < options.window) {
    throw new AquamvsError(
      'AQM_ERR_TEMPORAL_WINDOW',
      `temporal-filter: ${video} has ${info.frameCount} frame(s), fewer than --window ${options.window}`,
    );
  }
  const { width, height } = info;
  const plan = (): Generator<PlannedWindow> => (options.exactSeek ? exactWindows : hybridWindows)(info.frameCount, options);
  const total = countWindows(plan());
  // Both plans hold ceil(window / windowStep) frames per window.
  const slots = Math.ceil(options.window / options.windowStep);
  const yuv = yuv420FormatOf(info);
  const windowFormat = yuv?.rawFormat ?? 'rgb24';
  const elements = rawFrameBytes(width, height, windowFormat);
  const running = new RunningMedian(elements, slots);
  const reader = new WindowReader(
    { file: video, width, height, fps: info.fps, frameTimes: info.frameTimes, firstFrameTime: info.firstFrameTime, binary, rawFormat: windowFormat },
    slots,
    options.window,
    running,
  );
  // A PNG copies the median into its scanlines before it is encoded and written; an mp4 frame stays in the pipe's
  // queue until ffmpeg reads it, so the next median goes into a second buffer.
  const medians = Array.from({ length: options.format === 'png' ? 1 : 2 }, () => new Uint8Array(elements));
  let done = 0;
  const run = async (emit: (index: number, median: Uint8Array) => Promise<void>): Promise<void> => {
    let writing: Promise<void> = Promise.resolve();
    let taken = 0;
    for (const window of plan()) {
      // The packet count can exceed the decodable frames (a cut-off file): stop at the last full window.
      if (!(await reader.load(window.frames))) break;
      const median = medians[taken++ % medians.length];
      running.median(median);
      await writing;
      writing = emit(window.index, median).then(() => onProgress(++done, total));
      writing.catch(() => undefined); // awaited on the next round; a failure must not be unhandled meanwhile
    }
    await writing;
  };
  try {
    if (options.format === 'png') {
      const writer = createOutputWriter(output);
      const png = new PngFrame(width, height);
      await run(async (index, median) => {
        if (yuv) yuv420ToRgb(yuv, median, width, height, png.scanlines, png.stride, 1);
        else png.setRgb(median);
        const file = await png.encode();
        await writer.writeWith(`frame_${String(index).padStart(6, '0')}.png`, (temp) => writeFile(temp, file));
      });
    } else {
      await createOutputWriter(dirname(output)).writeWith(basename(output), async (temp) => {
        const encoder = startEncoder(binary, temp, width, height, options.outputFps, yuv);
        await run((_, median) => encoder.write(median));
        await encoder.finish();
      });
    }
  } finally {
    await reader.close();
  }
  return { output, frames: done, width, height, seeks: reader.seeks, windowFormat };
}
