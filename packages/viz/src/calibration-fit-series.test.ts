import { describe, expect, it } from 'vitest';
import { calibrationFitSvg, summarizeCalibrationFit, type CalibrationFitSeries } from './calibration-fit-series.js';

describe('calibration fit over a long recording', () => {
  // 20 000 frames (11 min at 30 fps): ring01 at 0.02 px but for one frame at 0.6 px, the centre camera without pairs in
  // every tenth frame.
  const frames = Array.from({ length: 20_000 }, (_, i) => i);
  const series: CalibrationFitSeries = {
    frames,
    cameras: new Map<string, (number | null)[]>([
      ['center', frames.map((f) => (f % 10 === 0 ? null : 0.15))],
      ['ring01', frames.map((f) => (f === 12_345 ? 0.6 : 0.02))],
    ]),
    motion: new Set<string>(),
    leftOut: [],
    thresholds: { ratio: 4, floorPx: 0.1 },
  };

  it('draws a few hundred points per camera, no markers, and keeps the frame that spiked', () => {
    const svg = calibrationFitSvg(series);
    const lines = [...svg.matchAll(/<polyline[^>]* points="([^"]*)"/g)].map((m) => m[1].split(' '));
    expect(lines).toHaveLength(2);
    for (const points of lines) expect(points.length).toBeLessThanOrEqual(540);
    expect(svg).not.toContain('<circle');
    expect(svg.length).toBeLessThan(60_000);
    // The spike is the highest point drawn: 0.6 px on a 0–0.6 axis lies on the plot's top edge (y = 36).
    const ys = lines[1].map((p) => Number(p.split(',')[1]));
    expect(Math.min(...ys)).toBeCloseTo(36, 0);
  });

  it('summarises each camera over every frame, not the drawn ones', () => {
    const [center, ring01] = summarizeCalibrationFit(series);
    expect(center.frames).toBe(18_000);
    expect(ring01.worst).toEqual({ frame: 12_345, px: 0.6 });
    expect(ring01.medianPx).toBe(0.02);
  });
});
