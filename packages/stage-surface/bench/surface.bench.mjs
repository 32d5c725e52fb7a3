// Surface methods on a fused-like cloud: the true surface sampled every 1 mm where ≥ 2 ring cameras see it
// (what fusion at voxel_size 1 mm yields on exact depth), normals from the surface.
// Usage: node bench/surface.bench.mjs [rig=standard] [scene=flat] [poissonDepth=9] [workers=all cores]
// `seconds` is wall time, `cpuSeconds` the process's CPU time over all its threads (Poisson's worker threads too).
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { createSyntheticScene } from '@aquamvs/benchmark';
import { summarizeDistances, surfaceSamples } from '@aquamvs/benchmark/metrics';
import { reconstructBallPivoting, reconstructHeightfield, reconstructPoisson, reconstructPoissonHeightfield } from '../dist/index.js';

const [rig = 'standard', sceneName = 'flat', depthArg = '9', workersArg = String(availableParallelism())] = process.argv.slice(2);
const workers = Number(workersArg);
const scene = createSyntheticScene({ rig, scene: sceneName });
const positions = surfaceSamples(scene, { spacing: 0.001 });
const n = positions.length / 3;
const normals = new Float32Array(n * 3);
for (let i = 0; i < n; i++) normals.set(scene.surface.normal(positions[i * 3], positions[i * 3 + 1]), i * 3);
const cloud = { positions, normals, colors: new Uint8Array(n * 3).fill(128) };
const run = async (fn) => {
  const s = performance.now();
  const c = process.cpuUsage();
  const mesh = await fn();
  const seconds = +((performance.now() - s) / 1000).toFixed(2);
  const u = process.cpuUsage(c);
  const cpuSeconds = +((u.user + u.system) / 1e6).toFixed(2);
  const acc = summarizeDistances(scene.surface.distanceToSurface(mesh.positions));
  return {
    seconds,
    cpuSeconds,
    vertices: mesh.positions.length / 3,
    faces: mesh.faces.length / 3,
    medianMm: acc.medianMm,
    p90Mm: acc.p90Mm,
    maxMm: acc.maxMm,
    ...(mesh.stats?.levels ? { levels: mesh.stats.levels } : {}),
    ...(mesh.stats?.seeds !== undefined ? { seeds: mesh.stats.seeds, unusedPoints: mesh.stats.unusedPoints } : {}),
  };
};
const result = {
  date: new Date().toISOString(),
  rig,
  scene: sceneName,
  points: n,
  workers,
  poisson: await run(() => reconstructPoisson(cloud, { depth: Number(depthArg), workers })),
  poisson25d: await run(() => reconstructPoissonHeightfield(cloud, { gridResolution: 0.002 })),
  heightfield: await run(() => reconstructHeightfield(cloud, { gridResolution: 0.002 })),
  bpa: await run(() => reconstructBallPivoting(cloud, { voxel: 0.002 })),
  loadAverage: loadavg()[0],
  peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
};
console.log(JSON.stringify(result, null, 2));
const dir = join(import.meta.dirname, '../../../.benchmarks');
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, `surface-${rig}-${sceneName}.json`), JSON.stringify(result, null, 2));
