import type { Comparison } from './compare-records.js';
import { formatFigure, textTable } from './format-number.js';

const signed = (value: number, digits: number): string => (Number.isNaN(value) ? '—' : `${value >= 0 ? '+' : ''}${value.toFixed(digits)}`);

/**
 * The comparison as text (spec §5.4): a title, the table `Metric | Baseline | Current | Delta | % | Limit |
 * Status`, then `Regressions detected: N` with one `  - metric` line each, or `No regressions detected.`
 */
export function formatComparison(comparison: Comparison, baselineId: string, currentId: string): string {
  const rows = comparison.rows.map((r) => [
    r.metric,
    formatFigure(r.baseline),
    formatFigure(r.current),
    Number.isNaN(r.delta) ? '—' : `${r.delta >= 0 ? '+' : ''}${formatFigure(r.delta)}`,
    r.baseline === undefined || r.current === undefined ? '—' : `${signed(r.percent, 1)}%`,
    r.limit,
    r.status,
  ]);
  const lines = [
    `Benchmark Comparison: ${baselineId} → ${currentId}`,
    '='.repeat(80),
    textTable(['Metric', 'Baseline', 'Current', 'Delta', '%', 'Limit', 'Status'], rows),
    '',
  ];
  if (comparison.regressions.length === 0) lines.push('No regressions detected.');
  else lines.push(`Regressions detected: ${comparison.regressions.length}`, ...comparison.regressions.map((m) => `  - ${m}`));
  return lines.join('\n');
}
