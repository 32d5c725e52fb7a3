/**
 * Sparse pathway on the `standard`-sized ring rig (12 ring cameras + fisheye centre, 1600×1200, f 1400): flat and
 * undulating sand 0.2 m below the water. Reports per-stage times, matches per neighbouring ring pair after the
 * triangulation filters, sparse-cloud distance to the true surface and depth-range coverage; writes
 * .benchmarks/stage-matching-sparse.json at the repository root.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus } from 'node:os';
import { join } from 'node:path';
import { computeUndistortion, createRefractiveProjection, triangulatePair } from '@aquamvs/geometry';
import { expect, it } from 'vitest';
import { rigMetresPerPixel } from '../src/features/classic-matcher.js';
import { runSparse } from '../src/test-support/pipeline.js';
import { renderScene, surfaceZ, testRig, type TestSurface } from '../src/test-support/synthetic.js';

const quantile = (v: number[], q: number): number => {
  const s = [...v].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};

it('sparse pathway on the standard rig', async () => {
  const calibration = testRig({ ringCameras: 12, imageSize: [1600, 1200], focal: 1400 });
  const projections = new Map(
    Object.entries(calibration.cameras).map(([n, c]) => [n, createRefractiveProjection({ K: computeUndistortion(c).K, R: c.R, t: c.t, waterZ: calibration.waterZ })]),
  );
  const results: Record<string, unknown>[] = [];
  for (const [scene, amplitude] of [['flat', 0], ['undulating', 0.005]] as const) {
    const mpp = rigMetresPerPixel(
      { calibration, ringCameras: calibration.ringCameras, auxiliaryCameras: [], models: new Map(calibration.ringCameras.map((n) => [n, { name: n, isAuxiliary: false, undistortion: computeUndistortion(calibration.cameras[n]), projection: projections.get(n)! }])), pairs: {} },
      0.978 + 0.2,
    );
    const surface: TestSurface = { baseZ: 0.978 + 0.2, amplitude, wavelength: 0.05, minFeature: 2.5 * mpp };
    const rendered = renderScene(calibration, surface);
    const t0 = performance.now();
    const run = await runSparse(calibration, rendered.images, ['sparse-matching', 'triangulation', 'sparse-cloud'], { pipeline_mode: 'sparse' });
    const wallMs = performance.now() - t0;
    expect(run.summary.failed).toEqual([]);
    const pairCounts: Record<string, number> = {};
    for (const m of run.artifacts.matches ?? []) {
      const { valid } = triangulatePair(projections.get(m.ref)!, projections.get(m.src)!, m.refPixels, m.srcPixels);
      pairCounts[`${m.ref}-${m.src}`] = valid.reduce((s, v) => s + v, 0);
    }
    const neighbour = Object.entries(pairCounts).filter(([k]) => {
      const [a, b] = k.split('-');
      if (!a.startsWith('ring') || !b.startsWith('ring')) return false;
      const d = Math.abs(Number(a.slice(4)) - Number(b.slice(4)));
      return d === 1 || d === 11;
    });
    const cloud = run.artifacts.sparseCloud!;
    const errors: number[] = [];
    for (let i = 0; i < cloud.scores.length; i++) {
      const p = cloud.points.subarray(i * 3, i * 3 + 3);
      errors.push(Math.abs(p[2] - surfaceZ(surface, p[0], p[1])));
    }
    const coverage: Record<string, number> = {};
    for (const [name, depth] of rendered.depths) {
      const r = run.artifacts.depthRanges!.get(name)!;
      let valid = 0;
      let inside = 0;
      for (const d of depth) {
        if (!Number.isFinite(d)) continue;
        valid++;
        if (d >= r.min && d <= r.max) inside++;
      }
      coverage[name] = inside / valid;
    }
    const result = {
      scene,
      wallMs: Math.round(wallMs),
      sparsePoints: cloud.scores.length,
      plyPoints: (run.artifacts.pointCloud?.positions.length ?? 0) / 3,
      minNeighbourPairMatches: Math.min(...neighbour.map(([, v]) => v)),
      medianNeighbourPairMatches: quantile(neighbour.map(([, v]) => v), 0.5),
      minCentrePairMatches: Math.min(...Object.entries(pairCounts).filter(([k]) => k.startsWith('center')).map(([, v]) => v)),
      cloudMedianMm: quantile(errors, 0.5) * 1000,
      cloudP90Mm: quantile(errors, 0.9) * 1000,
      cloudP99Mm: quantile(errors, 0.99) * 1000,
      minDepthRangeCoverage: Math.min(...Object.values(coverage)),
    };
    results.push(result);
    process.stderr.write(`${JSON.stringify(result)}\n`);
    expect(result.minNeighbourPairMatches).toBeGreaterThanOrEqual(300);
    expect(result.cloudMedianMm).toBeLessThanOrEqual(1);
    expect(result.cloudP90Mm).toBeLessThanOrEqual(3);
    expect(result.minDepthRangeCoverage).toBeGreaterThanOrEqual(0.99);
  }
  const root = join(import.meta.dirname, '..', '..', '..', '.benchmarks');
  await mkdir(root, { recursive: true });
  const report = { benchmark: 'stage-matching-sparse', date: new Date().toISOString(), node: process.version, cpu: cpus()[0]?.model, cores: availableParallelism(), rig: 'standard-like 12+1, 1600x1200', results };
  await writeFile(join(root, 'stage-matching-sparse.json'), `${JSON.stringify(report, null, 2)}\n`);
});
