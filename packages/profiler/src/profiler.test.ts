import { existsSync, mkdtempSync, statSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Profiler, type ProfilerOptions } from './profiler.js';
import { createProfilerSubscriber } from './profiler-subscriber.js';
import type { ProfileReport, StageReport } from './report.js';
import { schedule } from './schedule.js';
import { busy, SyntheticRun } from './test-support/synthetic-run.js';
import { readTrace, traceProblems } from './test-support/trace-check.js';

const MIB = 1024 * 1024;
const tempDir = (): string => mkdtempSync(join(tmpdir(), 'aqm-profiler-'));

function setup(options: ProfilerOptions = {}): { profiler: Profiler; run: SyntheticRun } {
  const profiler = new Profiler({ sampleIntervalMs: 2, ...options });
  return { profiler, run: new SyntheticRun(createProfilerSubscriber(profiler, { name: '@aquamvs/profiler' })) };
}

const row = (report: ProfileReport, path: string): StageReport => {
  const found = report.stages.find((s) => s.path === path);
  if (found === undefined) throw new Error(`no row ${path} in ${report.stages.map((s) => s.path).join(', ')}`);
  return found;
};

describe('Profiler through hook events', () => {
  it('nests spans inside stages and aggregates repeated names across frames (count, total, mean, max)', async () => {
    const { profiler, run } = setup();
    await run.start();
    await run.stage('load', undefined, () => busy(2));
    for (let frame = 0; frame < 3; frame += 1) {
      await run.frame(frame, async () => {
        await run.stage('sweep', frame, () =>
          run.span('sweep', frame, 'cost', (outer) => run.span('sweep', frame, 'warp', () => busy(3 + frame), { parentSpanId: outer })),
        );
        await run.stage('fuse', frame, () => busy(2));
      });
    }
    await run.end();
    const report = profiler.report();
    expect(report.stages.map((s) => [s.path, s.depth, s.calls])).toEqual([
      ['load (prepare)', 0, 1],
      ['sweep', 0, 3],
      ['sweep › cost', 1, 3],
      ['sweep › cost › warp', 2, 3],
      ['fuse', 0, 3],
    ]);
    const warp = row(report, 'sweep › cost › warp');
    expect(warp.wallMs.total).toBeGreaterThanOrEqual(3 + 4 + 5);
    expect(warp.wallMs.max).toBeGreaterThanOrEqual(5);
    expect(warp.wallMs.mean).toBeCloseTo(warp.wallMs.total / 3, 9);
    expect(warp.wallMs.min).toBeLessThanOrEqual(warp.wallMs.mean);
    const sweep = row(report, 'sweep');
    const cost = row(report, 'sweep › cost');
    expect(sweep.wallMs.total).toBeGreaterThanOrEqual(cost.wallMs.total);
    expect(cost.wallMs.total).toBeGreaterThanOrEqual(warp.wallMs.total);
    expect(sweep.selfMs).toBeCloseTo(sweep.wallMs.total - cost.wallMs.total, 6);
    // Busy-waiting uses CPU, but on a loaded machine the thread is also descheduled, and process CPU time includes
    // the runtime's helper threads: bound the ratio by what the machine can physically deliver.
    expect(warp.cpuWallRatio).toBeGreaterThan(0);
    expect(warp.cpuWallRatio).toBeLessThanOrEqual(availableParallelism() + 0.5);
    expect(report.totalWallMs).toBeCloseTo(row(report, 'load (prepare)').wallMs.total + sweep.wallMs.total + row(report, 'fuse').wallMs.total, 9);
    const byWall = ['load (prepare)', 'sweep', 'fuse'].sort((a, b) => row(report, b).wallMs.total - row(report, a).wallMs.total);
    expect(report.bottlenecks.map((b) => b.name)).toEqual(byWall);
    expect(report.bottlenecks.reduce((sum, b) => sum + b.share, 0)).toBeCloseTo(1, 9);
    expect(report.frames).toEqual([0, 1, 2]);
  });

  it('measures memory before, after and peak: a stage that keeps 48 MiB shows it in delta and peak', async () => {
    const { profiler, run } = setup();
    const kept: Uint8Array[] = [];
    await run.start();
    await run.frame(0, () =>
      run.stage('alloc', 0, () => {
        kept.push(new Uint8Array(48 * MIB).fill(7));
      }),
    );
    await run.end();
    const alloc = row(profiler.report(), 'alloc');
    expect(kept[0][48 * MIB - 1]).toBe(7);
    expect(alloc.delta.arrayBuffers).toBeGreaterThanOrEqual(48 * MIB - 64 * 1024);
    expect(alloc.delta.arrayBuffers).toBeLessThan(52 * MIB);
    expect(alloc.delta.rss).toBeGreaterThan(40 * MIB);
    expect(alloc.peak.arrayBuffers).toBeGreaterThanOrEqual(48 * MIB);
    expect(alloc.peak.rss).toBeGreaterThanOrEqual(alloc.delta.rss);
  });

  it('samples peak RSS while a synchronous stage blocks the event loop (helper thread)', async () => {
    const gc = (globalThis as { gc?: () => void }).gc;
    expect(gc).toBeTypeOf('function');
    const dir = tempDir();
    const { run } = setup({ sampleIntervalMs: 1, tracePath: join(dir, 'trace.json') });
    await run.start();
    await new Promise((resolve) => setTimeout(resolve, 100));
    let transientRss = 0;
    await run.frame(0, () =>
      run.stage('spike', 0, () => {
        let spike: Uint8Array | undefined = new Uint8Array(64 * MIB).fill(1);
        transientRss = process.memoryUsage.rss();
        // Hold the spike long enough that the sampler thread is scheduled during it even on a heavily loaded
        // machine (the kernel gives every runnable thread a slice within tens of ms at load 16 on 2 cores).
        busy(500);
        expect(spike[64 * MIB - 1]).toBe(1);
        spike = undefined;
        gc?.();
        busy(20);
      }),
    );
    await run.end();
    const event = readTrace(join(dir, 'trace.json')).traceEvents.find((e) => e.name === 'spike');
    const { after, peak } = event?.args as { after: { rss: number }; peak: { rss: number } };
    expect(after.rss).toBeLessThan(transientRss - 40 * MIB);
    expect(peak.rss).toBeGreaterThanOrEqual(transientRss - 4 * MIB);
  });

  it('records a failing stage (calls, errors, trace flag) and the frame goes on to frameEnd', async () => {
    const dir = tempDir();
    const { profiler, run } = setup({ tracePath: join(dir, 'trace.json') });
    await run.start();
    for (const frame of [0, 1]) {
      await run.frame(frame, async () => {
        await run.stage('flaky', frame, () => {
          busy(1);
          if (frame === 1) throw new Error('kaput');
        });
      });
    }
    await run.end();
    const flaky = row(profiler.report(), 'flaky');
    expect([flaky.calls, flaky.errors]).toEqual([2, 1]);
    const events = readTrace(join(dir, 'trace.json')).traceEvents.filter((e) => e.ph === 'X');
    expect(events.map((e) => [e.name, e.args?.frame, e.args?.error ?? false])).toEqual([
      ['flaky', 0, false],
      ['frame 0', 0, false],
      ['flaky', 1, true],
      ['frame 1', 1, true],
    ]);
  });

  it('onTraceReady fires when leaving a RECORD_AND_SAVE frame; each cycle holds only its own frames', async () => {
    const dir = tempDir();
    const seen: { afterFrame: number; cycle: number; frames: readonly number[]; calls: number }[] = [];
    let lastFrame = -1;
    const { profiler, run } = setup({
      schedule: schedule({ wait: 1, warmup: 1, active: 2, repeat: 2, skipFirst: 1 }),
      tracePath: (cycle) => join(dir, `trace-${cycle}.json`),
      onTraceReady: (p) => {
        const report = p.report();
        seen.push({ afterFrame: lastFrame, cycle: p.cycle, frames: report.frames, calls: row(report, 'work').calls });
      },
    });
    await run.start();
    for (let frame = 0; frame < 11; frame += 1) {
      await run.frame(frame, () => run.stage('work', frame, () => busy(0.2)));
      lastFrame = frame;
    }
    await run.end();
    expect(seen).toEqual([
      { afterFrame: 3, cycle: 0, frames: [3, 4], calls: 2 },
      { afterFrame: 7, cycle: 1, frames: [7, 8], calls: 2 },
    ]);
    expect(profiler.readyCount).toBe(2);
    for (const [cycle, frames] of [
      [0, [3, 4]],
      [1, [7, 8]],
    ] as const) {
      const trace = readTrace(join(dir, `trace-${cycle}.json`));
      expect(traceProblems(trace)).toEqual([]);
      const recorded = trace.traceEvents.filter((e) => e.ph === 'X' && e.name === 'work').map((e) => e.args?.frame);
      expect(recorded).toEqual(frames);
    }
    expect(existsSync(join(dir, 'trace-2.json'))).toBe(false);
  });

  it('without a schedule records every frame and fires onTraceReady once, at the end', async () => {
    let ready = 0;
    const { profiler, run } = setup({ onTraceReady: () => void (ready += 1) });
    await run.start();
    for (let frame = 0; frame < 5; frame += 1) {
      await run.frame(frame, () => run.stage('work', frame, () => undefined));
      expect(ready).toBe(0);
    }
    await run.end();
    expect(ready).toBe(1);
    expect(row(profiler.report(), 'work').calls).toBe(5);
  });

  it('warns and keeps no file when the schedule never reaches RECORD', async () => {
    const dir = tempDir();
    const warnings: string[] = [];
    const log = { debug: () => {}, info: () => {}, error: () => {}, warn: (m: string) => void warnings.push(m), child: () => log };
    const { run } = setup({ schedule: { wait: 5, warmup: 1, active: 1 }, tracePath: join(dir, 'trace.json'), log });
    await run.start();
    for (let frame = 0; frame < 3; frame += 1) await run.frame(frame, () => run.stage('work', frame, () => undefined));
    await run.end();
    expect(warnings).toEqual(['profiler recorded nothing: the schedule never reached RECORD in 4 step(s)']);
    expect(existsSync(join(dir, 'trace.json'))).toBe(false);
  });

  it('stage() nests manual stages under the running hook stage', async () => {
    const { profiler, run } = setup();
    await run.start();
    await run.frame(0, () =>
      run.stage('outer', 0, async () => {
        expect(await profiler.stage('manual', () => profiler.stage('inner', () => 42))).toBe(42);
      }),
    );
    await run.end();
    expect(profiler.report().stages.map((s) => [s.path, s.depth, s.kind])).toEqual([
      ['outer', 0, 'stage'],
      ['outer › manual', 1, 'stage'],
      ['outer › manual › inner', 2, 'stage'],
    ]);
  });
});

