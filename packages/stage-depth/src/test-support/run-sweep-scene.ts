import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  aquamvsConfigSchema,
  HOOKS,
  runPipeline,
  silentLogger,
  STAGE,
  type AquamvsPlugin,
  type DepthMap,
  type FrameImage,
  type PipelineHooks,
  type Stage,
} from '@aquamvs/core';
import { createSyntheticScene, type SyntheticScene } from '@aquamvs/benchmark';
import { depthMapError } from '@aquamvs/benchmark/metrics';
import { prepareRig, undistortInto } from '@aquamvs/geometry';
import { planeSweepPlugin } from '../plugin.js';
import type { PlaneSweepStageOptions } from '../plane-sweep-stage.js';

/** Feeds undistorted images and ground-truth depth ranges (min/max ± margin), as the earlier stages would. */
function feedStage(scene: SyntheticScene, margin: number, dropRange: readonly string[]): Stage {
  return {
    id: 'feed',
    consumes: ['rawImages'],
    produces: ['undistortedImages', 'depthRanges', 'masks'],
    async run(ctx) {
      const rig = await prepareRig(ctx.run);
      const raw = ctx.artifacts.get('rawImages');
      const images = new Map<string, FrameImage>();
      const ranges = new Map<string, { min: number; max: number }>();
      for (const [name, model] of rig.models) {
        const image = raw.get(name) as FrameImage;
        const { width, height } = model.undistortion;
        const data = new Uint8Array(width * height * 3);
        undistortInto(image as never, model.undistortion, { data, width, height, channels: 3 });
        images.set(name, { width, height, data, channels: 3 });
        const gt = scene.groundTruth(name).depth;
        let lo = Infinity;
        let hi = -Infinity;
        for (const d of gt) {
          if (d < lo) lo = d;
          if (d > hi) hi = d;
        }
        if (Number.isFinite(lo) && !dropRange.includes(name)) ranges.set(name, { min: Math.max(0, lo - margin), max: hi + margin });
      }
      ctx.artifacts.set('undistortedImages', images);
      ctx.artifacts.set('depthRanges', ranges);
      ctx.artifacts.set('masks', new Map());
    },
  };
}

export interface SceneSweepResult {
  readonly dir: string;
  readonly maps: ReadonlyMap<string, DepthMap>;
  readonly errors: ReadonlyMap<string, ReturnType<typeof depthMapError>>;
  readonly seconds: number;
  readonly warnings: readonly string[];
  /** Info and debug messages, in order. */
  readonly messages: readonly string[];
  /** The depth maps of every frame run (`frames`). */
  readonly byFrame: ReadonlyMap<number, ReadonlyMap<string, DepthMap>>;
}

/** Runs `feed → plane-sweep` through the engine on a synthetic scene and scores every depth map. */
export async function runSweepScene(
  rigName: string,
  sceneName: string,
  options: PlaneSweepStageOptions & {
    numDepths?: number;
    windowSize?: number;
    margin?: number;
    dropRange?: string[];
    config?: Record<string, unknown>;
    hooks?: PipelineHooks;
    /** Frames to run, all showing the scene's (static) frame; the maps and errors are the last one's. @default [0] */
    frames?: readonly number[];
  } = {},
): Promise<SceneSweepResult> {
  const scene = createSyntheticScene({ rig: rigName, scene: sceneName, seed: 1 });
  const dir = await mkdtemp(join(tmpdir(), 'aqm-depth-'));
  const config = aquamvsConfigSchema.parse({
    ...options.config,
    output_dir: dir,
    pipeline: { stages: ['feed', 'plane-sweep', 'capture'] },
    reconstruction: {
      ...(options.config?.reconstruction as object | undefined),
      num_depths: options.numDepths ?? 128,
      window_size: options.windowSize ?? 11,
    },
  });
  let maps: ReadonlyMap<string, DepthMap> = new Map();
  const byFrame = new Map<number, ReadonlyMap<string, DepthMap>>();
  const capture: Stage = {
    id: 'capture',
    consumes: ['depthMaps'],
    produces: [],
    run: (ctx) => {
      maps = ctx.artifacts.get('depthMaps');
      byFrame.set(ctx.frame, maps);
      return Promise.resolve();
    },
  };
  const helpers: AquamvsPlugin = {
    name: 'test-helpers',
    register: (c) => {
      c.register(STAGE, { useValue: feedStage(scene, options.margin ?? 0.05, options.dropRange ?? []) });
      c.register(STAGE, { useValue: capture });
      if (options.hooks !== undefined) c.register(HOOKS, { useValue: options.hooks });
    },
  };
  const { numDepths: _n, windowSize: _w, margin: _m, dropRange: _d, config: _c, hooks: _h, frames = [0], ...stageOptions } = options;
  const warnings: string[] = [];
  const messages: string[] = [];
  const log = {
    ...silentLogger,
    warn: (m: string) => void warnings.push(m),
    info: (m: string) => void messages.push(m),
    debug: (m: string) => void messages.push(m),
    child: () => log,
  };
  const t0 = performance.now();
  const summary = await runPipeline({
    config,
    frameSource: scene.frameSource(Math.max(...frames) + 1),
    frames,
    plugins: [planeSweepPlugin(stageOptions), helpers],
    resources: { calibration: scene.calibration },
    log,
  });
  const seconds = (performance.now() - t0) / 1000;
  if (summary.failed.length > 0) throw summary.failed[0].error;
  const errors = new Map([...maps].map(([cam, m]) => [cam, depthMapError(m.depth, scene.groundTruth(cam).depth)]));
  return { dir: join(dir, 'frame_000000'), maps, errors, seconds, warnings, messages, byFrame };
}
