import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { RunSummary } from '@aquamvs/core';
import { writeSyntheticDataset } from '@aquamvs/benchmark';
import { cliLogger } from './cli-logger.js';
import type { CommandContext } from './commands/command-context.js';
import { executeRun, type ExecuteRunOptions } from './execute-run.js';
import { findSyntheticDataset, reportSyntheticAccuracy } from './synthetic-accuracy.js';

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

/** True when `dir` already holds a finished dataset for the same rig, scene and seed. */
async function datasetMatches(dir: string, rig: string, scene: string): Promise<boolean> {
  if (!existsSync(join(dir, 'config.yaml'))) return false;
  const dataset = await findSyntheticDataset(join(dir, 'config.yaml'));
  return dataset?.rig === rig && dataset.scene === scene && dataset.seed === DEMO_SEED;
}

/**
 * `aquamvs run` without a config: writes the synthetic dataset (once), runs the pipeline on it, and prints the
 * accuracy against the exact ground truth.
 */
export async function runDemo(options: DemoOptions, context: CommandContext): Promise<RunSummary> {
  const rig = options.rig ?? 'standard';
  const scene = options.scene ?? 'flat';
  const dir = resolve(options.demoDir ?? 'aquamvs-demo');
  const log = cliLogger(options);
  if (await datasetMatches(dir, rig, scene)) {
    log.info(`using the synthetic dataset in ${dir} (${rig} rig, ${scene} scene)`);
  } else {
    log.info(`no config given: rendering the synthetic ${rig} rig, ${scene} scene into ${dir} …`);
    const written = await writeSyntheticDataset({ out: dir, rig, scene, seed: DEMO_SEED, frames: 1 });
    log.info(`rendered ${written.cameras.length} cameras in ${written.timings.totalS.toFixed(1)} s`);
  }
  const summary = await executeRun(join(dir, 'config.yaml'), options, context);
  await reportSyntheticAccuracy({ dir, rig, scene, seed: DEMO_SEED }, summary, log, context);
  return summary;
}
