// Fusion on ground-truth depth maps of a synthetic scene: per-step seconds, peak RSS, accuracy.
// Usage: node bench/fusion.bench.mjs [rig=standard] [scene=flat] [workers]
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSyntheticScene } from '@aquamvs/benchmark';
import { evaluateCloud, surfaceSamples } from '@aquamvs/benchmark/metrics';
import { cameraProjection, computeUndistortion, removeStatisticalOutliers } from '@aquamvs/geometry';
import { filterAllDepthMapsParallel, fuseDepthMaps } from '../dist/index.js';

const [rig = 'standard', sceneName = 'flat', workersArg] = process.argv.slice(2);
const workers = Number(workersArg ?? 2);
const scene = createSyntheticScene({ rig, scene: sceneName });
const cal = scene.calibration;
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
const t = (label, fn) => {
  const s = performance.now();
  const c = cpu();
  const r = fn();
  times[label] = +((performance.now() - s) / 1000).toFixed(2);
  cpuTimes[label] = +(cpu() - c).toFixed(2);
  return r;
};
const times = {};
const cpuTimes = {};
const views = t('groundTruth', () =>
  cal.ringCameras.map((name) => {
    const cam = cal.cameras[name];
    const u = computeUndistortion(cam);
    const projection = cameraProjection(cal, cam, u.K);
    const gt = scene.groundTruth(name);
    const depth = Float32Array.from(gt.depth);
    const data = new Uint8Array(gt.width * gt.height * 3).fill(128);
    return {
      name,
      projection,
      depthMap: { width: gt.width, height: gt.height, depth, confidence: new Float32Array(depth.length).fill(1) },
      image: { width: gt.width, height: gt.height, channels: 3, data },
    };
  }),
);
const s0 = performance.now();
const c0 = cpu();
const filtered = await filterAllDepthMapsParallel(
  views,
  { depthTolerance: 0.005, minConsistentViews: 3, minConfidence: 0.1, fullCounts: false },
  workers,
);
times.consistency = +((performance.now() - s0) / 1000).toFixed(2);
cpuTimes.consistency = +(cpu() - c0).toFixed(2);
const fused = t('merge', () =>
  fuseDepthMaps(
    views.map((v) => ({ ...v, depthMap: filtered.get(v.name) })),
    { voxelSize: 0.001 },
  ),
);
const { kept } = t('outliers', () => removeStatisticalOutliers(fused.positions, { neighbors: 20, stdRatio: 2 }));
const samples = surfaceSamples(scene, { spacing: 0.002 });
const ev = evaluateCloud(fused.positions, scene.surface, samples, [1, 2, 5]);
const result = {
  date: new Date().toISOString(),
  rig,
  scene: sceneName,
  workers,
  points: fused.positions.length / 3,
  kept: kept.length,
  seconds: times,
  cpuSeconds: cpuTimes,
  loadAverage: (await import('node:os')).loadavg()[0],
  peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  accuracyMm: { median: ev.accuracy.medianMm, p90: ev.accuracy.p90Mm },
  scores: ev.scores,
};
console.log(JSON.stringify(result, null, 2));
const dir = join(import.meta.dirname, '../../../.benchmarks');
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, `fusion-${rig}-${sceneName}.json`), JSON.stringify(result, null, 2));
