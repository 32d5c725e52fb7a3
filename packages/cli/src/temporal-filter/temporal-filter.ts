import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { AquamvsError, createOutputWriter } from '@aquamvs/core';
import { encodePng, ffmpegPath, probeVideo, rawRgbStdinArgs } from '@aquamvs/io';
import { RunningMedian } from './running-median.js';
import { countWindows, exactWindows, hybridWindows, type PlannedWindow, type WindowSettings } from './window-plan.js';
import { WindowReader } from './window-reader.js';

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

async function openVideo(video: string, binary: string): Promise<{ width: number; height: number; frameCount: number; fps: number }> {
  if (!existsSync(video)) throw new AquamvsError('AQM_ERR_IO_INPUT_MISSING', `temporal-filter: ${video} does not exist`);
  const info = await probeVideo(video, binary);
  if (typeof info === 'string') throw new AquamvsError('AQM_ERR_IO_VIDEO_PROBE', `temporal-filter: cannot read video ${video}: ${info}`);
  return info;
}

/** Pipes raw RGB frames into ffmpeg, which encodes MPEG-4 part 2 (the reference's `mp4v`) to `file`. */
function startEncoder(binary: string, file: string, width: number, height: number, fps: number) {
  const args = ['-y', ...rawRgbStdinArgs(width, height, fps)];
  args.push('-c:v', 'mpeg4', '-q:v', '2', '-pix_fmt', 'yuv420p', '-f', 'mp4', file);
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
 * into one mp4. Memory: one window of decoded frames (element-major) with the median's rank counts (3 bytes per
 * element and middle rank), one decoded frame and two output frames (one is written while the next is computed). `onProgress(done, total)` per output.
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
  const plan = (): Generator<PlannedWindow> => (options.exactSeek ? exactWindows : hybridWindows)(info.frameCount, options);
  const total = countWindows(plan());
  // Both plans hold ceil(window / windowStep) frames per window.
  const slots = Math.ceil(options.window / options.windowStep);
  const elements = info.width * info.height * 3;
  const running = new RunningMedian(elements, slots);
  const reader = new WindowReader({ file: video, width: info.width, height: info.height, fps: info.fps, binary }, slots, options.window, running);
  // Two output frames: one being encoded and written while the next window is decoded and its median taken.
  const outputs = [new Uint8Array(elements), new Uint8Array(elements)];
  let done = 0;
  const run = async (emit: (index: number, frame: Uint8Array) => Promise<void>): Promise<void> => {
    let writing: Promise<void> = Promise.resolve();
    let taken = 0;
    for (const window of plan()) {
      // The packet count can exceed the decodable frames (a cut-off file): stop at the last full window.
      if (!(await reader.load(window.frames))) break;
      const median = outputs[taken++ % 2];
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
      await run(async (index, frame) => {
        const name = `frame_${String(index).padStart(6, '0')}.png`;
        await writer.writeFile(
          name,
          await encodePng({ width: info.width, height: info.height, channels: 3, data: frame }, { compressionLevel: 1 }, name),
        );
      });
    } else {
      await createOutputWriter(dirname(output)).writeWith(basename(output), async (temp) => {
        const encoder = startEncoder(binary, temp, info.width, info.height, options.outputFps);
        await run((_, frame) => encoder.write(frame));
        await encoder.finish();
      });
    }
  } finally {
    await reader.close();
  }
  return { output, frames: done, width: info.width, height: info.height, seeks: reader.seeks };
}
