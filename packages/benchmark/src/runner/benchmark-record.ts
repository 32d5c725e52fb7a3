import { randomUUID } from 'node:crypto';
import { processingConfigHash } from '@aquamvs/core';
import type { BenchmarkScene } from './benchmark-scene.js';
import { flattenMetrics, flattenTimeSamples, resultId } from './flatten-metrics.js';
import type { BenchmarkResult, PathwayResult } from './run-benchmark.js';
import { commitInfo, machineInfo, type CommitInfo, type MachineInfo } from './system-info.js';

/** The JSON record of one benchmark run (written to `.benchmarks/`). */
export interface BenchmarkRecord {
  readonly version: 1;
  readonly runId: string;
  /** `--save NAME`, if given. */
  readonly name?: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly commit: CommitInfo;
  readonly machine: MachineInfo;
  /** Processing-config hash of the first scene's base config (core's `processingConfigHash`). */
  readonly configHash: string;
  readonly input: {
    readonly kind: 'synthetic' | 'config';
    /** Config file path (user data). */
    readonly config?: string;
    readonly scenes: readonly { name: string; rig?: string; seed?: number; frame: number; configHash: string }[];
  };
  readonly repeat: number;
  readonly pathways: readonly { key: string; label: string }[];
  readonly results: readonly PathwayResult[];
  /** `rig/scene/pathway/metric → value`; NaN is stored as `null`. */
  readonly metrics: Readonly<Record<string, number | null>>;
  /** Per-run values of the time metrics when `repeat` ≥ 2 (`id/metric → seconds[]`). */
  readonly samples?: Readonly<Record<string, readonly number[]>>;
}

/** Options of {@link createBenchmarkRecord}. */
export interface CreateRecordOptions {
  readonly name?: string;
  readonly configPath?: string;
  /** Directory whose git commit is recorded. @default process.cwd() */
  readonly cwd?: string;
}

/** Builds the record of a run: ids, commit, machine, config hashes and every figure. */
export function createBenchmarkRecord(
  result: BenchmarkResult,
  scenes: readonly BenchmarkScene[],
  options: CreateRecordOptions = {},
): BenchmarkRecord {
  const metrics: Record<string, number | null> = {};
  for (const [id, value] of Object.entries(flattenMetrics(result.results))) metrics[id] = Number.isFinite(value) ? value : null;
  return {
    version: 1,
    runId: randomUUID(),
    ...(options.name === undefined ? {} : { name: options.name }),
    startedAt: result.startedAt,
    finishedAt: result.finishedAt,
    commit: commitInfo(options.cwd),
    machine: machineInfo(),
    configHash: scenes[0] === undefined ? '' : processingConfigHash(scenes[0].config),
    input: {
      kind: scenes.some((s) => s.truth !== undefined) ? 'synthetic' : 'config',
      ...(options.configPath === undefined ? {} : { config: options.configPath }),
      scenes: scenes.map((s) => ({
        name: s.name,
        ...(s.rig === undefined ? {} : { rig: s.rig }),
        ...(s.truth === undefined ? {} : { seed: s.truth.seed }),
        frame: s.frame,
        configHash: processingConfigHash(s.config),
      })),
    },
    repeat: result.repeat,
    pathways: result.pathways.map((p) => ({ key: p.key, label: p.label })),
    results: result.results.map(jsonSafe),
    metrics,
    ...(result.repeat >= 2 ? { samples: flattenTimeSamples(result.results) } : {}),
  };
}

/** Result ids (`rig/scene/pathway`) of a record, in run order. */
export function recordResultIds(record: Pick<BenchmarkRecord, 'results'>): string[] {
  return record.results.map(resultId);
}

/** NaN figures become null in JSON anyway; keeping the record a plain JSON value makes that explicit. */
function jsonSafe(result: PathwayResult): PathwayResult {
  return JSON.parse(JSON.stringify(result)) as PathwayResult;
}
