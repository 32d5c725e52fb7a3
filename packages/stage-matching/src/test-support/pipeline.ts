import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  aquamvsConfigSchema,
  createMemoryFrameSource,
  runPipeline,
  silentLogger,
  STAGE,
  type AquamvsConfigInput,
  type AquamvsPlugin,
  type Artifacts,
  type FrameImage,
  type RunSummary,
  type Stage,
} from '@aquamvs/core';
import { prepareRig, remap, type Calibration } from '@aquamvs/geometry';
import { matchingPlugin, type MatchingPluginOptions } from '../plugin.js';

/** Test-only undistortion stage (the real one lives in @aquamvs/stage-undistort, which stages may not import). */
const undistort: Stage = {
  id: 'undistort',
  consumes: ['rawImages'],
  produces: ['undistortedImages'],
  async run(ctx) {
    const rig = await prepareRig(ctx.run);
    const out = new Map<string, FrameImage>();
    for (const [name, image] of ctx.artifacts.get('rawImages')) {
      const model = rig.models.get(name);
      if (model === undefined) continue;
      const r = remap({ data: image.data as Uint8Array, width: image.width, height: image.height, channels: image.channels }, model.undistortion);
      out.set(name, { width: r.width, height: r.height, channels: image.channels, data: r.data });
    }
    ctx.artifacts.set('undistortedImages', out);
  },
};

export interface PipelineRun {
  summary: RunSummary;
  dir: string;
  artifacts: Partial<Artifacts>;
  warnings: string[];
}

/** Runs `stages` (after the test undistortion) on one frame of `images` and captures every artifact. */
export async function runSparse(
  calibration: Calibration,
  images: Map<string, FrameImage>,
  stages: string[],
  config: AquamvsConfigInput = {},
  options: MatchingPluginOptions = {},
): Promise<PipelineRun> {
  const dir = await mkdtemp(join(tmpdir(), 'aqm-matching-'));
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
  const helpers: AquamvsPlugin = {
    name: 'test-helpers',
    register(c) {
      c.register(STAGE, { useValue: undistort });
      c.register(STAGE, { useValue: capture });
    },
  };
  const warnings: string[] = [];
  const log = { ...silentLogger, warn: (m: string) => void warnings.push(m), child: () => log };
  const summary = await runPipeline({
    config: aquamvsConfigSchema.parse({ ...config, output_dir: dir, pipeline: { stages: ['undistort', ...stages, 'capture'] } }),
    frameSource: createMemoryFrameSource([...images.keys()], 1, () => images),
    plugins: [helpers, matchingPlugin(options)],
    resources: { calibration },
    log,
  });
  return { summary, dir, artifacts, warnings };
}
