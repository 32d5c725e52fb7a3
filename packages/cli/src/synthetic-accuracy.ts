import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { frameDirName, type Logger, type RunSummary } from '@aquamvs/core';
import { createSyntheticScene, type SceneSpec, type SyntheticScene } from '@aquamvs/benchmark';
import { cloudAccuracy, depthMapError, evaluateCloud, surfaceSamples } from '@aquamvs/benchmark/metrics';
import { loadCalibration } from '@aquamvs/geometry';
import { readNpz, readPly } from '@aquamvs/io';
import type { CommandContext } from './commands/command-context.js';

interface SceneRecord {
  generator?: string;
  rig?: string;
  scene?: { name?: string };
  seed?: number;
}

/** A synthetic dataset written by `aquamvs synth` or the demo: where it is and what made it. */
export interface SyntheticDataset {
  readonly dir: string;
  readonly rig: string;
  readonly scene: string;
  readonly seed: number;
}

/**
 * The synthetic dataset a config belongs to: its directory holds the `scene.json` our generator writes and the
 * `ground_truth/` folder. `undefined` for any other config (a user's own data).
 */
export async function findSyntheticDataset(configPath: string): Promise<SyntheticDataset | undefined> {
  const dir = dirname(resolve(configPath));
  if (!existsSync(join(dir, 'scene.json')) || !existsSync(join(dir, 'ground_truth'))) return undefined;
  try {
    const record = JSON.parse(await readFile(join(dir, 'scene.json'), 'utf8')) as SceneRecord;
    if (record.generator !== '@aquamvs/benchmark' || record.rig === undefined || record.scene?.name === undefined) return undefined;
    return { dir, rig: record.rig, scene: record.scene.name, seed: record.seed ?? 0 };
  } catch {
    return undefined;
  }
}

/**
 * The scene a dataset's images show: its `scene.json` spec (bed, relief, depth below the water) through its own
 * `calibration.json`, the rig as rendered (a lab's own file, or a built-in rig as the scene mounted it, so the field
 * mounting is not applied twice). Rebuilding it from the rig's and the scene's names would score a dataset rendered
 * through a lab's calibration or at another water depth against a surface its images do not show.
 */
async function renderedScene(dataset: SyntheticDataset): Promise<SyntheticScene> {
  const record = JSON.parse(await readFile(join(dataset.dir, 'scene.json'), 'utf8')) as { scene: SceneSpec };
  const calibration = await loadCalibration(join(dataset.dir, 'calibration.json'));
  const { rigVariant: _mounted, ...spec } = record.scene;
  return createSyntheticScene({ rig: calibration, rigName: dataset.rig, scene: spec, seed: dataset.seed });
}

/**
 * Prints, per finished frame, the accuracy of the run's outputs against the dataset's exact ground truth: every depth
 * map, `fused.ply` / `sparse.ply` (median, p90, F-score at 1/2/5 mm against the surface seen by ≥ 2 ring cameras)
 * and the mesh's vertices.
 */
export async function reportSyntheticAccuracy(dataset: SyntheticDataset, summary: RunSummary, log: Logger, context: CommandContext): Promise<void> {
  const dir = dataset.dir;
  const synthetic = await renderedScene(dataset);
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
        out(
          `  depth ${camera}: median |Δδ| ${e.medianAbsErrorMm.toFixed(3)} mm, p90 ${e.p90AbsErrorMm.toFixed(3)} mm, valid ${(100 * e.validShare).toFixed(1)} %`,
        );
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
