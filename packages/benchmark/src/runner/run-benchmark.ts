import { join } from 'node:path';
import { silentLogger, type AquamvsPlugin, type Logger, type PathwayKey } from '@aquamvs/core';
import { surfaceSamples } from '../metrics/surface-samples.js';
import type { BenchmarkScene } from './benchmark-scene.js';
import { buildPathways, type BenchmarkPathway } from './pathways.js';
import { runPathway, type PathwayRun } from './run-pathway.js';
import { cloudDensity, scorePathway, type AccuracyFigures } from './score-pathway.js';
import { totalSeconds } from './stage-columns.js';

/** Options of {@link runBenchmark}. */
export interface RunBenchmarkOptions {
  /** Inputs; every pathway runs on each. */
  readonly scenes: readonly BenchmarkScene[];
  /** Stage plugins (the CLI passes `builtinPlugins()`); the runner does not care which stages they are. */
  readonly plugins: readonly AquamvsPlugin[];
  /** Pathway keys (`classic:full`, `full`, `sparse`, …). @default buildPathways's defaults for the first scene's config */
  readonly pathways?: readonly string[];
  /** Runs per pathway; times are the median over runs. @default 1 */
  readonly repeat?: number;
  /** Where each pathway writes its outputs and profile (`<workDir>/<scene>/<pathway>`). */
  readonly workDir: string;
  readonly log?: Logger;
  /** Called after each pathway run (`run` counts from 1). */
  readonly onRun?: (event: { scene: string; pathway: BenchmarkPathway; run: number; of: number; seconds: number; error?: string }) => void;
}

/** Everything measured for one pathway on one scene. */
export interface PathwayResult {
  readonly scene: string;
  readonly rig?: string;
  readonly pathway: PathwayKey;
  readonly label: string;
  /** Median over runs of the seconds of each stage id. */
  readonly stageSeconds: Record<string, number>;
  /** Median over runs of the CPU seconds of each stage id (every thread of the process). */
  readonly stageCpuSeconds: Record<string, number>;
  /** Median over runs of the summed stage seconds. */
  readonly totalS: number;
  /** Every run's total (seconds), in run order. */
  readonly totalRunsS: readonly number[];
  /** Every run's seconds per stage id, in run order. */
  readonly stageRunsS: readonly Readonly<Record<string, number>>[];
  /** Every run's CPU seconds per stage id, in run order. */
  readonly stageCpuRunsS: readonly Readonly<Record<string, number>>[];
  /** Highest RSS seen by the profiler over the runs. */
  readonly peakRssBytes: number;
  /** Points of the frame's cloud (fused in full mode, sparse in sparse mode). */
  readonly points: number;
  /** Points per m² of the cloud's XY bounding box. */
  readonly densityPerM2: number;
  /** Synthetic scenes only. */
  readonly accuracy?: AccuracyFigures;
  /** The last failure message, when a run failed. */
  readonly error?: string;
}

/** What {@link runBenchmark} returns. */
export interface BenchmarkResult {
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly repeat: number;
  readonly pathways: readonly BenchmarkPathway[];
  readonly results: readonly PathwayResult[];
}

/** Median of a non-empty list (mean of the middle two for even lengths). */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Runs every pathway on every scene `repeat` times (interleaved: run 1 of everything, then run 2, … so slow drifts
 * of the machine spread over all pathways), each under a fresh profiler, and scores the outputs of synthetic
 * scenes against their exact ground truth.
 * @example
 * const result = await runBenchmark({ scenes: [syntheticBenchmarkScene({ rig: 'ci' })], plugins, workDir: 'tmp' });
 */
export async function runBenchmark(options: RunBenchmarkOptions): Promise<BenchmarkResult> {
  const startedAt = new Date().toISOString();
  const log = options.log ?? silentLogger;
  const repeat = Math.max(1, Math.floor(options.repeat ?? 1));
  const firstConfig = options.scenes[0]?.config;
  const pathways = firstConfig === undefined ? [] : buildPathways(firstConfig, options.pathways);
  const runs = new Map<string, PathwayRun[]>();
  const keyOf = (scene: BenchmarkScene, pathway: BenchmarkPathway): string => `${scene.name}|${pathway.key}`;
  for (let r = 1; r <= repeat; r++) {
    for (const scene of options.scenes) {
      for (const pathway of pathways) {
        const t = performance.now();
        const run = await runPathway({
          scene,
          pathway,
          plugins: options.plugins,
          outputDir: join(options.workDir, scene.name, pathway.key.replace(':', '-')),
          log,
        });
        const list = runs.get(keyOf(scene, pathway)) ?? [];
        list.push(run);
        runs.set(keyOf(scene, pathway), list);
        options.onRun?.({
          scene: scene.name,
          pathway,
          run: r,
          of: repeat,
          seconds: (performance.now() - t) / 1000,
          ...(run.error === undefined ? {} : { error: run.error }),
        });
      }
    }
  }
  const results: PathwayResult[] = [];
  for (const scene of options.scenes) {
    const samples = scene.truth === undefined ? undefined : surfaceSamples(scene.truth);
    for (const pathway of pathways) {
      results.push(summarize(scene, pathway, runs.get(keyOf(scene, pathway)) ?? [], samples));
    }
  }
  return { startedAt, finishedAt: new Date().toISOString(), repeat, pathways, results };
}

/** Per stage id, the median over the runs that have it. */
function medianPerStage(runs: readonly Readonly<Record<string, number>>[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const id of new Set(runs.flatMap((r) => Object.keys(r)))) {
    out[id] = median(runs.filter((r) => r[id] !== undefined).map((r) => r[id]));
  }
  return out;
}

function summarize(scene: BenchmarkScene, pathway: BenchmarkPathway, runs: readonly PathwayRun[], samples: Float64Array | undefined): PathwayResult {
  const stageSeconds = medianPerStage(runs.map((r) => r.stageSeconds));
  const stageCpuSeconds = medianPerStage(runs.map((r) => r.stageCpuSeconds));
  const totals = runs.map((r) => totalSeconds(r.stageSeconds));
  const scoredRun = runs.find((r) => r.output !== undefined);
  const scored = scoredRun?.output;
  const { points, densityPerM2 } = cloudDensity(scored?.pointCloud);
  const failed = runs.filter((r) => r.error !== undefined).at(-1);
  const accuracy =
    scene.truth === undefined || samples === undefined
      ? undefined
      : scorePathway(scene.truth, samples, {
          ...(scored?.pointCloud === undefined ? {} : { pointCloud: scored.pointCloud }),
          ...(scored?.depthMaps === undefined ? {} : { depthMaps: scored.depthMaps }),
          ...(scored?.mesh === undefined ? {} : { mesh: scored.mesh }),
          ...(scoredRun?.fusedPly === undefined ? {} : { fusedPly: scoredRun.fusedPly }),
        });
  return {
    scene: scene.name,
    ...(scene.rig === undefined ? {} : { rig: scene.rig }),
    pathway: pathway.key,
    label: pathway.label,
    stageSeconds,
    stageCpuSeconds,
    totalS: median(totals),
    totalRunsS: totals,
    stageRunsS: runs.map((r) => r.stageSeconds),
    stageCpuRunsS: runs.map((r) => r.stageCpuSeconds),
    peakRssBytes: Math.max(0, ...runs.map((r) => r.peakRssBytes)),
    points,
    densityPerM2,
    ...(accuracy === undefined ? {} : { accuracy }),
    ...(failed?.error === undefined ? {} : { error: failed.error }),
  };
}
