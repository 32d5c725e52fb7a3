import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSyntheticScene, type SyntheticScene } from '@aquamvs/benchmark';
import {
  aquamvsConfigSchema,
  HOOKS,
  runPipeline,
  silentLogger,
  STAGE,
  type AquamvsConfigInput,
  type AfterStageEvent,
  type ArtifactKey,
  type AquamvsPlugin,
  type Artifacts,
  type FrameSource,
  type RunSummary,
  type SpanEndEvent,
  type Stage,
} from '@aquamvs/core';
import { undistortPlugin } from '@aquamvs/stage-undistort';
import { matchingPlugin, type MatchingPluginOptions } from '../plugin.js';

export interface PipelineRun {
  summary: RunSummary;
  dir: string;
  artifacts: Partial<Artifacts>;
  warnings: string[];
  /** Wall time of `runPipeline`, milliseconds. */
  wallMs: number;
  /** Run time of each stage on the frame (`run()` only, not `prepare()`), milliseconds. */
  stageMs: Record<string, number>;
  /** Every span the stages ended, in order. */
  spans: SpanEndEvent[];
}

const scenes = new Map<string, SyntheticScene>();

/** The benchmark's synthetic scene (cached per rig, scene and seed, so its frame is rendered once per test file). */
export function syntheticScene(rig: 'ci' | 'standard', scene: 'flat' | 'undulating', seed = 0): SyntheticScene {
  const key = `${rig}/${scene}/${seed}`;
  let s = scenes.get(key);
  if (s === undefined) {
    s = createSyntheticScene({ rig, scene, seed });
    scenes.set(key, s);
  }
  return s;
}

/**
 * Runs the real stages `undistort` (from @aquamvs/stage-undistort, a devDependency) → `stages` → a capture stage
 * on frame 0 of `frameSource` through core's `runPipeline`, and returns every artifact of the frame. The capture
 * stage consumes `consumes` (artifacts a stage makes only for a later consumer, e.g. `depthRanges`).
 */
export async function runSparse(
  scene: SyntheticScene,
  stages: string[],
  config: AquamvsConfigInput = {},
  options: MatchingPluginOptions = {},
  frameSource: FrameSource = scene.frameSource(),
  consumes: readonly ArtifactKey[] = [],
): Promise<PipelineRun> {
  const dir = await mkdtemp(join(tmpdir(), 'aqm-matching-'));
  const artifacts: Partial<Artifacts> = {};
  const stageMs: Record<string, number> = {};
  const spans: SpanEndEvent[] = [];
  const capture: Stage = {
    id: 'capture',
    consumes,
    produces: [],
    run(ctx) {
      for (const key of ctx.artifacts.keys()) (artifacts as Record<string, unknown>)[key] = ctx.artifacts.find(key as keyof Artifacts);
      return Promise.resolve();
    },
  };
  const helpers: AquamvsPlugin = {
    name: 'test-helpers',
    register(c) {
      c.register(STAGE, { useValue: capture });
      c.register(HOOKS, {
        useValue: {
          name: 'test-helpers',
          afterStage(event: AfterStageEvent) {
            if (event.phase === 'run') stageMs[event.stage] = (stageMs[event.stage] ?? 0) + event.durationMs;
          },
          spanEnd(event: SpanEndEvent) {
            spans.push(event);
          },
        },
      });
    },
  };
  const warnings: string[] = [];
  const log = { ...silentLogger, warn: (m: string) => void warnings.push(m), child: () => log };
  const t0 = performance.now();
  const summary = await runPipeline({
    config: aquamvsConfigSchema.parse({ ...config, output_dir: dir, pipeline: { stages: ['undistort', ...stages, 'capture'] } }),
    frameSource,
    plugins: [undistortPlugin(), matchingPlugin(options), helpers],
    resources: { calibration: scene.calibration },
    log,
  });
  return { summary, dir, artifacts, warnings, wallMs: performance.now() - t0, stageMs, spans };
}
