import { access, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { frameDirName, messageOf, runPipeline, type AquamvsPlugin, type Logger } from '@aquamvs/core';
import { readPly } from '@aquamvs/io';
import { createRunProfiler } from '@aquamvs/profiler';
import type { BenchmarkScene } from './benchmark-scene.js';
import { createCollectPlugin, type CollectedFrame } from './collect-plugin.js';
import { applyPathway, type BenchmarkPathway } from './pathways.js';
import { stageSecondsFromReport } from './stage-columns.js';

/** One run of one pathway on one scene. */
export interface PathwayRun {
  /** Seconds per stage id (run + prepare), from the run's own profiler. */
  readonly stageSeconds: Record<string, number>;
  /** CPU seconds per stage id (run + prepare, every thread of the process). */
  readonly stageCpuSeconds: Record<string, number>;
  readonly peakRssBytes: number;
  /** What the collector kept (absent when the frame failed before the end). */
  readonly output?: CollectedFrame;
  /**
   * On scenes with relief: the points of the `point_cloud/fused.ply` the run wrote — the fused cloud a user opens
   * (before outlier removal, as the reference writes it), where `output.pointCloud` is the cleaned one.
   */
  readonly fusedPly?: Float64Array;
  /** Set when the frame failed; the pathway is still reported. */
  readonly error?: string;
}

/** Options of {@link runPathway}. */
export interface RunPathwayOptions {
  readonly scene: BenchmarkScene;
  readonly pathway: BenchmarkPathway;
  /** Stage plugins (the CLI passes its built-in ones). */
  readonly plugins: readonly AquamvsPlugin[];
  /** Run directory of this pathway (pipeline outputs and `profile/`). */
  readonly outputDir: string;
  readonly log: Logger;
}

/**
 * Runs the scene's frame through one pathway under a fresh profiler (spec §5.5) and collects its cloud, depth
 * maps and mesh. A failing frame is logged and returned with `error`; a failure to set the run up (unknown stage,
 * bad config) throws.
 */
export async function runPathway(options: RunPathwayOptions): Promise<PathwayRun> {
  const { scene, pathway, log } = options;
  const base = applyPathway(scene.config, pathway);
  await mkdir(options.outputDir, { recursive: true });
  const collect = createCollectPlugin();
  const profiler = createRunProfiler({ outputDir: join(options.outputDir, 'profile'), log, sampleIntervalMs: 50 });
  const source = await scene.openFrameSource();
  let error: string | undefined;
  try {
    const summary = await profiler.run(() =>
      runPipeline({
        config: base,
        frameSource: source,
        plugins: [...options.plugins, collect.plugin, profiler.plugin],
        outputDir: options.outputDir,
        log,
        force: true,
        frames: [scene.frame],
        ...(scene.calibration === undefined ? {} : { resources: { calibration: scene.calibration } }),
      }),
    );
    if (summary.failed.length > 0) error = summary.failed.map((f) => messageOf(f.error)).join('; ');
  } finally {
    await source.close();
    await profiler.finish();
  }
  if (error !== undefined) log.warn(`${scene.name} · ${pathway.label}: ${error}`);
  const saved = profiler.saved;
  const report = saved.at(-1)?.report;
  const output = collect.frames.at(-1);
  const fusedPly =
    output !== undefined && (scene.truth?.spec.relief?.length ?? 0) > 0 ? await fusedPlyPoints(options.outputDir, scene.frame) : undefined;
  return {
    stageSeconds: report === undefined ? {} : stageSecondsFromReport(report),
    stageCpuSeconds: report === undefined ? {} : stageSecondsFromReport(report, [], 'cpu'),
    peakRssBytes: report?.peakRssBytes ?? 0,
    ...(output === undefined ? {} : { output }),
    ...(fusedPly === undefined ? {} : { fusedPly }),
    ...(error === undefined ? {} : { error }),
  };
}

/** The points of the frame's `point_cloud/fused.ply`, `undefined` when the pathway wrote none (sparse pathways). */
async function fusedPlyPoints(outputDir: string, frame: number): Promise<Float64Array | undefined> {
  const file = join(outputDir, frameDirName(frame), 'point_cloud', 'fused.ply');
  const written = await access(file).then(
    () => true,
    () => false,
  );
  return written ? Float64Array.from((await readPly(file)).positions) : undefined;
}
