import type { PathwayResult } from './run-benchmark.js';
import { columnSeconds, STAGE_COLUMNS } from './stage-columns.js';

const STAGE_COLOURS = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#bab0ac'];
const SCORE_COLOURS = ['#4e79a7', '#f28e2b', '#59a14f', '#e15759'];
const FONT = 'font-family="sans-serif" font-size="12"';

const escape = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const n = (value: number): string => (Math.round(value * 10) / 10).toString();

/** A "nice" axis maximum ≥ `value` (1, 2, 2.5 or 5 × 10^k). */
export function niceMax(value: number): number {
  if (!(value > 0) || !Number.isFinite(value)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}

function rowLabel(r: PathwayResult): string {
  return `${r.rig === undefined ? '' : `${r.rig}/`}${r.scene} · ${r.label}`;
}

function axis(x0: number, width: number, y: number, max: number, unit: string): string {
  const ticks: string[] = [];
  for (let i = 0; i <= 5; i++) {
    const x = x0 + (width * i) / 5;
    const value = (max * i) / 5;
    ticks.push(`<line x1="${n(x)}" y1="${n(y)}" x2="${n(x)}" y2="${n(y + 4)}" stroke="#333"/>`);
    ticks.push(`<text x="${n(x)}" y="${n(y + 16)}" text-anchor="middle" ${FONT}>${escape(`${+value.toPrecision(3)}`)}</text>`);
  }
  return [
    `<line x1="${n(x0)}" y1="${n(y)}" x2="${n(x0 + width)}" y2="${n(y)}" stroke="#333"/>`,
    ...ticks,
    `<text x="${n(x0 + width / 2)}" y="${n(y + 32)}" text-anchor="middle" ${FONT}>${escape(unit)}</text>`,
  ].join('');
}

function legend(x: number, y: number, entries: readonly { label: string; colour: string }[]): string {
  return entries
    .map((e, i) => {
      const ex = x + i * 110;
      return `<rect class="key" x="${ex}" y="${y - 10}" width="12" height="12" fill="${e.colour}"/><text x="${ex + 16}" y="${y}" ${FONT}>${escape(e.label)}</text>`;
    })
    .join('');
}

function svg(width: number, height: number, title: string, body: string): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${n(height)}" viewBox="0 0 ${width} ${n(height)}">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="${width / 2}" y="22" text-anchor="middle" font-family="sans-serif" font-size="15" font-weight="bold">${escape(title)}</text>`,
    body,
    '</svg>\n',
  ].join('');
}

/**
 * Stage-time chart: one horizontal stacked bar per scene and pathway, a segment per table column (Undist, Match,
 * Depth, Fusion, Surface) plus `other` (triangulation, sparse cloud), in seconds. Plain SVG, no browser needed.
 */
export function stageTimeChartSvg(results: readonly PathwayResult[]): string {
  const labelWidth = 230;
  const plotWidth = 520;
  const rowHeight = 26;
  const top = 60;
  const max = niceMax(Math.max(0, ...results.map((r) => r.totalS)));
  const series = [...STAGE_COLUMNS.map((c) => c.title), 'other'];
  const parts: string[] = [
    legend(
      labelWidth,
      46,
      series.map((label, i) => ({ label, colour: STAGE_COLOURS[i] })),
    ),
  ];
  results.forEach((r, row) => {
    const y = top + row * rowHeight;
    const columns = columnSeconds(r.stageSeconds);
    const values = STAGE_COLUMNS.map((c) => columns[c.key] ?? 0);
    values.push(Math.max(0, r.totalS - values.reduce((s, v) => s + v, 0)));
    parts.push(`<text x="${labelWidth - 8}" y="${y + 16}" text-anchor="end" ${FONT}>${escape(rowLabel(r))}</text>`);
    let x = labelWidth;
    values.forEach((value, i) => {
      const w = (plotWidth * value) / max;
      if (w > 0)
        parts.push(
          `<rect x="${n(x)}" y="${y + 4}" width="${n(w)}" height="${rowHeight - 8}" fill="${STAGE_COLOURS[i]}"><title>${escape(`${series[i]}: ${value.toFixed(2)} s`)}</title></rect>`,
        );
      x += w;
    });
    parts.push(`<text x="${n(x + 4)}" y="${y + 16}" ${FONT}>${escape(`${r.totalS.toFixed(2)} s`)}</text>`);
  });
  const axisY = top + results.length * rowHeight + 4;
  parts.push(axis(labelWidth, plotWidth, axisY, max, 'seconds (sum of stages, median of runs)'));
  return svg(labelWidth + plotWidth + 90, axisY + 44, 'Stage time per pathway', parts.join(''));
}

/**
 * Accuracy chart: per scene and pathway, the median and p90 distance to the true surface (mm, left) and the
 * F-score at each τ (right, 0–1). Rows without ground truth are left out.
 */
export function accuracyChartSvg(results: readonly PathwayResult[]): string {
  const scored = results.filter((r) => r.accuracy !== undefined);
  const labelWidth = 230;
  const panel = 300;
  const gap = 40;
  const rowHeight = 34;
  const top = 60;
  const thresholds = scored[0]?.accuracy?.scores.map((s) => s.thresholdMm) ?? [];
  const errorMax = niceMax(
    Math.max(0, ...scored.flatMap((r) => [r.accuracy?.p90ErrorMm ?? 0, r.accuracy?.medianErrorMm ?? 0]).filter(Number.isFinite)),
  );
  const right = labelWidth + panel + gap;
  const parts: string[] = [
    legend(labelWidth, 46, [
      { label: 'median', colour: SCORE_COLOURS[0] },
      { label: 'p90', colour: SCORE_COLOURS[1] },
    ]),
    legend(
      right,
      46,
      thresholds.map((t, i) => ({ label: `F@${t} mm`, colour: SCORE_COLOURS[(i + 2) % SCORE_COLOURS.length] })),
    ),
  ];
  scored.forEach((r, row) => {
    const a = r.accuracy;
    if (a === undefined) return;
    const y = top + row * rowHeight;
    parts.push(`<text x="${labelWidth - 8}" y="${y + 20}" text-anchor="end" ${FONT}>${escape(rowLabel(r))}</text>`);
    const bars = [a.medianErrorMm, a.p90ErrorMm];
    bars.forEach((value, i) => {
      if (!Number.isFinite(value)) return;
      const w = (panel * Math.min(value, errorMax)) / errorMax;
      parts.push(
        `<rect x="${labelWidth}" y="${y + 4 + i * 13}" width="${n(w)}" height="12" fill="${SCORE_COLOURS[i]}"><title>${escape(`${i === 0 ? 'median' : 'p90'}: ${value.toFixed(3)} mm`)}</title></rect>`,
      );
    });
    const h = (rowHeight - 8) / Math.max(1, thresholds.length);
    a.scores.forEach((s, i) => {
      parts.push(
        `<rect x="${right}" y="${n(y + 4 + i * h)}" width="${n(panel * s.fScore)}" height="${n(h - 1)}" fill="${SCORE_COLOURS[(i + 2) % SCORE_COLOURS.length]}"><title>${escape(`F@${s.thresholdMm} mm: ${s.fScore.toFixed(3)}`)}</title></rect>`,
      );
    });
  });
  const axisY = top + scored.length * rowHeight + 4;
  parts.push(axis(labelWidth, panel, axisY, errorMax, 'distance to the true surface (mm)'));
  parts.push(axis(right, panel, axisY, 1, 'F-score'));
  return svg(right + panel + 30, axisY + 44, 'Accuracy per scene (synthetic ground truth)', parts.join(''));
}
