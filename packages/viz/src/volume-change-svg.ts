import { lineChartSvg } from './line-chart-svg.js';

/** One frame's volume change against the baseline (see `@aquamvs/evaluation` `volumeChange`). */
export interface VolumeChangeRow {
  readonly frame: number;
  readonly gainedM3: number;
  readonly lostM3: number;
  readonly netM3: number;
}

const SERIES = [
  { key: 'gainedM3', label: 'gained', colour: '#2166ac' },
  { key: 'lostM3', label: 'lost', colour: '#b2182b' },
  { key: 'netM3', label: 'net', colour: '#333333' },
] as const;

/**
 * Volume gained, lost and net against the baseline per frame, as a standalone SVG line chart (litres on the y axis:
 * the volumes a nest or bower changes by are fractions of a cubic metre).
 * @example
 * await writeFile('volume_change.svg', volumeChangeSvg(rows, 'volume change vs frame 0'));
 */
export function volumeChangeSvg(rows: readonly VolumeChangeRow[], title: string, width = 720, height = 360): string {
  const series = SERIES.map((s) => ({ label: s.label, colour: s.colour, points: rows.map((r) => ({ x: r.frame, y: r[s.key] * 1000 })) }));
  return lineChartSvg(series, { title, xLabel: 'frame', yLabel: 'volume (litres)', width, height });
}