describe('Chrome trace', () => {
  it('is valid object-form JSON: X, C and M events, strict nesting per tid, worker and concurrent work on own tids', async () => {
    const dir = tempDir();
    const path = join(dir, 'trace.json');
    const { run } = setup({ tracePath: path });
    await run.start();
    await run.stage('load', undefined, () => busy(1));
    for (let frame = 0; frame < 2; frame += 1) {
      await run.frame(frame, async () => {
        await run.stage('sweep', frame, async () => {
          await Promise.all([
            run.span('sweep', frame, 'camera-a', async () => {
              await new Promise((resolve) => setTimeout(resolve, 5));
            }),
            run.span('sweep', frame, 'camera-b', async () => {
              await new Promise((resolve) => setTimeout(resolve, 3));
            }),
          ]);
          await run.span('sweep', frame, 'worker-task', () => busy(1), { threadId: 7 });
        });
      });
    }
    await run.end();
    const trace = readTrace(path);
    expect(trace.displayTimeUnit).toBe('ms');
    expect(traceProblems(trace)).toEqual([]);
    const byPhase = (ph: string) => trace.traceEvents.filter((e) => e.ph === ph);
    expect(byPhase('X')).toHaveLength(1 + 2 * 5);
    expect(byPhase('C').length).toBeGreaterThanOrEqual(4);
    expect(byPhase('C').every((e) => e.name === 'memory' && typeof e.args?.rss === 'number' && typeof e.args?.heapUsed === 'number')).toBe(true);
    const threadNames = byPhase('M')
      .filter((e) => e.name === 'thread_name')
      .map((e) => e.args?.name);
    expect(threadNames).toEqual(expect.arrayContaining(['main', 'main · lane 2', 'worker 7']));
    expect(byPhase('M').find((e) => e.name === 'process_name')?.args).toEqual({ name: 'aquamvs' });
    const tidOf = (name: string) =>
      new Set(
        byPhase('X')
          .filter((e) => e.name === name)
          .map((e) => e.tid),
      );
    const [a] = tidOf('camera-a');
    const [b] = tidOf('camera-b');
    expect(a).not.toBe(b);
    const [worker] = tidOf('worker-task');
    expect([a, b]).not.toContain(worker);
    expect(byPhase('X').find((e) => e.name === 'worker-task')?.args?.thread).toBe(7);
    expect(trace.otherData).toMatchObject({ producer: '@aquamvs/profiler', cycle: 0, frames: [0, 1] });
  });

  it('moves a span that outlives its stage to a new track, so every track still nests', async () => {
    const dir = tempDir();
    const path = join(dir, 'trace.json');
    const { run } = setup({ tracePath: path });
    await run.start();
    let release: () => void = () => undefined;
    let dangling: Promise<void> = Promise.resolve();
    await run.frame(0, async () => {
      await run.stage('leaky', 0, () => {
        dangling = run.span('leaky', 0, 'background', () => new Promise<void>((resolve) => (release = resolve)));
      });
      release();
      await dangling;
    });
    await run.end();
    const trace = readTrace(path);
    expect(traceProblems(trace)).toEqual([]);
    const x = trace.traceEvents.filter((e) => e.ph === 'X');
    expect(x.find((e) => e.name === 'background')?.tid).not.toBe(x.find((e) => e.name === 'leaky')?.tid);
  });

  it('streams events to disk before the run ends', async () => {
    const dir = tempDir();
    const path = join(dir, 'trace.json');
    const { profiler, run } = setup({ tracePath: path, sampleIntervalMs: 0 });
    await run.start();
    await run.frame(0, async () => {
      for (let i = 0; i < 2000; i += 1) await run.stage(`stage-${i % 10}`, 0, () => undefined);
    });
    const sizeBeforeEnd = statSync(path).size;
    await run.end();
    expect(sizeBeforeEnd).toBeGreaterThan(64 * 1024);
    expect(statSync(path).size).toBeGreaterThan(sizeBeforeEnd);
    expect(traceProblems(readTrace(path))).toEqual([]);
    expect(row(profiler.report(), 'stage-3').calls).toBe(200);
  });
});

describe('Profiler options', () => {
  it.each([-1, Number.NaN, Number.POSITIVE_INFINITY])('rejects sampleIntervalMs %s with AQM_ERR_PROFILER_OPTION_INVALID', (sampleIntervalMs) => {
    expect(() => new Profiler({ sampleIntervalMs })).toThrow(
      expect.objectContaining({
        code: 'AQM_ERR_PROFILER_OPTION_INVALID',
        message: `profiler option sampleIntervalMs: expected a finite number >= 0, got ${sampleIntervalMs}`,
      }),
    );
  });
});
