/** A figure for tables: thousands separators from 1000 up, 4 significant digits below, `—` for missing/NaN. */
export function formatFigure(value: number | undefined | null): string {
  if (value === undefined || value === null || Number.isNaN(value)) return '—';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '-∞';
  if (Math.abs(value) >= 1000) return Math.round(value).toLocaleString('en-US');
  if (value === 0) return '0';
  const text = value.toPrecision(4);
  return text.includes('e') ? value.toFixed(6) : text;
}

/** A Markdown-compatible grid table: header row, a rule, rows; the first `leftColumns` columns left-aligned, the others right-aligned. */
export function textTable(headers: readonly string[], rows: readonly (readonly string[])[], leftColumns = 1): string {
  const all = [headers, ...rows];
  const widths = headers.map((_, c) => Math.max(...all.map((row) => Array.from(row[c] ?? '').length)));
  const pad = (cell: string, c: number): string => {
    const gap = ' '.repeat(widths[c] - Array.from(cell).length);
    return c < leftColumns ? cell + gap : gap + cell;
  };
  const line = (row: readonly string[]): string => `| ${row.map((cell, c) => pad(cell, c)).join(' | ')} |`;
  const rule = `|${widths.map((w, c) => (c < leftColumns ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`;
  return [line(headers), rule, ...rows.map(line)].join('\n');
}
