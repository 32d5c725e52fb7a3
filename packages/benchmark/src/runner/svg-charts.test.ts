import { describe, expect, it } from 'vitest';
import type { PathwayResult } from './run-benchmark.js';
import { accuracyChartSvg, niceMax, stageTimeChartSvg } from './svg-charts.js';

const result = (label: string, stageSeconds: Record<string, number>, medianErrorMm = 0.5): PathwayResult => ({
  scene: 'flat',
  rig: 'ci',
  pathway: 'classic:full',
  label,
  stageSeconds,
  stageCpuSeconds: stageSeconds,
  totalS: Object.values(stageSeconds).reduce((s, v) => s + v, 0),
  totalRunsS: [],
  stageRunsS: [],
  stageCpuRunsS: [],
  peakRssBytes: 0,
  points: 10,
  densityPerM2: 1,
  accuracy: {
    points: 10,
    samples: 10,
    meanErrorMm: medianErrorMm,
    medianErrorMm,
    p90ErrorMm: 2 * medianErrorMm,
    scores: [{ thresholdMm: 1, precision: 1, completeness: 0.5, fScore: 0.8 }],
  },
});

const widths = (svg: string, colour: string): number[] =>
  [...svg.matchAll(new RegExp(`<rect x="[\\d.]+" y="[\\d.]+" width="([\\d.]+)" height="[\\d.]+" fill="${colour}"`, 'g'))].map((m) => Number(m[1]));

describe('SVG charts', () => {
  it('rounds axis maxima up to 1, 2, 2.5 or 5 × 10^k', () => {
    expect([0.7, 1, 3.2, 24, 0].map(niceMax)).toEqual([1, 1, 5, 25, 1]);
  });

  it('draws stage segments proportional to seconds on a shared axis', () => {
    const svg = stageTimeChartSvg([result('A', { undistort: 1, 'plane-sweep': 3 }), result('B', { undistort: 2, triangulation: 0.5 })]);
    // axis max 5 s over 520 px: 1 s = 104 px
    expect(widths(svg, '#4e79a7')).toEqual([104, 208]); // Undist
    expect(widths(svg, '#e15759')).toEqual([312]); // Depth
    expect(widths(svg, '#bab0ac')).toEqual([52]); // other (triangulation)
    expect(svg).toContain('ci/flat · A');
  });

  it('draws median/p90 error bars and F-score bars', () => {
    const svg = accuracyChartSvg([result('A', { undistort: 1 }, 1), result('B<&>', { undistort: 1 }, 0.5)]);
    // p90 max 2 mm → axis 2 over 300 px
    expect(widths(svg, '#4e79a7')).toEqual([150, 75]);
    expect(widths(svg, '#f28e2b')).toEqual([300, 150]);
    expect(widths(svg, '#59a14f')).toEqual([240, 240]);
    expect(svg).toContain('B&lt;&amp;&gt;');
  });
});
