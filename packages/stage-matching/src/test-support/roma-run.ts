import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SyntheticScene } from '@aquamvs/benchmark';
import {
  aquamvsConfigSchema,
  runPipeline,
  silentLogger,
  STAGE,
  type AquamvsConfigInput,
  type AquamvsPlugin,
  type Artifacts,
  type FrameImage,
  type RunContext,
  type RunResources,
  type RunSummary,
  TypedStore,
  type Stage,
} from '@aquamvs/core';
import { prepareRig, type Rig } from '@aquamvs/geometry';
import { planeSweepPlugin } from '@aquamvs/stage-depth';
import { fusionPlugin } from '@aquamvs/stage-fusion';
import { surfacePlugin } from '@aquamvs/stage-surface';
import { undistortPlugin } from '@aquamvs/stage-undistort';
import { matchingPlugin } from '../plugin.js';
import { buildLookupRomaModel } from './roma-lookup-model.js';

export interface RomaRun {
  summary: RunSummary;
  dir: string;
  artifacts: Partial<Artifacts>;
  warnings: string[];
}

/** Runs `stages` (+ a capture stage) through `runPipeline` with every built-in plugin the RoMa pathways need. */
export async function runRoma(scene: SyntheticScene, stages: readonly string[], config: AquamvsConfigInput): Promise<RomaRun> {
  const dir = await mkdtemp(join(tmpdir(), 'aqm-roma-'));
  const artifacts: Partial<Artifacts> = {};
  const capture: Stage = {
    id: 'capture',
    consumes: [],
    produces: [],
    run(ctx) {
      for (const key of ctx.artifacts.keys()) (artifacts as Record<string, unknown>)[key] = ctx.artifacts.find(key as keyof Artifacts);
      return Promise.resolve();
    },
  };
  const helpers: AquamvsPlugin = { name: 'test-helpers', register: (c) => void c.register(STAGE, { useValue: capture }) };
  const warnings: string[] = [];
  const log = { ...silentLogger, warn: (m: string) => void warnings.push(m), child: () => log };
  const summary = await runPipeline({
    config: aquamvsConfigSchema.parse({ ...config, output_dir: dir, pipeline: { stages: [...stages, 'capture'] } }),
    frameSource: scene.frameSource(),
    plugins: [undistortPlugin(), matchingPlugin(), planeSweepPlugin(), fusionPlugin(), surfacePlugin(), helpers],
    resources: { calibration: scene.calibration },
    log,
  });
  return { summary, dir, artifacts, warnings };
}

/** Undistorts frame 0 with the real stage and writes the scene's true-warp lookup model to a temp file. */
export async function writeLookupModel(
  scene: SyntheticScene,
  gridW: number,
  gridH: number,
): Promise<{ path: string; rig: Rig; images: ReadonlyMap<string, FrameImage> }> {
  const run = await runRoma(scene, ['undistort'], {});
  if (run.summary.failed.length > 0) throw run.summary.failed[0].error;
  const images = run.artifacts.undistortedImages ?? new Map<string, FrameImage>();
  const resources = new TypedStore<RunResources>('test');
  resources.set('calibration', scene.calibration);
  const rig = await prepareRig({ config: aquamvsConfigSchema.parse({}), resources, log: silentLogger } as unknown as RunContext);
  const bytes = buildLookupRomaModel(scene, rig, images, gridW, gridH);
  const path = join(await mkdtemp(join(tmpdir(), 'aqm-roma-model-')), 'roma-lookup.onnx');
  await writeFile(path, bytes);
  return { path, rig, images };
}
