import { describe, expect, it } from 'vitest';
import { flattenMetrics } from './flatten-metrics.js';
import { formatReliefTable, formatStageCpuTable } from './results-table.js';
import type { PathwayResult } from './run-benchmark.js';

const result: PathwayResult = {
  scene: 'flat',
  rig: 'standard',
  pathway: 'classic:full',
  label: 'Classic full',
  stageSeconds: { undistort: 1, 'plane-sweep': 2, fusion: 1 },
  stageCpuSeconds: { undistort: 1, 'plane-sweep': 3.8, fusion: 1.5 },
  totalS: 4,
  totalRunsS: [4],
  stageRunsS: [],
  stageCpuRunsS: [],
  peakRssBytes: 0,
  points: 10,
  densityPerM2: 1,
};

describe('stage CPU time', () => {
  it('tabulates CPU seconds and CPU/wall per stage column, — where a stage did not run', () => {
    const [header, , row] = formatStageCpuTable([result]).split('\n');
    expect(header).toContain('Depth CPU s (CPU/wall)');
    const cells = row.split('|').map((c) => c.trim());
    expect(cells).toContain('3.80 (1.90)');
    expect(cells).toContain('1.50 (1.50)');
    expect(cells).toContain('1.00 (1.00)');
    expect(cells).toContain('6.30 (1.57)');
    expect(cells.filter((c) => c === '—')).toHaveLength(2);
  });

  it('flattens them as *_cpu_s metrics next to the wall-time ones', () => {
    const metrics = flattenMetrics([result]);
    expect(metrics['standard/flat/classic:full/depth_s']).toBe(2);
    expect(metrics['standard/flat/classic:full/depth_cpu_s']).toBe(3.8);
    expect(metrics['standard/flat/classic:full/fusion_cpu_s']).toBe(1.5);
    expect(metrics['standard/flat/classic:full/total_cpu_s']).toBeCloseTo(6.3, 12);
    expect(metrics['standard/flat/classic:full/match_cpu_s']).toBeUndefined();
  });
});

describe('relief table', () => {
  const figures = (medianErrorMm: number, completeness2mm: number, maxHoleMm: number) => ({
    samples: 100,
    completeness2mm,
    maxHoleMm,
    points: 80,
    medianErrorMm,
    p90ErrorMm: 2 * medianErrorMm,
  });
  const withRelief: PathwayResult = {
    ...result,
    scene: 'nest',
    accuracy: {
      points: 10,
      samples: 10,
      meanErrorMm: 0.2,
      medianErrorMm: 0.2,
      p90ErrorMm: 0.5,
      scores: [],
      relief: {
        ...figures(0.78, 0.95, 10.6),
        depth: { pixels: 50, validShare: 0.997, topPixels: 20, topValidShare: 0.995, medianErrorMm: 0.6, p90ErrorMm: 2 },
      },
      fusedRelief: figures(0.79, 0.964, 50),
    },
  };

  it('is absent when no scene has relief', () => {
    expect(formatReliefTable([result])).toBeUndefined();
  });

  it('pairs the relief medians with what is missing: completeness, the widest hole, the valid depth shares', () => {
    const [header, , row, more] = (formatReliefTable([result, withRelief]) as string).split('\n');
    expect(more).toBeUndefined();
    expect(header).toContain('Widest hole (mm)');
    const cells = row.split('|').map((c) => c.trim());
    expect(cells.slice(1, -1)).toEqual(['standard/nest', 'Classic full', '0.780', '1.56', '95.0', '10.60', '0.790', '96.4', '≥ 50', '99.7', '99.5']);
  });
});
