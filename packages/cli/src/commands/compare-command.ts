import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createOutputWriter, loadConfigOrThrow } from '@aquamvs/core';
import type { Command } from 'commander';
import { compareRunFrames, formatRunChange, runFrameIndices } from '../compare/compare-run.js';
import { compareSurfaces, formatSurfaceComparison, type CompareSettings } from '../compare/compare-surfaces.js';
import { frameSurfaceFile, readSurfacePoints } from '../compare/surface-points.js';
import { createCountProgress } from '../count-progress.js';
import type { CommandContext } from './command-context.js';

interface CompareFlags {
  frames?: string;
  baseline?: string;
  icp?: boolean;
  icpMaxDistance?: string;
  gridResolution: string;
  maxGap?: string;
  minChange: string;
  out?: string;
  quiet?: boolean;
}

const isDirectory = (path: string): boolean => existsSync(path) && statSync(path).isDirectory();

/** `runtime.icp_max_distance` of the run's recorded config; 0.01 (the default) when there is none. */
async function runIcpDistance(runDir: string): Promise<number> {
  const file = join(runDir, 'config.yaml');
  if (!existsSync(file)) return 0.01;
  return (await loadConfigOrThrow(file)).runtime.icp_max_distance;
}

/**
 * `aquamvs compare A B` (two PLY clouds or meshes) or `aquamvs compare RUN_DIR --frames a:b [--baseline N]` (change
 * over time; `--frames N` compares one frame with the baseline): distances both ways, optional ICP, a height-difference
 * map (`.npz` + colour `.png`) and the volume gained and lost; for a frame range also `volume_change.csv`/`.svg`.
 */
export function registerCompareCommand(program: Command, context: CommandContext): void {
  const length = (flag: string, value: string): number => {
    const n = Number(value);
    if (!(Number.isFinite(n) && n > 0)) program.error(`error: ${flag} must be a positive length in metres (got '${value}')`);
    return n;
  };
  const frameNumber = (flag: string, value: string): number => {
    const n = Number(value);
    if (!(Number.isSafeInteger(n) && n >= 0)) program.error(`error: ${flag} must be a frame number ≥ 0 (got '${value}')`);
    return n;
  };
  program
    .command('compare')
    .description('compare two clouds/meshes (PLY), or frames of a run over time: distances, height difference, volume change')
    .argument('<a>', 'PLY cloud or mesh A, or a run output directory (with --frames)')
    .argument('[b]', 'PLY cloud or mesh B (the reference A is compared with)')
    .option(
      '--frames <range>',
      'with a run directory: frames a:b (b exclusive, either side optional) or one frame N, each compared with the baseline',
    )
    .option('--baseline <n>', 'with a run directory: the baseline frame (default: the first frame of --frames)')
    .option('--icp', 'align A onto B (each frame onto the baseline) with point-to-plane ICP first')
    .option('--icp-max-distance <m>', 'ICP correspondence distance (default: runtime.icp_max_distance of the run, else 0.01)')
    .option('--grid-resolution <m>', 'height-map grid spacing in metres', '0.005')
    .option('--max-gap <m>', 'holes wider than this stay holes in the height maps (default: 4 × grid resolution)')
    .option('--min-change <m>', 'height change counted as change (volume gained/lost, changed area)', '0.001')
    .option('--out <dir>', 'output directory (default: RUN_DIR/compare, or ./compare for two PLY files)')
    .option('-q, --quiet', 'no progress bar')
    .action(async (a: string, b: string | undefined, flags: CompareFlags) => {
      const { stdout, stderr } = context.streams;
      const gridResolution = length('--grid-resolution', flags.gridResolution);
      const minChange = Number(flags.minChange);
      if (!(Number.isFinite(minChange) && minChange >= 0))
        program.error(`error: --min-change must be a height ≥ 0 in metres (got '${flags.minChange}')`);
      const isRun = isDirectory(a);
      const settings: CompareSettings = {
        icp: flags.icp === true,
        icpMaxDistance:
          flags.icpMaxDistance === undefined ? (isRun ? await runIcpDistance(a) : 0.01) : length('--icp-max-distance', flags.icpMaxDistance),
        gridResolution,
        maxGap: flags.maxGap === undefined ? 4 * gridResolution : length('--max-gap', flags.maxGap),
        minChange,
      };
      if (!isRun) {
        if (b === undefined) program.error('error: give two PLY files (A B), or a run output directory with --frames');
        if (flags.frames !== undefined || flags.baseline !== undefined)
          program.error('error: --frames and --baseline need a run output directory as A');
        const writer = createOutputWriter(resolve(flags.out ?? 'compare'));
        const [pa, pb] = [await readSurfacePoints(a), await readSurfacePoints(b)];
        const result = await compareSurfaces({ label: a, points: pa }, { label: b, points: pb }, settings, writer, 'height_difference');
        await writer.writeFile('summary.json', `${JSON.stringify({ a, b, settings, ...result }, null, 2)}\n`);
        stdout.write(formatSurfaceComparison(a, b, result));
        return;
      }
      if (b !== undefined) program.error('error: with a run directory give --frames, not a second input');
      if (flags.frames === undefined) program.error('error: with a run directory give --frames a:b (or one frame N) to compare with the baseline');
      const runDir = resolve(a);
      const single = /^\d+$/.test(flags.frames);
      const range = /^(\d*):(\d*)$/.exec(flags.frames);
      if (!single && range === null)
        program.error(`error: --frames must be a:b (b exclusive, either side optional) or one frame N (got '${flags.frames}')`);
      const existing = runFrameIndices(runDir);
      const frames = single
        ? [Number(flags.frames)]
        : existing.filter((f) => f >= Number(range?.[1] || 0) && (range?.[2] === '' || f < Number(range?.[2])));
      const baseline = flags.baseline === undefined ? (single ? (existing[0] ?? 0) : (frames[0] ?? 0)) : frameNumber('--baseline', flags.baseline);
      const writer = createOutputWriter(resolve(flags.out ?? join(runDir, 'compare')));
      if (single) {
        const frame = frames[0];
        const [pa, pb] = [await readSurfacePoints(frameSurfaceFile(runDir, frame)), await readSurfacePoints(frameSurfaceFile(runDir, baseline))];
        const result = await compareSurfaces(
          { label: `frame ${frame}`, points: pa },
          { label: `frame ${baseline}`, points: pb },
          settings,
          writer,
          `height_difference_${String(frame).padStart(6, '0')}`,
        );
        await writer.writeFile('summary.json', `${JSON.stringify({ run: runDir, frame, baseline, settings, ...result }, null, 2)}\n`);
        stdout.write(formatSurfaceComparison(`frame ${frame}`, `frame ${baseline}`, result));
        return;
      }
      const progress = createCountProgress(!flags.quiet && stderr.isTTY === true && process.env.CI === undefined, stderr, 'frames');
      try {
        const change = await compareRunFrames(runDir, baseline, frames, settings, writer, (done, total) => progress.update(done, total));
        progress.stop();
        await writer.writeFile(
          'summary.json',
          `${JSON.stringify({ run: runDir, baseline, settings, frames: change.rows, skipped: change.skipped }, null, 2)}\n`,
        );
        stdout.write(formatRunChange(change));
      } finally {
        progress.stop();
      }
    });
}
