import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultConfig } from '@aquamvs/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { oraclePlugin } from '../test-support/oracle-stages.js';
import { createBenchmarkRecord } from './benchmark-record.js';
import { syntheticBenchmarkScene } from './benchmark-scene.js';
import { compareMetrics } from './compare-records.js';
import { flattenMetrics } from './flatten-metrics.js';
import { parseCompareRules } from './compare-rules.js';
import { writeBenchmarkReport } from './markdown-report.js';
import { loadBaseline, saveBenchmarkRecord } from './record-storage.js';
import { formatResultsTable } from './results-table.js';
import { runBenchmark, type BenchmarkResult } from './run-benchmark.js';

const work = mkdtempSync(join(tmpdir(), 'aquamvs-bench-test-'));
const flat = syntheticBenchmarkScene({ rig: 'ci', scene: 'flat', seed: 3 });
const plugins = [oraclePlugin([flat.truth!])];
const accuracyRules = parseCompareRules('median_error_mm:5%,p90_error_mm:5%,completeness_2mm:5%,fscore_2mm:5%,points:10%');

let base: BenchmarkResult;
beforeAll(async () => {
  base = await runBenchmark({ scenes: [flat], plugins, workDir: join(work, 'base'), repeat: 2 });
});

describe('runBenchmark on the ci flat scene with oracle stages', () => {
  it('runs classic full and sparse by default and times every stage from the profiler', () => {
    expect(base.pathways.map((p) => p.key)).toEqual(['classic:full', 'classic:sparse']);
    const full = base.results[0];
    expect(Object.keys(full.stageSeconds).sort()).toEqual(['fusion', 'plane-sweep', 'sparse-matching', 'surface', 'triangulation', 'undistort']);
    expect(full.stageSeconds['plane-sweep']).toBeGreaterThan(0);
    expect(full.totalRunsS).toHaveLength(2);
    const sum = Object.values(full.stageSeconds).reduce((s, v) => s + v, 0);
    // the total is the median of per-run sums, the stages medians of their own: equal up to run-to-run spread
    expect(Math.abs(full.totalS - sum)).toBeLessThanOrEqual(Math.abs(full.totalRunsS[0] - full.totalRunsS[1]) + 1e-9);
    expect(Object.keys(base.results[1].stageSeconds)).not.toContain('plane-sweep');
  });

  it("measures every stage's CPU time too, for the same stages", () => {
    const full = base.results[0];
    expect(Object.keys(full.stageCpuSeconds).sort()).toEqual(Object.keys(full.stageSeconds).sort());
    for (const value of Object.values(full.stageCpuSeconds)) expect(value).toBeGreaterThanOrEqual(0);
    expect(Object.values(full.stageCpuSeconds).reduce((s, v) => s + v, 0)).toBeGreaterThan(0);
  });

  it('scores the fused cloud: 4 cameras × 160×120 points within the quantisation error of 128 depth planes', () => {
    const a = base.results[0].accuracy!;
    expect(base.results[0].points).toBe(4 * 160 * 120);
    expect(a.medianErrorMm).toBeGreaterThan(0.01);
    expect(a.medianErrorMm).toBeLessThan(0.2);
    expect(a.scores.map((s) => s.thresholdMm)).toEqual([1, 2, 5]);
    expect(a.scores[0].precision).toBe(1);
    expect(a.scores[2].completeness).toBeGreaterThan(0.99);
    expect(a.depth?.cameras).toBe(4);
    expect(a.depth?.validShare).toBe(1);
    expect(a.depth?.medianErrorMm).toBeLessThan(0.2);
  });

  it('scores the sparse cloud of exact points at 0 mm error but low completeness', () => {
    const a = base.results[1].accuracy!;
    expect(a.medianErrorMm).toBeLessThan(1e-6);
    expect(a.scores[2].completeness).toBeLessThan(0.2);
    expect(base.results[1].densityPerM2).toBeGreaterThan(0);
  });

  it('prints the §5.5 table with accuracy columns', () => {
    const table = formatResultsTable(base.results).split('\n');
    expect(table[0]).toMatch(
      /^\| Scene +\| Pathway +\| Undist \(s\) \| Match \(s\) \| Depth \(s\) \| Fusion \(s\) \| Surface \(s\) \| Total \(s\) \| Points \| Density \(pts\/m²\) \| Median \(mm\) \| P90 \(mm\) \| C@1mm/,
    );
    expect(table).toHaveLength(4);
    expect(table[2]).toContain('76,800');
    expect(table[3]).toMatch(/Classic sparse +\| +[\d.]+ \| +[\d.]+ \| +— \| +— \|/);
  });

  it('flags an injected regression (16 instead of 128 depths) and passes an identical rerun', async () => {
    const fewer = { ...flat, config: { ...flat.config, reconstruction: { ...flat.config.reconstruction, num_depths: 16 } } };
    const worse = await runBenchmark({ scenes: [fewer], plugins, workDir: join(work, 'fewer'), pathways: ['full'] });
    const again = await runBenchmark({ scenes: [flat], plugins, workDir: join(work, 'again'), pathways: ['full'] });
    const baseRecord = createBenchmarkRecord(base, [flat]);
    const bad = compareMetrics(baseRecord.metrics, createBenchmarkRecord(worse, [fewer]).metrics, { rules: accuracyRules });
    expect(bad.regressions).toEqual([
      'ci/flat/classic:full/completeness_2mm',
      'ci/flat/classic:full/fscore_2mm',
      'ci/flat/classic:full/median_error_mm',
      'ci/flat/classic:full/p90_error_mm',
    ]);
    const ratio = worse.results[0].accuracy!.medianErrorMm / base.results[0].accuracy!.medianErrorMm;
    expect(ratio).toBeGreaterThan(5); // step grows 127/15 ≈ 8.5×
    expect(ratio).toBeLessThan(12);
    const same = compareMetrics(baseRecord.metrics, createBenchmarkRecord(again, [flat]).metrics, { rules: accuracyRules });
    expect(same.regressions).toEqual([]);
    expect(same.rows.find((r) => r.metric === 'ci/flat/classic:full/median_error_mm')?.percent).toBe(0);
    expect(same.rows.filter((r) => r.status === 'MISSING').every((r) => r.metric.includes('classic:sparse'))).toBe(true);
  });

  it('reports a failing stage on its row and keeps going', async () => {
    const failing = await runBenchmark({ scenes: [flat], plugins: [oraclePlugin([flat.truth!], { failOn: 'fusion' })], workDir: join(work, 'fail') });
    expect(failing.results[0].error).toContain('fusion failed on purpose');
    expect(failing.results[0].points).toBe(0);
    expect(failing.results[0].accuracy?.medianErrorMm).toBeNaN();
    expect(failing.results[1].error).toBeUndefined();
    expect(formatResultsTable(failing.results)).toContain('Classic full (failed)');
    const metrics = createBenchmarkRecord(base, [flat]).metrics;
    const failed = compareMetrics(metrics, createBenchmarkRecord(failing, [flat]).metrics, { rules: accuracyRules });
    expect(failed.regressions).toContain('ci/flat/classic:full/median_error_mm');
  });

  it('saves the record, finds it again by name and as latest, and writes the report with two SVG charts', async () => {
    const record = createBenchmarkRecord(base, [flat], { name: 'oracle-base' });
    expect(record.configHash).toMatch(/^[0-9a-f]{16}$/);
    expect(record.machine.cores).toBeGreaterThan(0);
    expect(record.metrics['ci/flat/classic:full/points']).toBe(76_800);
    expect(record.samples?.['ci/flat/classic:full/depth_s']).toHaveLength(2);
    expect(record.samples?.['ci/flat/classic:sparse/total_s']).toEqual(base.results[1].totalRunsS);
    expect(record.samples?.['ci/flat/classic:full/depth_cpu_s']).toHaveLength(2);
    expect(record.metrics['ci/flat/classic:full/total_cpu_s']).toBeGreaterThan(0);
    const dir = join(work, '.benchmarks');
    const saved = await saveBenchmarkRecord(record, dir);
    expect((await loadBaseline('oracle-base', dir)).record.runId).toBe(record.runId);
    expect((await loadBaseline('latest', dir)).path).toBe(saved.runPath);
    expect((await loadBaseline(saved.runPath, dir)).record.metrics).toEqual(JSON.parse(JSON.stringify(record.metrics)));
    await expect(loadBaseline('nope', dir)).rejects.toMatchObject({ code: 'AQM_ERR_BENCHMARK_BASELINE' });
    const written = await writeBenchmarkReport(record, join(work, 'report'));
    expect(written.reportPath).toMatch(/benchmark_\d{8}_\d{6}\.md$/);
    expect(written.charts).toHaveLength(2);
    const md = readFileSync(written.reportPath, 'utf8');
    expect(md).toContain('# AquaMVS Benchmark Report');
    expect(md).toContain('## System Info');
    expect(md).toContain('| ci/flat | Classic full');
    for (const chart of written.charts) {
      expect(existsSync(chart)).toBe(true);
      expect(readFileSync(chart, 'utf8')).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[\s\S]*<\/svg>\n$/);
    }
  });

  it('times the user-data path without ground truth: points and density only', async () => {
    const { truth: _truth, ...userData } = flat;
    const result = await runBenchmark({
      scenes: [{ ...userData, name: 'config', config: { ...defaultConfig(), ...flat.config } }],
      plugins,
      workDir: join(work, 'user'),
      pathways: ['sparse'],
    });
    expect(result.results[0].accuracy).toBeUndefined();
    expect(result.results[0].points).toBe(base.results[1].points);
    expect(formatResultsTable(result.results).split('\n')[0]).not.toContain('Median');
  });
});

