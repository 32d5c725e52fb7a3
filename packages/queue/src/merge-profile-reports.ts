import type { ProfileReport, StageReport } from '@aquamvs/profiler';

/**
 * Merges the `profile.json` reports of several workers into one: per stage path, calls, errors, wall, self and
 * CPU times add up, min/max and peaks take the extremes, frames are united. Row order follows the first report
 * that has each path.
 * @example
 * const merged = mergeProfileReports([reportOfWorkerA, reportOfWorkerB]);
 */
export function mergeProfileReports(reports: readonly ProfileReport[]): ProfileReport {
  const rows = new Map<string, StageReport>();
  for (const report of reports) {
    for (const row of report.stages) {
      const prev = rows.get(row.path);
      rows.set(row.path, prev === undefined ? row : mergeRows(prev, row));
    }
  }
  const stages = [...rows.values()];
  const top = stages.filter((s) => s.depth === 0);
  const totalWallMs = top.reduce((a, s) => a + s.wallMs.total, 0);
  const totalCpuMs = top.reduce((a, s) => a + s.cpuMs.total, 0);
  const bottlenecks = [...top]
    .sort((a, b) => b.wallMs.total - a.wallMs.total)
    .slice(0, 3)
    .map((s) => ({ name: s.path, wallMs: s.wallMs.total, share: totalWallMs > 0 ? s.wallMs.total / totalWallMs : 0, peakRssBytes: s.peak.rss }));
  return {
    version: 1,
    cycle: 0,
    frames: [...new Set(reports.flatMap((r) => r.frames))].sort((a, b) => a - b),
    totalWallMs,
    totalCpuMs,
    cpuWallRatio: totalWallMs > 0 ? totalCpuMs / totalWallMs : 0,
    peakRssBytes: Math.max(0, ...reports.map((r) => r.peakRssBytes)),
    stages,
    bottlenecks,
  };
}

function mergeRows(a: StageReport, b: StageReport): StageReport {
  const calls = a.calls + b.calls;
  const wallTotal = a.wallMs.total + b.wallMs.total;
  const cpuTotal = addCpu(a.cpuMs.total, b.cpuMs.total);
  const maxOf = <T extends object>(x: T, y: T): T =>
    Object.fromEntries(Object.keys(x).map((k) => [k, Math.max(x[k as keyof T] as number, y[k as keyof T] as number)])) as T;
  const sumOf = <T extends object>(x: T, y: T): T =>
    Object.fromEntries(Object.keys(x).map((k) => [k, (x[k as keyof T] as number) + (y[k as keyof T] as number)])) as T;
  return {
    ...a,
    calls,
    errors: a.errors + b.errors,
    wallMs: {
      total: wallTotal,
      mean: calls > 0 ? wallTotal / calls : 0,
      max: Math.max(a.wallMs.max, b.wallMs.max),
      min: Math.min(a.wallMs.min, b.wallMs.min),
    },
    selfMs: a.selfMs + b.selfMs,
    cpuMs: {
      total: cpuTotal,
      user: addCpu(a.cpuMs.user, b.cpuMs.user),
      system: addCpu(a.cpuMs.system, b.cpuMs.system),
      mean: calls > 0 ? cpuTotal / calls : 0,
    },
    cpuWallRatio: wallTotal > 0 ? cpuTotal / wallTotal : 0,
    peak: maxOf(a.peak, b.peak),
    delta: sumOf(a.delta, b.delta),
    threads: [...new Set([...a.threads, ...b.threads])].sort((x, y) => x - y),
  };
}

/** CPU milliseconds add up; a row whose CPU was not measured (NaN, null once read back from JSON) stays unknown. */
function addCpu(x: number | null, y: number | null): number {
  return x === null || y === null ? Number.NaN : x + y;
}
