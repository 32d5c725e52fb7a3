import { setTimeout as sleep } from 'node:timers/promises';
import { createLogger, type Logger } from '@aquamvs/core';
import { describe, expect, it } from 'vitest';
import { Profiler } from './profiler.js';
import { getActiveProfiler, runWithProfiler, setActiveProfiler, timedStage, type StageProfiler } from './registry.js';

const capture = (): { log: Logger; lines: string[] } => {
  const lines: string[] = [];
  return { lines, log: createLogger({ level: 'debug', sink: (level, _name, message) => void lines.push(`${level} ${message}`) }) };
};

async function startedProfiler(): Promise<Profiler> {
  const profiler = new Profiler({ sampleIntervalMs: 0 });
  await profiler.start();
  return profiler;
}

/** A pipeline that runs its stages through timedStage with interleaving sleeps. */
async function pipeline(prefix: string, log: Logger, delays: number[]): Promise<string[]> {
  const seen: string[] = [];
  for (const [i, delay] of delays.entries()) {
    await timedStage(`${prefix}-${i}`, log, async () => {
      await sleep(delay);
      seen.push(`${prefix}-${i}`);
    });
  }
  return seen;
}

describe('active-profiler registry', () => {
  it('isolates two pipelines running concurrently, each with its own profiler', async () => {
    const a = await startedProfiler();
    const b = await startedProfiler();
    const { log, lines } = capture();
    const [seenA, seenB] = await Promise.all([
      runWithProfiler(a, () => pipeline('a', log, [4, 1, 6, 2])),
      runWithProfiler(b, () => pipeline('b', log, [1, 5, 1, 3])),
    ]);
    await a.stop();
    await b.stop();
    expect(seenA).toHaveLength(4);
    expect(seenB).toHaveLength(4);
    expect(a.report().stages.map((s) => [s.path, s.calls])).toEqual([
      ['a-0', 1],
      ['a-1', 1],
      ['a-2', 1],
      ['a-3', 1],
    ]);
    expect(b.report().stages.map((s) => [s.path, s.calls])).toEqual([
      ['b-0', 1],
      ['b-1', 1],
      ['b-2', 1],
      ['b-3', 1],
    ]);
    // A timer may fire up to 1 ms before performance.now() says its delay passed (millisecond loop clock).
    expect(a.report().stages[2].wallMs.total).toBeGreaterThanOrEqual(6 - 1);
    expect(lines).toEqual([]);
  });

  it('without an active profiler only runs the work and logs `name: N.N ms`, also when it throws', async () => {
    const { log, lines } = capture();
    expect(getActiveProfiler()).toBeNull();
    expect(
      await timedStage('decode', log, async () => {
        await sleep(3);
        return 'ok';
      }),
    ).toBe('ok');
    await expect(
      timedStage('broken', log, () => {
        throw new Error('kaput');
      }),
    ).rejects.toThrow('kaput');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^info decode: \d+\.\d ms$/);
    expect(Number(/(\d+\.\d) ms/.exec(lines[0])?.[1])).toBeGreaterThanOrEqual(3 - 1); // a timer may fire up to 1 ms early
    expect(lines[1]).toMatch(/^info broken: \d+\.\d ms$/);
  });

  it('a null profiler in runWithProfiler hides an outer one', async () => {
    const outer = await startedProfiler();
    const { log, lines } = capture();
    await runWithProfiler(outer, () => runWithProfiler(null, () => timedStage('plain', log, () => 1)));
    await outer.stop();
    expect(outer.report().stages).toEqual([]);
    expect(lines).toHaveLength(1);
  });

  it('setActiveProfiler applies to the current async context and its continuations only', async () => {
    const mine: StageProfiler = { stage: (_name, fn) => Promise.resolve(fn()) };
    // Keyed by context, not by arrival order: which timer fires first on a loaded machine is not what is tested.
    const observed: Record<string, StageProfiler | null> = {};
    await Promise.all([
      runWithProfiler(null, async () => {
        setActiveProfiler(mine);
        await sleep(2);
        observed.setterAfterAwait = getActiveProfiler();
        setActiveProfiler(null);
        observed.setterAfterReset = getActiveProfiler();
      }),
      runWithProfiler(null, async () => {
        await sleep(1);
        observed.sibling = getActiveProfiler();
      }),
    ]);
    expect(observed).toEqual({ setterAfterAwait: mine, setterAfterReset: null, sibling: null });
    expect(getActiveProfiler()).toBeNull();
  });
});
