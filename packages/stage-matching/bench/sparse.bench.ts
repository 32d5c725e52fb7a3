/**
 * Sparse pathway (`undistort → sparse-matching → triangulation → sparse-cloud`, the real stages through core's
 * runPipeline) on the benchmark's `standard` rig (12 ring cameras + fisheye centre, 1600×1200), flat and
 * undulating scenes. Reports wall and per-stage times, matches per neighbouring ring pair after the triangulation
 * filters, the sparse cloud's exact distance to the true surface and depth-range coverage of the ground-truth
 * ray depths; asserts the acceptance numbers and writes .benchmarks/stage-matching-sparse.json.
 * `AQUAMVS_BENCH_WORKERS` sets `runtime.workers` (default: all cores); each scene is also timed with one worker.
 * Walls include `prepare()` (undistortion maps, worker start) and are taken after a warm-up run of this thread.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { runSparse, syntheticScene } from '../src/test-support/pipeline.js';
import { scoreSparse } from '../src/test-support/score-sparse.js';

const workers = Number(process.env.AQUAMVS_BENCH_WORKERS ?? availableParallelism());
const quantile = (v: number[], q: number): number => [...v].sort((a, b) => a - b)[Math.min(v.length - 1, Math.floor(q * v.length))];

it('sparse pathway on the standard rig', async () => {
  const results: Record<string, unknown>[] = [];
  for (const name of ['flat', 'undulating'] as const) {
    const scene = syntheticScene('standard', name);
    await scene.renderFrame(0);
    const config = { pipeline_mode: 'sparse' as const, runtime: { workers } };
    const stages = ['sparse-matching', 'triangulation', 'sparse-cloud'];
    await runSparse(scene, stages, config); // warm-up (JIT of this thread), not reported
    const run = await runSparse(scene, stages, config);
    const single = await runSparse(scene, stages, { ...config, runtime: { workers: 1 } });
    expect(run.summary.failed.map((f) => f.error.message)).toEqual([]);
    const score = scoreSparse(scene, run);
    const result = {
      scene: name,
      workers,
      wallMs: Math.round(run.wallMs),
      singleThreadWallMs: Math.round(single.wallMs),
      stageMs: Object.fromEntries(Object.entries(run.stageMs).map(([k, v]) => [k, Math.round(v)])),
      sparsePoints: score.points,
      plyPoints: (run.artifacts.pointCloud?.positions.length ?? 0) / 3,
      minNeighbourPairMatches: Math.min(...score.neighbourCounts),
      medianNeighbourPairMatches: quantile(score.neighbourCounts, 0.5),
      minCentrePairMatches: Math.min(
        ...Object.entries(score.pairCounts)
          .filter(([k]) => k.startsWith('center'))
          .map(([, v]) => v),
      ),
      cloudMedianMm: score.medianMm,
      cloudP90Mm: score.p90Mm,
      cloudP99Mm: score.p99Mm,
      minDepthRangeCoverage: Math.min(...Object.values(score.coverage)),
    };
    results.push(result);
    process.stderr.write(`${JSON.stringify(result)}\n`);
    expect(score.neighbourCounts.length).toBe(12);
    expect(result.minNeighbourPairMatches).toBeGreaterThanOrEqual(300);
    expect(result.cloudMedianMm).toBeLessThanOrEqual(1);
    expect(result.cloudP90Mm).toBeLessThanOrEqual(3);
    expect(result.minDepthRangeCoverage).toBeGreaterThanOrEqual(0.99);
  }
  const root = join(import.meta.dirname, '..', '..', '..', '.benchmarks');
  await mkdir(root, { recursive: true });
  const report = {
    benchmark: 'stage-matching-sparse',
    date: new Date().toISOString(),
    node: process.version,
    cpu: cpus()[0]?.model,
    cores: availableParallelism(),
    loadAverage: loadavg()[0],
    rig: 'standard (@aquamvs/benchmark, 12 ring + fisheye centre, 1600x1200), seed 0',
    results,
  };
  await writeFile(join(root, 'stage-matching-sparse.json'), `${JSON.stringify(report, null, 2)}\n`);
});
