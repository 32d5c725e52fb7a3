import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createSyntheticScene } from '@aquamvs/benchmark';
import { defaultConfig, PATHWAYS, runPipeline, silentLogger, type AquamvsConfig, type RunSummary } from '@aquamvs/core';
import { serializeCalibration } from '@aquamvs/geometry';
import { createRunProfiler } from '@aquamvs/profiler';
import { planeSweepPlugin } from '@aquamvs/stage-depth';
import { fusionPlugin } from '@aquamvs/stage-fusion';
import { matchingPlugin } from '@aquamvs/stage-matching';
import { surfacePlugin } from '@aquamvs/stage-surface';
import { undistortPlugin } from '@aquamvs/stage-undistort';
import { vizPlugin } from '../plugin.js';
import { VIZ_STAGE_ID } from '../viz-stage.js';

/**
 * Runs the `ci` synthetic rig (undulating scene, `frames` frames, small settings) through the full classic pathway
 * with the profiler and the viz stage, writing a complete output directory under `dir/output`.
 */
export async function runCiPipeline(dir: string, frames = 2): Promise<{ outputDir: string; summary: RunSummary }> {
  const scene = createSyntheticScene({ rig: 'ci', scene: 'undulating', workers: 1 });
  await mkdir(dir, { recursive: true });
  const calibrationPath = join(dir, 'calibration.json');
  await writeFile(calibrationPath, JSON.stringify(serializeCalibration(scene.calibration)));
  const outputDir = join(dir, 'output');
  const base = defaultConfig();
  const config: AquamvsConfig = {
    ...base,
    calibration_path: calibrationPath,
    output_dir: outputDir,
    reconstruction: { ...base.reconstruction, num_depths: 32, surface_method: 'heightfield', grid_resolution: 0.004 },
    runtime: { ...base.runtime, viz_enabled: true, viz_stages: [], save_features: true, workers: 1, quiet: true },
    pipeline: { ...base.pipeline, stages: [...PATHWAYS['classic:full'], VIZ_STAGE_ID] },
  };
  const profiler = createRunProfiler({ outputDir: join(outputDir, 'profile') });
  const summary = await profiler.run(() =>
    runPipeline({
      config,
      frameSource: scene.frameSource(frames),
      outputDir,
      plugins: [
        undistortPlugin(),
        matchingPlugin(),
        planeSweepPlugin(),
        fusionPlugin(),
        surfacePlugin(),
        vizPlugin({ render: { width: 640, height: 480 } }),
        profiler.plugin,
      ],
      log: silentLogger,
      resources: { calibration: scene.calibration },
    }),
  );
  await profiler.finish();
  return { outputDir, summary };
}
