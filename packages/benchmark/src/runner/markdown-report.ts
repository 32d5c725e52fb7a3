import { mkdir, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { outputWrite } from '@aquamvs/core';
import type { BenchmarkRecord } from './benchmark-record.js';
import { formatReliefTable, formatResultsTable, formatStageCpuTable } from './results-table.js';
import { timestampName } from './record-storage.js';
import { accuracyChartSvg, stageTimeChartSvg } from './svg-charts.js';

/** Extra sections of the report. */
export interface ReportSections {
  /** Floor check text (`formatFloorReport`). */
  readonly floors?: string;
  /** Comparison text (`formatComparison`). */
  readonly comparison?: string;
}

/**
 * The Markdown report (spec §5.5): title, input, generated time, the results table, chart links, floors and
 * comparison when given, notes on how figures are measured, and system info.
 */
export function renderMarkdownReport(record: BenchmarkRecord, charts: readonly string[], sections: ReportSections = {}): string {
  const m = record.machine;
  const input =
    record.input.kind === 'synthetic'
      ? `synthetic scenes ${record.input.scenes.map((s) => `${s.rig ?? ''}/${s.name} (seed ${s.seed ?? 0})`).join(', ')}`
      : (record.input.config ?? 'config');
  const lines = [
    '# AquaMVS Benchmark Report',
    '',
    `**Input:** ${input}  `,
    `**Frame:** ${record.input.scenes.map((s) => s.frame).join(', ')}  `,
    `**Generated:** ${record.finishedAt.replace('T', ' ').slice(0, 19)} UTC  `,
    `**Run:** ${record.runId}${record.name === undefined ? '' : ` (saved as \`${record.name}\`)`}  `,
    `**Commit:** ${record.commit.sha ?? 'unknown'}${record.commit.dirty ? ' (uncommitted changes)' : ''}  `,
    `**Config hash:** ${record.configHash}  `,
    `**Runs per pathway:** ${record.repeat} (times are medians)`,
    '',
    '## Results',
    '',
    formatResultsTable(record.results),
    '',
    '### Stage CPU time',
    '',
    formatStageCpuTable(record.results),
    '',
    ...reliefSection(record.results),
    ...record.results.filter((r) => r.error !== undefined).map((r) => `- **${r.scene} · ${r.label} failed:** ${r.error}`),
    ...charts.map((c) => `![${basename(c, '.svg')}](${basename(c)})`),
    '',
    "Stage columns are wall seconds per stage from a fresh profiler per pathway (per-frame run plus the stage's",
    'once-per-run prepare); Total sums every stage of the pathway (triangulation and sparse cloud included).',
    "Stage CPU time: the process's CPU seconds over each stage (main thread and worker threads together) and",
    'CPU/wall: about the number of cores the stage kept busy.',
    "Points and density (points per m² of the XY bounding box) count the frame's final cloud (fused in full mode,",
    "sparse in sparse mode) after the stages' own filtering.",
    'Accuracy: exact distance of each cloud point to the analytic surface (median, p90); completeness = share of',
    'ground-truth surface samples (2 mm grid, seen by ≥ 2 ring cameras) with a cloud point within τ; F = 2PC/(P+C).',
    '',
  ];
  if (sections.floors !== undefined) lines.push('## Floors', '', sections.floors, '');
  if (sections.comparison !== undefined) lines.push('## Comparison', '', '```', sections.comparison, '```', '');
  lines.push(
    '## System Info',
    '',
    `- Machine: ${m.hostname}, ${m.platform} ${m.release} (${m.arch})`,
    `- CPU: ${m.cpu}, ${m.cores} cores; memory ${(m.memoryBytes / 2 ** 30).toFixed(1)} GiB`,
    `- Node: ${m.node}`,
    `- Load average at the end: ${m.loadAverage.join(', ')}`,
    '- Device: cpu',
    '',
  );
  return lines.join('\n');
}

/** Files written by {@link writeBenchmarkReport}. */
export interface WrittenReport {
  readonly reportPath: string;
  readonly charts: readonly string[];
}

/** Writes `benchmark_YYYYMMDD_HHMMSS.md` and its SVG charts (`…_stages.svg`, `…_accuracy.svg`) into `dir`. */
export async function writeBenchmarkReport(record: BenchmarkRecord, dir: string, sections: ReportSections = {}): Promise<WrittenReport> {
  const stem = `benchmark_${timestampName(record.startedAt)}`;
  const files: [string, string][] = [[join(dir, `${stem}_stages.svg`), stageTimeChartSvg(record.results)]];
  if (record.results.some((r) => r.accuracy !== undefined)) files.push([join(dir, `${stem}_accuracy.svg`), accuracyChartSvg(record.results)]);
  const charts = files.map(([path]) => path);
  const reportPath = join(dir, `${stem}.md`);
  files.push([reportPath, renderMarkdownReport(record, charts, sections)]);
  try {
    await mkdir(dir, { recursive: true });
    for (const [path, text] of files) await writeFile(path, text);
  } catch (error) {
    throw outputWrite(dir, error);
  }
  return { reportPath, charts };
}

/** The relief table and what its columns mean, for scenes with relief; nothing otherwise. */
function reliefSection(results: BenchmarkRecord['results']): string[] {
  const table = formatReliefTable(results);
  if (table === undefined) return [];
  return [
    '### Relief',
    '',
    table,
    '',
    'Relief: the surface more than 3 mm off the bed (mounds, pits, rocks). Median and p90: the cleaned cloud points',
    'over the relief, exact distance to the surface; C@2mm and widest hole: relief samples (1 mm grid, seen by ≥ 2 ring',
    'cameras) with a point within 2 mm, and the diameter of the largest empty ball centred on one (capped at 50 mm);',
    'fused.ply: the same for the written fused cloud; depth and tops valid: relief pixels (tops ≥ 1 cm off the bed)',
    'that ≥ 2 ring cameras see and the depth maps gave a depth.',
    '',
  ];
}
