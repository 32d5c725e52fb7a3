import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { isAquamvsError } from '@aquamvs/core';
import type { Command } from 'commander';
import { createCountProgress } from '../count-progress.js';
import { outputFor, temporalFilterVideo, VIDEO_EXTENSIONS, type TemporalFilterOptions } from '../temporal-filter/temporal-filter.js';
import type { CommandContext } from './command-context.js';

interface TemporalFilterFlags {
  outputDir?: string;
  window: string;
  framestep: string;
  format: string;
  outputFps: string;
  exactSeek?: boolean;
  windowStep: string;
  quiet?: boolean;
}

/**
 * `aquamvs temporal-filter INPUT [--output-dir] [--window 30] [--framestep 1] [--format png|mp4] [--output-fps 30]
 * [--exact-seek] [--window-step 1]` (spec §6): a temporal median over a sliding window of video frames, removing
 * fish and debris before reconstruction. INPUT is a video or a directory of videos (each processed; a failing one is
 * reported and the rest go on).
 */
export function registerTemporalFilterCommand(program: Command, context: CommandContext): void {
  const count = (flag: string, value: string): number => {
    const n = Number(value);
    if (!(Number.isSafeInteger(n) && n >= 1)) program.error(`error: ${flag} must be an integer ≥ 1 (got '${value}')`);
    return n;
  };
  program
    .command('temporal-filter')
    .description('temporal median over a sliding window of video frames (removes fish and debris before reconstruction)')
    .argument('<input>', 'a video file, or a directory of videos (.mp4 .avi .mkv .mov)')
    .option('--output-dir <dir>', 'where results go (default: next to the input; a directory input: <dir>_median/)')
    .option('--window <n>', 'frames per median window', '30')
    .option('--framestep <n>', 'output every n-th window position', '1')
    .option('--format <format>', 'png (one image per window) or mp4 (one video)', 'png')
    .option('--output-fps <fps>', 'frame rate of an mp4 output', '30')
    .option('--exact-seek', 'read every frame sequentially instead of seeking to each window')
    .option('--window-step <n>', 'use every n-th frame of a window', '1')
    .option('-q, --quiet', 'no progress bar')
    .action(async (input: string, flags: TemporalFilterFlags) => {
      const { stdout, stderr } = context.streams;
      if (flags.format !== 'png' && flags.format !== 'mp4') program.error(`error: --format must be png or mp4 (got '${flags.format}')`);
      const outputFps = Number(flags.outputFps);
      if (!(Number.isFinite(outputFps) && outputFps > 0)) program.error(`error: --output-fps must be a positive number (got '${flags.outputFps}')`);
      const options: TemporalFilterOptions = {
        window: count('--window', flags.window),
        framestep: count('--framestep', flags.framestep),
        windowStep: count('--window-step', flags.windowStep),
        format: flags.format,
        outputFps,
        exactSeek: flags.exactSeek === true,
      };
      if (options.windowStep > options.window) program.error(`error: --window-step ${options.windowStep} is larger than --window ${options.window}`);
      const path = resolve(input);
      const isDir = existsSync(path) && statSync(path).isDirectory();
      const videos = isDir
        ? readdirSync(path)
            .filter((n) => VIDEO_EXTENSIONS.includes(extname(n).toLowerCase()))
            .sort()
            .map((n) => join(path, n))
        : [path];
      const outDir = flags.outputDir === undefined ? (isDir ? join(dirname(path), `${basename(path)}_median`) : undefined) : resolve(flags.outputDir);
      const progressOn = !flags.quiet && stderr.isTTY === true && process.env.CI === undefined;
      let ok = 0;
      for (const video of videos) {
        const progress = createCountProgress(progressOn, stderr, basename(video));
        try {
          const result = await temporalFilterVideo(video, outputFor(video, options.format, outDir), options, (done, total) =>
            progress.update(done, total),
          );
          progress.stop();
          stdout.write(`${basename(video)}: ${result.frames} median frame(s) of ${result.width}×${result.height} → ${result.output}\n`);
          ok++;
        } catch (error) {
          progress.stop();
          if (!isDir || !isAquamvsError(error)) throw error;
          stderr.write(`error ${error.code}: ${error.message}\n`);
        }
      }
      if (isDir) {
        stdout.write(`${ok}/${videos.length} video(s) filtered\n`);
        if (ok < videos.length || videos.length === 0) context.setExitCode(1);
      }
    });
}
