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

describe('matcher worker threads', () => {
  it('give results identical to the single-thread run for 2 and 3 workers', async () => {
    const one = await runSparse(scene, stages, { runtime: { workers: 1 } });
    const reference = digest(one);
    expect(reference.matches.length).toBe(10);
    expect(reference.matches.reduce((s, m) => s + m.scores.length, 0)).toBeGreaterThan(2000);
    for (const workers of [2, 3]) {
      const run = await runSparse(scene, stages, { runtime: { workers } });
      expect(run.summary.failed).toEqual([]);
      expect(digest(run)).toEqual(reference);
    }
  });
});
