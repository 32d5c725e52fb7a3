import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createLogger, runPipeline } from '@aquamvs/core';
import { describe, expect, it } from 'vitest';
import { formatTable } from './format-table.js';
import profilerPluginDefault from './index.js';
import { timedStage } from './registry.js';
import type { ProfileReport } from './report.js';
import { createRunProfiler } from './run-profiler.js';
import { busy } from './test-support/synthetic-run.js';
import { fnStage, stagesPlugin, testConfig, tinySource } from './test-support/test-pipeline.js';
import { readTrace, traceProblems } from './test-support/trace-check.js';

const quiet = createLogger({ level: 'silent' });
const tempDir = (): string => mkdtempSync(join(tmpdir(), 'aqm-profiler-run-'));

function testStages() {
  return [
    fnStage(
      'decode',
      () => busy(2),
      () => busy(1),
    ),
    fnStage('sweep', async (ctx) => {
      await ctx.span('cost-volume', async () => {
        busy(3);
        await ctx.span('warp', () => busy(1));
      });
      await timedStage('third-party-step', ctx.log, () => busy(1));
    }),
    fnStage('fuse', (ctx) => {
      busy(1);
      if (ctx.frame === 2) throw new Error('fusion exploded');
    }),
  ];
}

describe('createRunProfiler over a real runPipeline', () => {
  it('records every stage and span of a 4-frame run, writes trace.json and profile.json, keeps failures', async () => {
    const out = tempDir();
    const profileDir = join(out, 'prof');
    const rp = createRunProfiler({ outputDir: profileDir, log: quiet, sampleIntervalMs: 2 });
    const summary = await rp.run(() =>
      runPipeline({
        config: testConfig(out, ['decode', 'sweep', 'fuse']),
        frameSource: tinySource(4),
        plugins: [stagesPlugin(testStages()), rp.plugin],
        log: quiet,
      }),
    );
    const saved = await rp.finish();
    expect(summary.failed.map((f) => f.frame)).toEqual([2]);
    expect(saved).toHaveLength(1);
    const { report, tracePath, reportPath } = saved[0];
    expect([tracePath, reportPath]).toEqual([join(profileDir, 'trace.json'), join(profileDir, 'profile.json')]);
    expect(JSON.parse(readFileSync(reportPath, 'utf8'))).toEqual(JSON.parse(JSON.stringify(report)));
    expect(report.stages.map((s) => [s.path, s.calls, s.errors])).toEqual([
      ['decode (prepare)', 1, 0],
      ['decode', 4, 0],
      ['sweep', 4, 0],
      ['sweep › cost-volume', 4, 0],
      ['sweep › cost-volume › warp', 4, 0],
      ['sweep › third-party-step', 4, 0],
      ['fuse', 4, 1],
    ]);
    expect(report.frames).toEqual([0, 1, 2, 3]);
    const sweep = report.stages.find((s) => s.path === 'sweep');
    expect(sweep?.wallMs.mean).toBeGreaterThanOrEqual(5);
    expect(report.bottlenecks[0]).toMatchObject({ name: 'sweep' });
    expect(report.bottlenecks[0].share).toBeGreaterThan(0.4);
    expect(report.bottlenecks[0].share).toBeLessThan(1);
    const trace = readTrace(tracePath);
    expect(traceProblems(trace)).toEqual([]);
    expect(trace.traceEvents.filter((e) => e.ph === 'X' && e.name.startsWith('frame '))).toHaveLength(4);
    const table = formatTable(report);
    expect(table).toContain('Top 3 bottlenecks:');
    expect(table).toMatch(/\n {2}1\. sweep: \d+\.\d\d ms \(\d+\.\d % of total\), peak RSS \d+\.\d MiB/);
    expect(
      table
        .split('\n')
        .find((l) => l.startsWith('fuse'))
        ?.split(/\s+/)
        .slice(1, 3),
    ).toEqual(['4', '1']);
  });

  it('with a schedule string records only the scheduled frames, one file pair per cycle', async () => {
    const out = tempDir();
    const rp = createRunProfiler({ schedule: '1,0,2,2', log: quiet, sampleIntervalMs: 0 });
    await rp.run(() =>
      runPipeline({
        config: testConfig(out, ['decode']),
        frameSource: tinySource(7),
        plugins: [stagesPlugin([fnStage('decode', () => busy(0.5))]), rp.plugin],
        log: quiet,
      }),
    );
    const saved = await rp.finish();
    expect(saved.map((s) => [s.report.cycle, s.report.frames])).toEqual([
      [0, [1, 2]],
      [1, [4, 5]],
    ]);
    const dir = join(out, 'profile');
    expect(saved.map((s) => s.tracePath)).toEqual([join(dir, 'trace.json'), join(dir, 'trace.cycle-1.json')]);
    expect(existsSync(join(dir, 'profile.cycle-1.json'))).toBe(true);
    for (const s of saved) expect(traceProblems(readTrace(s.tracePath))).toEqual([]);
  });

  it('the default-exported plugin works when loaded like a config plugin and logs the table', async () => {
    const out = tempDir();
    const lines: string[] = [];
    const log = createLogger({ level: 'info', sink: (_level, _name, message) => void lines.push(message) });
    const plugin = profilerPluginDefault({ logTable: true });
    await runPipeline({
      config: testConfig(out, ['decode']),
      frameSource: tinySource(2),
      plugins: [stagesPlugin([fnStage('decode', async () => sleep(2))]), plugin],
      log,
    });
    const report = JSON.parse(readFileSync(join(out, 'profile', 'profile.json'), 'utf8')) as ProfileReport;
    expect(report.stages.map((s) => [s.path, s.calls])).toEqual([['decode', 2]]);
    // A 2 ms timer may fire up to 1 ms early by performance.now() (the event loop's clock has millisecond steps).
    expect(report.stages[0].wallMs.mean).toBeGreaterThanOrEqual(2 - 1);
    expect(plugin.profiler.readyCount).toBe(1);
    expect(lines.some((l) => l.includes('Top 3 bottlenecks:'))).toBe(true);
  });

  it("puts a span a worker thread ran on that worker's own track, with its times and an unknown (not zero) CPU", async () => {
    const out = tempDir();
    const profileDir = join(out, 'prof');
    const rp = createRunProfiler({ outputDir: profileDir, log: quiet, sampleIntervalMs: 0 });
    const stage = fnStage('sweep', async (ctx) => {
      await ctx.span('parallel', async () => {
        const startedAt = performance.now();
        busy(3); // stands in for a worker's task; the span is reported afterwards with the worker's times
        const endedAt = performance.now();
        await ctx.span('task on worker 7', () => undefined, { threadId: 7, startedAt, endedAt });
      });
    });
    await rp.run(() =>
      runPipeline({ config: testConfig(out, ['sweep']), frameSource: tinySource(1), plugins: [stagesPlugin([stage]), rp.plugin], log: quiet }),
    );
    const [{ report, tracePath }] = await rp.finish();
    const row = report.stages.find((s) => s.name === 'task on worker 7');
    expect(row?.threads).toEqual([7]);
    expect(row?.wallMs.total).toBeGreaterThanOrEqual(3 - 1);
    expect(row?.cpuMs.total).toBeNaN();
    expect(
      formatTable(report)
        .split('\n')
        .find((l) => l.includes('task on worker 7')),
    ).toMatch(/—\s+—/);
    const trace = readTrace(tracePath);
    expect(traceProblems(trace)).toEqual([]);
    const workerTrack = trace.traceEvents.find((e) => e.name === 'thread_name' && e.args?.name === 'worker 7');
    const task = trace.traceEvents.find((e) => e.ph === 'X' && e.name === 'task on worker 7');
    expect(task?.tid).toBe(workerTrack?.tid);
    expect(task?.args?.cpuMs).toBeNull();
    expect(task?.dur).toBeGreaterThanOrEqual((3 - 1) * 1000);
  });
});