describe('runBenchmark on a relief scene: the written fused.ply is scored apart from the cleaned cloud', () => {
  it('gives fused_relief_* figures of fused.ply, where relief_* score the cleaned cloud', async () => {
    const nest = syntheticBenchmarkScene({ rig: 'ci', scene: 'nest', seed: 3 });
    const result = await runBenchmark({ scenes: [nest], plugins: [oraclePlugin([nest.truth!])], workDir: join(work, 'nest'), pathways: ['full'] });
    const a = result.results[0].accuracy!;
    // The oracle's fused.ply holds the quantised truth at every 2nd pixel (8 mm apart on the bed); its "outlier
    // removal" took every relief point.
    expect(a.fusedRelief?.completeness2mm).toBeGreaterThan(0.3);
    expect(a.fusedRelief?.maxHoleMm).toBeLessThan(20);
    // Measured: fused.ply 0.42 within 2 mm, widest hole 11.5 mm; the cleaned cloud 0.017 (bed points at the relief's foot).
    expect(a.relief?.completeness2mm).toBeLessThan(0.05);
    expect(a.relief?.maxHoleMm).toBeGreaterThan(30);
    const flat = flattenMetrics(result.results);
    expect(flat['ci/nest/classic:full/fused_relief_completeness_2mm']).toBe(a.fusedRelief?.completeness2mm);
    expect(flat['ci/nest/classic:full/fused_relief_max_hole_mm']).toBe(a.fusedRelief?.maxHoleMm);
    expect(flat['ci/nest/classic:full/relief_completeness_2mm']).toBe(a.relief?.completeness2mm);
  });
});
