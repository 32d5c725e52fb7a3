import type { MemoryFigures } from './memory.js';
import type { StageAggregate } from './stage-aggregate.js';

/** One row of the report: a stage (depth 0), a span or nested stage (depth ≥ 1), aggregated across frames. */
export interface StageReport {
  readonly name: string;
  /** Path from the outermost stage, joined with ` › `; unique in a report. */
  readonly path: string;
  readonly kind: 'stage' | 'span';
  readonly depth: number;
  readonly calls: number;
  /** Calls that threw. */
  readonly errors: number;
  readonly wallMs: { readonly total: number; readonly mean: number; readonly max: number; readonly min: number };
  /** Wall time not spent in nested spans or stages. */
  readonly selfMs: number;
  /** Process CPU time (user + system, all threads) while the calls ran. */
  readonly cpuMs: { readonly total: number; readonly user: number; readonly system: number; readonly mean: number };
  /** `cpuMs.total / wallMs.total`; above 1 when worker threads ran in parallel. */
  readonly cpuWallRatio: number;
  /** Highest bytes seen while any call ran. */
  readonly peak: MemoryFigures;
  /** Sum over calls of bytes after − before. */
  readonly delta: MemoryFigures;
  /** Worker thread ids (0 = main). */
  readonly threads: readonly number[];
}

/** A top-level stage among the slowest. */
interface Bottleneck {
  readonly name: string;
  readonly wallMs: number;
  /** Fraction of {@link ProfileReport.totalWallMs}, 0..1. */
  readonly share: number;
  readonly peakRssBytes: number;
}

/** What `profile.json` holds: one schedule cycle. */
export interface ProfileReport {
  readonly version: 1;
  readonly cycle: number;
  /** Frame indices recorded in this cycle. */
  readonly frames: readonly number[];
  /** Sum of top-level stage wall times (work outside stages is not included). */
  readonly totalWallMs: number;
  readonly totalCpuMs: number;
  readonly cpuWallRatio: number;
  readonly peakRssBytes: number;
  /** Tree order: each stage, then its spans. */
  readonly stages: readonly StageReport[];
  /** Up to 3 top-level stages by wall time, slowest first. */
  readonly bottlenecks: readonly Bottleneck[];
  readonly tracePath?: string;
}

/** Turns aggregates (tree order) into a report. */
export function buildReport(
  aggregates: readonly StageAggregate[],
  meta: { cycle: number; frames: readonly number[]; tracePath: string | undefined },
): ProfileReport {
  const stages = aggregates.map(toStageReport);
  const top = stages.filter((s) => s.depth === 0);
  const totalWallMs = sum(top.map((s) => s.wallMs.total));
  const totalCpuMs = sum(top.map((s) => s.cpuMs.total));
  const bottlenecks = [...top]
    .sort((a, b) => b.wallMs.total - a.wallMs.total)
    .slice(0, 3)
    .map((s) => ({ name: s.path, wallMs: s.wallMs.total, share: totalWallMs > 0 ? s.wallMs.total / totalWallMs : 0, peakRssBytes: s.peak.rss }));
  return {
    version: 1,
    cycle: meta.cycle,
    frames: meta.frames,
    totalWallMs,
    totalCpuMs,
    cpuWallRatio: totalWallMs > 0 ? totalCpuMs / totalWallMs : 0,
    peakRssBytes: Math.max(0, ...stages.map((s) => s.peak.rss)),
    stages,
    bottlenecks,
    ...(meta.tracePath === undefined ? {} : { tracePath: meta.tracePath }),
  };
}

function toStageReport(a: StageAggregate): StageReport {
  const cpuTotal = a.cpuUserMs + a.cpuSystemMs;
  return {
    name: a.name,
    path: a.key,
    kind: a.kind,
    depth: a.depth,
    calls: a.calls,
    errors: a.errors,
    wallMs: { total: a.wallTotalMs, mean: a.wallTotalMs / a.calls, max: a.wallMaxMs, min: a.wallMinMs },
    selfMs: a.selfTotalMs,
    cpuMs: { total: cpuTotal, user: a.cpuUserMs, system: a.cpuSystemMs, mean: cpuTotal / a.calls },
    cpuWallRatio: a.wallTotalMs > 0 ? cpuTotal / a.wallTotalMs : 0,
    peak: { ...a.peak },
    delta: { ...a.delta },
    threads: [...a.threads].sort((x, y) => x - y),
  };
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
