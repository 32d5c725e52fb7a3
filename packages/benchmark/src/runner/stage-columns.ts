import type { ProfileReport } from '@aquamvs/profiler';

/** The stage-time columns of the console table (spec §5.5) and the stage ids that fill each. */
export const STAGE_COLUMNS = [
  { key: 'undistort_s', title: 'Undist', stages: ['undistort'] },
  { key: 'match_s', title: 'Match', stages: ['sparse-matching', 'dense-matching'] },
  { key: 'depth_s', title: 'Depth', stages: ['plane-sweep', 'roma-depth'] },
  { key: 'fusion_s', title: 'Fusion', stages: ['fusion'] },
  { key: 'surface_s', title: 'Surface', stages: ['surface'] },
] as const;

/** A column key such as `match_s`. */
export type StageColumnKey = (typeof STAGE_COLUMNS)[number]['key'];

/** The metric name of a column's CPU seconds: `match_s` → `match_cpu_s`. */
export function cpuKey(key: StageColumnKey): string {
  return `${key.slice(0, -2)}_cpu_s`;
}

/**
 * Seconds per stage id from a profile report: each top-level stage's per-frame time plus its once-per-run
 * `prepare()` (the profiler names that record `<id> (prepare)`), because a benchmark frame pays both. `clock`: wall
 * time, or the process's CPU time over the stage (every thread's, so a stage that keeps two cores busy shows twice
 * its wall time).
 */
export function stageSecondsFromReport(
  report: ProfileReport,
  exclude: readonly string[] = [],
  clock: 'wall' | 'cpu' = 'wall',
): Record<string, number> {
  const seconds: Record<string, number> = {};
  for (const stage of report.stages) {
    if (stage.depth !== 0 || stage.kind !== 'stage') continue;
    const id = stage.name.endsWith(' (prepare)') ? stage.name.slice(0, -' (prepare)'.length) : stage.name;
    if (exclude.includes(id)) continue;
    seconds[id] = (seconds[id] ?? 0) + (clock === 'wall' ? stage.wallMs.total : stage.cpuMs.total) / 1000;
  }
  return seconds;
}

/** The value of each column for one run: the sum of its stages, `undefined` when none of them ran. */
export function columnSeconds(stageSeconds: Readonly<Record<string, number>>): Partial<Record<StageColumnKey, number>> {
  const out: Partial<Record<StageColumnKey, number>> = {};
  for (const column of STAGE_COLUMNS) {
    const present = column.stages.filter((id) => stageSeconds[id] !== undefined);
    if (present.length > 0) out[column.key] = present.reduce((s, id) => s + stageSeconds[id], 0);
  }
  return out;
}

/** Total seconds: every stage of the pathway (triangulation and sparse-cloud included, unlike the table columns). */
export function totalSeconds(stageSeconds: Readonly<Record<string, number>>): number {
  return Object.values(stageSeconds).reduce((s, v) => s + v, 0);
}
