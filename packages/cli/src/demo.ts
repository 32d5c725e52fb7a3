import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { createLogger, frameDirName, type Logger, type RunSummary } from '@aquamvs/core';
import { createSyntheticScene, writeSyntheticDataset } from '@aquamvs/benchmark';
import { cloudAccuracy, depthMapError, evaluateCloud, surfaceSamples } from '@aquamvs/benchmark/metrics';
import { readNpz, readPly } from '@aquamvs/io';
import type { CommandContext } from './commands/command-context.js';
import { executeRun, type ExecuteRunOptions } from './execute-run.js';

/** The built-in demo: which synthetic dataset `aquamvs run` makes when no config is given. */
export interface DemoOptions extends ExecuteRunOptions {
  /** Synthetic rig. @default 'standard' */
  rig?: string;
  /** Synthetic scene. @default 'flat' */
  scene?: string;
  /** Dataset directory. @default ./aquamvs-demo */
  demoDir?: string;
}

const DEMO_SEED = 7;

interface SceneRecord {
  rig?: string;
  scene?: { name?: string };
  seed?: number;
}

/** True when `dir` already holds a finished dataset for the same rig, scene and seed. */
async function datasetMatches(dir: string, rig: string, scene: string): Promise<boolean> {
  if (!existsSync(join(dir, 'config.yaml'))) return false;
  try {
    const record = JSON.parse(await readFile(join(dir, 'scene.json'), 'utf8')) as SceneRecord;
    return record.rig === rig && record.scene?.name === scene && record.seed === DEMO_SEED;
  } catch {
    return false;
  }
}

/**
 * `aquamvs run` without a config: writes the synthetic dataset (once), runs the pipeline on it, and prints the
 * accuracy against the exact ground truth.
 */
export async function runDemo(options: DemoOptions, context: CommandContext): Promise<RunSummary> {
  const rig = options.rig ?? 'standard';
  const scene = options.scene ?? 'flat';
  const dir = resolve(options.demoDir ?? 'aquamvs-demo');
  const log = createLogger({ name: 'aquamvs', level: options.quiet ? 'warn' : 'info' });
  if (await datasetMatches(dir, rig, scene)) {
    log.info(`using the synthetic dataset in ${dir} (${rig} rig, ${scene} scene)`);
  } else {
    log.info(`no config given: rendering the synthetic ${rig} rig, ${scene} scene into ${dir} …`);
    const written = await writeSyntheticDataset({ out: dir, rig, scene, seed: DEMO_SEED, frames: 1 });
    log.info(`rendered ${written.cameras.length} cameras in ${written.timings.totalS.toFixed(1)} s`);
  }
  const summary = await executeRun(join(dir, 'config.yaml'), options, context);
  await reportAccuracy(dir, { rig, scene }, summary, log, context);
  return summary;
}

async function reportAccuracy(
  dir: string,
  which: { rig: string; scene: string },
  summary: RunSummary,
  log: Logger,
  context: CommandContext,
): Promise<void> {
  const synthetic = createSyntheticScene({ rig: which.rig, scene: which.scene, seed: DEMO_SEED });
  const out = (line: string): void => void context.streams.stdout.write(`${line}\n`);
  for (const frame of [...summary.done, ...summary.skipped]) {
    const frameDir = join(summary.outputDir, frameDirName(frame));
    out(`accuracy against ground truth, ${frameDirName(frame)}:`);
    const depthDir = join(frameDir, 'depth_maps');
    if (existsSync(depthDir)) {
      for (const file of (await readdir(depthDir)).filter((f) => f.endsWith('.npz')).sort()) {
        const camera = file.slice(0, -4);
        const estimate = (await readNpz(join(depthDir, file))).depth;
        const truth = (await readNpz(join(dir, 'ground_truth', file))).depth;
        const e = depthMapError(estimate.data as Float32Array, truth.data as Float32Array);
        out(`  depth ${camera}: median |Δδ| ${e.medianAbsErrorMm.toFixed(3)} mm, p90 ${e.p90AbsErrorMm.toFixed(3)} mm, valid ${(100 * e.validShare).toFixed(1)} %`);
      }
    }
    for (const cloud of ['fused', 'sparse']) {
      const path = join(frameDir, 'point_cloud', `${cloud}.ply`);
      if (!existsSync(path)) continue;
      const points = Float64Array.from((await readPly(path)).positions);
      const evaluation = evaluateCloud(points, synthetic.surface, surfaceSamples(synthetic));
      const a = evaluation.accuracy;
      const scores = evaluation.scores.map((s) => `F@${s.thresholdMm}mm ${s.fScore.toFixed(3)}`).join(', ');
      out(`  ${cloud} cloud: ${a.count} points, median ${a.medianMm.toFixed(3)} mm, p90 ${a.p90Mm.toFixed(3)} mm; ${scores}`);
    }
    const mesh = join(frameDir, 'mesh', 'surface.ply');
    if (existsSync(mesh)) {
      const vertices = Float64Array.from((await readPly(mesh)).positions);
      const a = cloudAccuracy(vertices, synthetic.surface);
      out(`  mesh: ${a.count} vertices, median ${a.medianMm.toFixed(3)} mm, p90 ${a.p90Mm.toFixed(3)} mm`);
    }
  }
  log.debug(`ground truth in ${join(dir, 'ground_truth')}`);
}
