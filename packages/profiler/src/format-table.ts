import type { ProfileReport } from './report.js';

const MIB = 1024 * 1024;
const HEADERS = ['Stage', 'Calls', 'Failed', 'Wall (ms)', 'Mean (ms)', 'Max (ms)', 'CPU (ms)', 'CPU/wall', 'Peak RSS (MiB)', 'Heap Δ (MiB)'];

/**
 * Renders a report as a console table (per stage: calls, wall total/mean/max, CPU, CPU/wall, peak RSS, heap
 * delta; then the total) followed by a "Top 3 bottlenecks" section.
 */
export function formatTable(report: ProfileReport): string {
  const rows = report.stages.map((s) => [
    `${'  '.repeat(s.depth)}${s.name}`,
    String(s.calls),
    String(s.errors),
    ms(s.wallMs.total),
    ms(s.wallMs.mean),
    ms(s.wallMs.max),
    ms(s.cpuMs.total),
    ratio(s.cpuWallRatio),
    mib(s.peak.rss),
    mib(s.delta.heapUsed),
  ]);
  const topLevel = report.stages.filter((s) => s.depth === 0);
  const total = [
    'Total',
    String(topLevel.reduce((n, s) => n + s.calls, 0)),
    String(topLevel.reduce((n, s) => n + s.errors, 0)),
    ms(report.totalWallMs),
    '',
    '',
    ms(report.totalCpuMs),
    ratio(report.cpuWallRatio),
    mib(report.peakRssBytes),
    mib(topLevel.reduce((n, s) => n + s.delta.heapUsed, 0)),
  ];
  const table = [HEADERS, ...rows, total];
  const widths = HEADERS.map((_, column) => Math.max(...table.map((row) => row[column].length)));
  const line = (row: readonly string[]): string =>
    row
      .map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column])))
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  const frames = report.frames.length === 0 ? 'no frames' : `${report.frames.length} frame(s) ${report.frames[0]}–${report.frames.at(-1)}`;
  const out = [`Profile (cycle ${report.cycle}, ${frames})`, line(HEADERS), rule, ...rows.map(line), rule, line(total), ''];
  out.push('Top 3 bottlenecks:');
  if (report.bottlenecks.length === 0) out.push('  (no stages recorded)');
  report.bottlenecks.forEach((b, i) => {
    out.push(`  ${i + 1}. ${b.name}: ${ms(b.wallMs)} ms (${(b.share * 100).toFixed(1)} % of total), peak RSS ${mib(b.peakRssBytes)} MiB`);
  });
  return out.join('\n');
}

/** A CPU/wall ratio; "—" where the CPU was not measured (null once read back from JSON). */
function ratio(value: number | null): string {
  return value === null || Number.isNaN(value) ? '—' : value.toFixed(2);
}

/** Milliseconds; "—" where not measured (the CPU of work reported from a worker thread). */
function ms(value: number | null): string {
  return value === null || Number.isNaN(value) ? '—' : value.toFixed(2);
}

function mib(bytes: number): string {
  return (bytes / MIB).toFixed(1);
}
