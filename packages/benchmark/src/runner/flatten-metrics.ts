import type { ReliefFigures } from '../metrics/relief-metrics.js';
import type { PathwayResult } from './run-benchmark.js';
import { columnSeconds, cpuKey, STAGE_COLUMNS, totalSeconds } from './stage-columns.js';

/** The id prefix of a result: `rig/scene/pathway` (`scene/pathway` for the user's data), e.g. `ci/flat/classic:full`. */
export function resultId(result: Pick<PathwayResult, 'rig' | 'scene' | 'pathway'>): string {
  return `${result.rig === undefined ? '' : `${result.rig}/`}${result.scene}/${result.pathway}`;
}

/** How a metric regresses and its default tolerance (the reference's: errors and completeness 5 %, times 10 %). */
export interface MetricKind {
  /** `higher`: an increase is a regression (errors, times); `lower`: a decrease is (completeness, F-score, points). */
  readonly worse: 'higher' | 'lower';
  /** Default relative tolerance (0.05 = 5 %). */
  readonly tolerance: number;
  readonly isTime: boolean;
}

/** The kind of a metric from its name (the last segment of an id), following the reference's name rules (§5.4). */
export function metricKind(name: string): MetricKind {
  if (name.endsWith('_s')) return { worse: 'higher', tolerance: 0.1, isTime: true };
  if (name.includes('error') || name.includes('hole')) return { worse: 'higher', tolerance: 0.05, isTime: false };
  if (/completeness|fscore|precision|valid_share/.test(name)) return { worse: 'lower', tolerance: 0.05, isTime: false };
  return { worse: 'lower', tolerance: 0.1, isTime: false };
}

/**
 * Every figure of the results as `id/metric → value` (NaN kept as NaN): stage columns and `total_s` (wall seconds,
 * median of the runs), the same in CPU seconds (`undistort_cpu_s` … `total_cpu_s`), `points`, `density_per_m2`, and for synthetic scenes `mean/median/p90_error_mm`,
 * `precision_Nmm`, `completeness_Nmm`, `fscore_Nmm`, `mesh_median_error_mm`, `mesh_p90_error_mm`, `depth_median_error_mm`, `depth_p90_error_mm`,
 * `depth_valid_share`, and on relief scenes `relief_completeness_2mm`, `relief_max_hole_mm`, `relief_median_error_mm`,
 * `relief_p90_error_mm`, `relief_depth_valid_share`, `relief_top_depth_valid_share`, `relief_depth_median_error_mm`, and the same cloud
 * figures of the written `fused.ply` (before outlier removal) as `fused_relief_completeness_2mm`,
 * `fused_relief_max_hole_mm`, `fused_relief_median_error_mm`, `fused_relief_p90_error_mm`.
 */
export function flattenMetrics(results: readonly PathwayResult[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of results) {
    const id = resultId(r);
    const columns = columnSeconds(r.stageSeconds);
    for (const column of STAGE_COLUMNS) {
      const value = columns[column.key];
      if (value !== undefined) out[`${id}/${column.key}`] = value;
    }
    out[`${id}/total_s`] = r.totalS;
    const cpu = columnSeconds(r.stageCpuSeconds);
    for (const column of STAGE_COLUMNS) {
      const value = cpu[column.key];
      if (value !== undefined) out[`${id}/${cpuKey(column.key)}`] = value;
    }
    out[`${id}/total_cpu_s`] = totalSeconds(r.stageCpuSeconds);
    out[`${id}/points`] = r.points;
    out[`${id}/density_per_m2`] = r.densityPerM2;
    const a = r.accuracy;
    if (a === undefined) continue;
    out[`${id}/mean_error_mm`] = a.meanErrorMm;
    out[`${id}/median_error_mm`] = a.medianErrorMm;
    out[`${id}/p90_error_mm`] = a.p90ErrorMm;
    for (const s of a.scores) {
      out[`${id}/precision_${s.thresholdMm}mm`] = s.precision;
      out[`${id}/completeness_${s.thresholdMm}mm`] = s.completeness;
      out[`${id}/fscore_${s.thresholdMm}mm`] = s.fScore;
    }
    if (a.mesh !== undefined) {
      out[`${id}/mesh_median_error_mm`] = a.mesh.medianErrorMm;
      out[`${id}/mesh_p90_error_mm`] = a.mesh.p90ErrorMm;
    }
    if (a.depth !== undefined) {
      out[`${id}/depth_median_error_mm`] = a.depth.medianErrorMm;
      out[`${id}/depth_p90_error_mm`] = a.depth.p90ErrorMm;
      out[`${id}/depth_valid_share`] = a.depth.validShare;
    }
    const relief = a.relief;
    if (relief !== undefined) {
      reliefCloudMetrics(out, `${id}/relief_`, relief);
      if (relief.depth !== undefined) {
        out[`${id}/relief_depth_valid_share`] = relief.depth.validShare;
        out[`${id}/relief_top_depth_valid_share`] = relief.depth.topValidShare;
        out[`${id}/relief_depth_median_error_mm`] = relief.depth.medianErrorMm;
      }
    }
    if (a.fusedRelief !== undefined) reliefCloudMetrics(out, `${id}/fused_relief_`, a.fusedRelief);
  }
  return out;
}

/** A cloud's relief figures as `<prefix>completeness_2mm`, `…max_hole_mm`, `…median_error_mm`, `…p90_error_mm`. */
function reliefCloudMetrics(out: Record<string, number>, prefix: string, relief: ReliefFigures): void {
  out[`${prefix}completeness_2mm`] = relief.completeness2mm;
  out[`${prefix}max_hole_mm`] = relief.maxHoleMm;
  out[`${prefix}median_error_mm`] = relief.medianErrorMm;
  out[`${prefix}p90_error_mm`] = relief.p90ErrorMm;
}

/**
 * The per-run values of every time metric (`…/undistort_s` … `…/total_s` and their `_cpu_s` twins), for results run more than once: the
 * comparison uses them to tell a slowdown from timer noise.
 */
export function flattenTimeSamples(results: readonly PathwayResult[]): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const r of results) {
    const runs = r.stageRunsS ?? [];
    if (runs.length < 2) continue;
    const id = resultId(r);
    const perRun = runs.map((run) => columnSeconds(run));
    const cpuPerRun = r.stageCpuRunsS.map((run) => columnSeconds(run));
    for (const column of STAGE_COLUMNS) {
      const values = perRun.map((c) => c[column.key]).filter((v): v is number => v !== undefined);
      if (values.length >= 2) out[`${id}/${column.key}`] = values;
      const cpu = cpuPerRun.map((c) => c[column.key]).filter((v): v is number => v !== undefined);
      if (cpu.length >= 2) out[`${id}/${cpuKey(column.key)}`] = cpu;
    }
    out[`${id}/total_s`] = [...r.totalRunsS];
    if (r.stageCpuRunsS.length >= 2) out[`${id}/total_cpu_s`] = r.stageCpuRunsS.map((run) => totalSeconds(run));
  }
  return out;
}
