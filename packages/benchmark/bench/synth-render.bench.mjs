// Renders the `standard` rig (flat scene) and writes timings to <repo>/.benchmarks/synth-render.json.
// Usage: pnpm bench  (builds first). Env: SYNTH_SCENE=undulating, SYNTH_SKIP_SERIAL=1.
import { mkdir, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cameraJob, createSyntheticScene, runCameraJobs, workersAvailable } from '../dist/index.js';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const sceneName = process.env.SYNTH_SCENE ?? 'flat';
const scene = createSyntheticScene({ rig: 'standard', scene: sceneName, seed: 0 });
const jobs = scene.cameras.map((c) => cameraJob(scene.calibration, c, scene.spec, scene.seed));
const pixels = jobs.reduce((s, j) => s + j.camera.imageSize[0] * j.camera.imageSize[1], 0);
const cores = availableParallelism();
if (!workersAvailable()) throw new Error('dist/render/render-worker.js missing: build first');

async function timed(kind, workers) {
  const t = performance.now();
  const perCamera = {};
  let last = t;
  await runCameraJobs(kind, jobs, {
    workers,
    onDone: (_i, cam) => {
      const now = performance.now();
      perCamera[cam] = Math.round(now - last);
      last = now;
    },
  });
  return { seconds: (performance.now() - t) / 1000, completionGapsMs: perCamera };
}

const parallel = await timed('image', cores);
process.stderr.write(`render ${scene.cameras.length} cameras, ${cores} workers: ${parallel.seconds.toFixed(2)} s\n`);
const serial = process.env.SYNTH_SKIP_SERIAL ? null : await timed('image', 1);
if (serial) process.stderr.write(`render in one thread: ${serial.seconds.toFixed(2)} s\n`);
const truth = await timed('groundTruth', cores);
process.stderr.write(`ground truth, ${cores} workers: ${truth.seconds.toFixed(2)} s\n`);

const result = {
  benchmark: 'synth-render',
  date: new Date().toISOString(),
  node: process.version,
  cpu: cpus()[0]?.model ?? 'unknown',
  cores,
  loadAverageAtEnd: loadavg().map((v) => Number(v.toFixed(2))),
  rig: 'standard',
  scene: sceneName,
  cameras: scene.cameras.length,
  pixels,
  samplesPerPixel: 4,
  render: {
    workers: cores,
    seconds: Number(parallel.seconds.toFixed(3)),
    megaSamplesPerSecond: Number(((pixels * 4) / parallel.seconds / 1e6).toFixed(2)),
    singleThreadSeconds: serial ? Number(serial.seconds.toFixed(3)) : null,
    speedup: serial ? Number((serial.seconds / parallel.seconds).toFixed(2)) : null,
    singleThreadPerCameraMs: serial?.completionGapsMs ?? null,
  },
  groundTruth: { workers: cores, seconds: Number(truth.seconds.toFixed(3)) },
};
await mkdir(join(repo, '.benchmarks'), { recursive: true });
const file = join(repo, '.benchmarks', sceneName === 'flat' ? 'synth-render.json' : `synth-render-${sceneName}.json`);
await writeFile(file, `${JSON.stringify(result, null, 2)}\n`);
process.stderr.write(`wrote ${file}\n`);
