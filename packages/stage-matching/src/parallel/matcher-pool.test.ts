import { describe, expect, it } from 'vitest';
import type { CameraFeatures } from '../artifacts.js';
import { runSparse, syntheticScene, type PipelineRun } from '../test-support/pipeline.js';

const scene = syntheticScene('ci', 'undulating');
const stages = ['sparse-matching', 'triangulation'];

const digest = (run: PipelineRun) => ({
  matches: (run.artifacts.matches ?? []).map((m) => ({
    pair: `${m.ref}-${m.src}`,
    ref: Array.from(m.refPixels),
    src: Array.from(m.srcPixels),
    scores: Array.from(m.scores),
  })),
  keypoints: [...(run.artifacts.features ?? new Map<string, CameraFeatures>())].map(([name, f]) => [
    name,
    Array.from(f.keypoints),
    Array.from(f.descriptors.subarray(0, 810)),
  ]),
  points: Array.from(run.artifacts.sparseCloud?.points ?? []),
});

/** Worker times come through the epoch clock (each thread's own timeOrigin): this much mapping error is allowed. */
const CLOCK_SLACK_MS = 5;

describe('matcher worker threads', () => {
  it('give results identical to the single-thread run for 2 and 3 workers', async () => {
    const one = await runSparse(scene, stages, { runtime: { workers: 1 } });
    const reference = digest(one);
    expect(reference.matches.length).toBe(10);
    expect(reference.matches.reduce((s, m) => s + m.scores.length, 0)).toBeGreaterThan(2000);
    expect(one.spans.filter((e) => e.span.endsWith('(worker)'))).toEqual([]); // nothing ran on a worker
    for (const workers of [2, 3]) {
      const run = await runSparse(scene, stages, { runtime: { workers } });
      expect(run.summary.failed).toEqual([]);
      expect(digest(run)).toEqual(reference);
      // Each step shows on the tracks of the threads that ran it: one span per thread, inside the matcher's span.
      const parent = run.spans.find((e) => e.span === 'classic-matcher');
      for (const task of ['detect', 'coarse', 'describe', 'fine']) {
        const onWorkers = run.spans.filter((e) => e.span === `${task} (worker)`);
        expect(onWorkers.length, task).toBeGreaterThanOrEqual(1);
        expect(onWorkers.length, task).toBeLessThanOrEqual(workers);
        expect(new Set(onWorkers.map((e) => e.threadId)).size, task).toBe(onWorkers.length);
        for (const e of onWorkers) {
          expect(e.threadId).toBeGreaterThan(0);
          expect(e.parentSpanId).toBe(parent?.spanId);
          expect(e.startedAt).toBeGreaterThanOrEqual((parent?.startedAt ?? Infinity) - CLOCK_SLACK_MS);
          expect(e.at).toBeLessThanOrEqual((parent?.at ?? -Infinity) + CLOCK_SLACK_MS);
        }
      }
    }
  });
});
