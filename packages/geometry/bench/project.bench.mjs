// Throughput of RefractiveProjection.project: fast (bracketed Halley) vs the 10-step Newton reference.
// Usage: pnpm bench (builds first). Writes <repo>/.benchmarks/geometry-project.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { createRefractiveProjection } from '../dist/index.js';

const N = Number(process.env.BENCH_POINTS ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const waterZ = 0.978;
const yaw = Math.PI / 6;
const R = [Math.cos(yaw), -Math.sin(yaw), 0, Math.sin(yaw), Math.cos(yaw), 0, 0, 0, 1];
const C = [0.55, 0.3175, 0];
const t = [0, 1, 2].map((i) => -(R[i * 3] * C[0] + R[i * 3 + 1] * C[1] + R[i * 3 + 2] * C[2]));
const proj = createRefractiveProjection({ K: [1400, 0, 800, 0, 1400, 600, 0, 0, 1], R, t, waterZ, nAir: 1, nWater: 1.333 });

// Points spread over the working volume under the rig: x, y within ±0.9 m of the ring centre, 0.05–1.5 m deep.
let seed = 12345;
const rand = () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 4294967296;
const points = new Float64Array(N * 3);
for (let i = 0; i < N; i++) {
  points[i * 3] = 0.635 + (rand() - 0.5) * 1.8;
  points[i * 3 + 1] = (rand() - 0.5) * 1.8;
  points[i * 3 + 2] = waterZ + 0.05 + rand() * 1.45;
}
const pixels = new Float64Array(N * 2);
const valid = new Uint8Array(N);

function measure(method) {
  proj.projectInto(points, pixels, valid, method); // warm-up
  const times = [];
  for (let r = 0; r < RUNS; r++) {
    const t0 = process.hrtime.bigint();
    proj.projectInto(points, pixels, valid, method);
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  return { method, medianMs: +median.toFixed(2), bestMs: +times[0].toFixed(2), pointsPerSecond: Math.round(N / (median / 1000)) };
}

const newton = measure('newton');
const newtonPixels = pixels.slice();
const fast = measure('fast');
let maxDiff = 0;
for (let i = 0; i < N * 2; i++) if (valid[i >> 1]) maxDiff = Math.max(maxDiff, Math.abs(pixels[i] - newtonPixels[i]));

const result = {
  benchmark: 'geometry-project',
  date: new Date().toISOString(),
  node: process.version,
  cpu: cpus()[0]?.model ?? 'unknown',
  points: N,
  runs: RUNS,
  results: [newton, fast],
  speedup: +(fast.pointsPerSecond / newton.pointsPerSecond).toFixed(2),
  maxAbsDiffPx: maxDiff,
};
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
mkdirSync(join(root, '.benchmarks'), { recursive: true });
writeFileSync(join(root, '.benchmarks', 'geometry-project.json'), `${JSON.stringify(result, null, 2)}\n`);
process.stdout.write(
  `${result.results.map((r) => `${r.method.padEnd(6)} ${(r.pointsPerSecond / 1e6).toFixed(2)} M points/s (median ${r.medianMs} ms for ${N})`).join('\n')}\n` +
    `speedup ${result.speedup}x, max |fast − newton| = ${maxDiff.toExponential(2)} px\n`,
);
