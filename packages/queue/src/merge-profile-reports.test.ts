import type { ProfileReport, StageReport } from '@aquamvs/profiler';
import { describe, expect, it } from 'vitest';
import { mergeProfileReports } from './merge-profile-reports.js';

const mem = (rss: number): StageReport['peak'] => ({ rss, heapUsed: rss / 2, external: 0, arrayBuffers: 0 });

function row(name: string, calls: number, wall: number, cpu: number, rss: number, threads: number[]): StageReport {
  return {
    name,
    path: name,
    kind: 'stage',
    depth: 0,
    calls,
    errors: 0,
    wallMs: { total: wall, mean: wall / calls, max: wall / calls + 1, min: wall / calls - 1 },
    selfMs: wall,
    cpuMs: { total: cpu, user: cpu * 0.9, system: cpu * 0.1, mean: cpu / calls },
    cpuWallRatio: cpu / wall,
    peak: mem(rss),
    delta: mem(1),
    threads,
  };
}

const report = (frames: number[], stages: StageReport[]): ProfileReport => ({
  version: 1,
  cycle: 0,
  frames,
  totalWallMs: stages.reduce((a, s) => a + s.wallMs.total, 0),
  totalCpuMs: stages.reduce((a, s) => a + s.cpuMs.total, 0),
  cpuWallRatio: 1,
  peakRssBytes: Math.max(...stages.map((s) => s.peak.rss)),
  stages,
  bottlenecks: [],
});

describe('mergeProfileReports', () => {
  it('adds calls and times per stage path, keeps extremes and unites frames and threads', () => {
    const a = report([0, 2], [row('plane-sweep', 2, 400, 800, 100, [0, 1]), row('fusion', 2, 100, 100, 90, [0])]);
    const b = report([1, 3, 5], [row('plane-sweep', 3, 900, 1500, 150, [0, 2])]);
    const merged = mergeProfileReports([a, b]);
    expect(merged.frames).toEqual([0, 1, 2, 3, 5]);
    const sweep = merged.stages.find((s) => s.path === 'plane-sweep');
    expect(sweep?.calls).toBe(5);
    expect(sweep?.wallMs.total).toBe(1300);
    expect(sweep?.wallMs.mean).toBeCloseTo(260, 9);
    expect(sweep?.wallMs.max).toBe(301);
    expect(sweep?.wallMs.min).toBe(199);
    expect(sweep?.cpuMs.total).toBe(2300);
    expect(sweep?.cpuWallRatio).toBeCloseTo(2300 / 1300, 12);
    expect(sweep?.peak.rss).toBe(150);
    expect(sweep?.delta.rss).toBe(2);
    expect(sweep?.threads).toEqual([0, 1, 2]);
    expect(merged.totalWallMs).toBe(1400);
    expect(merged.peakRssBytes).toBe(150);
    expect(merged.bottlenecks.map((x) => x.name)).toEqual(['plane-sweep', 'fusion']);
    expect(merged.bottlenecks[0].share).toBeCloseTo(1300 / 1400, 12);
  });
});
