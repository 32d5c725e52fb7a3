import { formatFigure, textTable } from './format-number.js';
import type { PathwayResult } from './run-benchmark.js';
import { columnSeconds, STAGE_COLUMNS, totalSeconds } from './stage-columns.js';

const seconds = (value: number | undefined): string => (value === undefined || Number.isNaN(value) ? '—' : value.toFixed(value < 10 ? 2 : 1));
const mm = (value: number | undefined): string =>
  value === undefined || Number.isNaN(value) || value === null ? '—' : value.toFixed(value < 1 ? 3 : 2);
/** A hole's diameter; the metric stops measuring at 50 mm, so a hole that wide reads `≥ 50`. */
const hole = (value: number | undefined): string => (value !== undefined && value >= 50 ? '≥ 50' : mm(value));
const share = (value: number | undefined): string => (value === undefined || Number.isNaN(value) || value === null ? '—' : (100 * value).toFixed(1));

/**
 * The results table (spec §5.5 plus accuracy): `Scene | Pathway | Undist (s) | Match (s) | Depth (s) | Fusion (s) |
 * Surface (s) | Total (s) | Points | Density (pts/m²)` and, when any scene has ground truth, `Median (mm) |
 * P90 (mm)`, completeness `C@τ` / F-score `F@τ` in % at each τ and the mesh vertices' median distance to the true
 * surface. `—` marks a stage that did not run.
 */
export function formatResultsTable(results: readonly PathwayResult[]): string {
  const thresholds = results.find((r) => r.accuracy !== undefined)?.accuracy?.scores.map((s) => s.thresholdMm) ?? [];
  const accuracyHeaders =
    thresholds.length === 0
      ? []
      : ['Median (mm)', 'P90 (mm)', ...thresholds.map((t) => `C@${t}mm (%)`), ...thresholds.map((t) => `F@${t}mm (%)`), 'Mesh median (mm)'];
  const headers = ['Scene', 'Pathway', ...STAGE_COLUMNS.map((c) => `${c.title} (s)`), 'Total (s)', 'Points', 'Density (pts/m²)', ...accuracyHeaders];
  const rows = results.map((r) => {
    const columns = columnSeconds(r.stageSeconds);
    const a = r.accuracy;
    const accuracyCells =
      thresholds.length === 0
        ? []
        : [
            mm(a?.medianErrorMm),
            mm(a?.p90ErrorMm),
            ...thresholds.map((t) => share(a?.scores.find((s) => s.thresholdMm === t)?.completeness)),
            ...thresholds.map((t) => share(a?.scores.find((s) => s.thresholdMm === t)?.fScore)),
            mm(a?.mesh?.medianErrorMm),
          ];
    return [
      r.rig === undefined ? r.scene : `${r.rig}/${r.scene}`,
      r.error === undefined ? r.label : `${r.label} (failed)`,
      ...STAGE_COLUMNS.map((c) => seconds(columns[c.key])),
      seconds(r.totalS),
      formatFigure(r.points),
      formatFigure(Math.round(r.densityPerM2)),
      ...accuracyCells,
    ];
  });
  return textTable(headers, rows, 2);
}

/**
 * The relief alone (scenes with mounds, pits or rocks; `undefined` when no result has any): `Scene | Pathway |`
 * the cleaned cloud's relief points' median and p90 distance to the true surface, its completeness at 2 mm and
 * widest hole over the relief, the same three for the written `fused.ply`, and the share of relief pixels (and of
 * relief tops, ≥ 1 cm off the bed) that ≥ 2 ring cameras see and the depth maps gave a depth. Medians score the
 * points that exist; the completeness, the hole and the valid shares show what is missing.
 */
export function formatReliefTable(results: readonly PathwayResult[]): string | undefined {
  if (!results.some((r) => r.accuracy?.relief !== undefined)) return undefined;
  const headers = [
    'Scene',
    'Pathway',
    'Relief median (mm)',
    'Relief p90 (mm)',
    'Relief C@2mm (%)',
    'Widest hole (mm)',
    'fused.ply median (mm)',
    'fused.ply C@2mm (%)',
    'fused.ply hole (mm)',
    'Depth valid (%)',
    'Tops valid (%)',
  ];
  const rows = results
    .filter((r) => r.accuracy?.relief !== undefined)
    .map((r) => {
      const relief = r.accuracy?.relief;
      const fused = r.accuracy?.fusedRelief;
      return [
        r.rig === undefined ? r.scene : `${r.rig}/${r.scene}`,
        r.error === undefined ? r.label : `${r.label} (failed)`,
        mm(relief?.medianErrorMm),
        mm(relief?.p90ErrorMm),
        share(relief?.completeness2mm),
        hole(relief?.maxHoleMm),
        mm(fused?.medianErrorMm),
        share(fused?.completeness2mm),
        hole(fused?.maxHoleMm),
        share(relief?.depth?.validShare),
        share(relief?.depth?.topValidShare),
      ];
    });
  return textTable(headers, rows, 2);
}

/**
 * Where the cores went: per stage column, CPU seconds (every thread of the process) and CPU/wall in parentheses —
 * about 2 when a stage keeps two cores busy, 1 when it runs on one. `Scene | Pathway | Undist … Surface | Total`.
 */
export function formatStageCpuTable(results: readonly PathwayResult[]): string {
  const cell = (cpu: number | undefined, wall: number | undefined): string =>
    cpu === undefined || Number.isNaN(cpu) ? '—' : `${seconds(cpu)} (${wall === undefined || !(wall > 0) ? '—' : (cpu / wall).toFixed(2)})`;
  const headers = ['Scene', 'Pathway', ...STAGE_COLUMNS.map((c) => `${c.title} CPU s (CPU/wall)`), 'Total CPU s (CPU/wall)'];
  const rows = results.map((r) => {
    const wall = columnSeconds(r.stageSeconds);
    const cpu = columnSeconds(r.stageCpuSeconds);
    return [
      r.rig === undefined ? r.scene : `${r.rig}/${r.scene}`,
      r.error === undefined ? r.label : `${r.label} (failed)`,
      ...STAGE_COLUMNS.map((c) => cell(cpu[c.key], wall[c.key])),
      cell(totalSeconds(r.stageCpuSeconds), r.totalS),
    ];
  });
  return textTable(headers, rows, 2);
}
