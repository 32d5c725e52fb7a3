// Child of plane-sweep.bench.mjs: runs stage `plane-sweep` through the engine on a prepared scene directory and
// prints one JSON line (timings, peak RSS, accuracy per camera and overall).
import process from 'node:process';
import { rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { aquamvsConfigSchema, createMemoryFrameSource, runPipeline, silentLogger } from '@aquamvs/core';
import { standardRig } from '@aquamvs/benchmark';
import { depthMapError } from '@aquamvs/benchmark/metrics';
import { planeSweepPlugin } from '../dist/index.js';
import { benchHelpers, readFrameImages, readTruth } from './bench-support.mjs';

const [dir, workersArg] = process.argv.slice(2);
const workers = Number(workersArg ?? 2);
const meta = JSON.parse(await readFile(join(dir, 'meta.json'), 'utf8'));
const images = await readFrameImages(dir, meta);
const limit = Number(process.env.SWEEP_REFS ?? Infinity); // benchmark only the first N references (profiling)
const ranges = new Map(
  Object.entries(meta.cameras)
    .filter(([, m]) => m.range)
    .slice(0, limit)
    .map(([c, m]) => [c, m.range]),
);
const feed = {
  id: 'feed',
  consumes: ['rawImages'],
  produces: ['undistortedImages', 'depthRanges', 'masks'],
  run: async (ctx) => {
    ctx.artifacts.set('undistortedImages', images);
    ctx.artifacts.set('masks', new Map());
    ctx.artifacts.set('depthRanges', ranges);
  },
};
let maps = new Map();
const capture = { id: 'capture', consumes: ['depthMaps'], produces: [], run: async (ctx) => void (maps = ctx.artifacts.get('depthMaps')) };
const timing = { prepare: 0, run: 0 };
const hooks = {
  afterStage: (e) => {
    if (e.stage === 'plane-sweep') timing[e.phase] += e.durationMs;
  },
};
const helpers = benchHelpers([feed, capture], hooks);
const options = JSON.parse(process.env.SWEEP_OPTIONS ?? '{}');
// The pipeline's output directory (run.json, logs): removed when the process exits, however it ends.
const outputDir = await mkdtemp(join(tmpdir(), 'aqm-sweep-bench-'));
process.on('exit', () => rmSync(outputDir, { recursive: true, force: true }));
const config = aquamvsConfigSchema.parse({
  output_dir: outputDir,
  pipeline: { stages: ['feed', 'plane-sweep', 'capture'] },
  runtime: { workers },
  // With SWEEP_REFS the other ring cameras get no depth range, so the sweep drops them: the frame goes on without them.
  ...(Number.isFinite(limit) ? { preprocessing: { min_cameras: 1 } } : {}),
});
const cpu0 = process.cpuUsage();
const summary = await runPipeline({
  config,
  frameSource: createMemoryFrameSource([...images.keys()], 1, () => images),
  plugins: [planeSweepPlugin({ workers, ...options }), helpers],
  resources: { calibration: standardRig() },
  log: silentLogger,
});
if (summary.failed.length > 0) throw summary.failed[0].error;
const cpu = process.cpuUsage(cpu0);
const peakRssMB = Math.round(process.resourceUsage().maxRSS / 1024); // before the scoring below allocates

const perCamera = {};
const all = new Float64Array([...maps.values()].reduce((s, m) => s + m.depth.length, 0));
let filled = 0;
let truthValid = 0;
let compared = 0;
for (const [camera, map] of maps) {
  const gt = await readTruth(dir, camera);
  const e = depthMapError(map.depth, gt);
  perCamera[camera] = {
    medianAbsErrorMm: Number(e.medianAbsErrorMm.toFixed(4)),
    p90AbsErrorMm: Number(e.p90AbsErrorMm.toFixed(3)),
    validShare: Number(e.validShare.toFixed(4)),
  };
  truthValid += e.truthValid;
  compared += e.compared;
  for (let i = 0; i < gt.length; i++)
    if (Number.isFinite(gt[i]) && Number.isFinite(map.depth[i])) all[filled++] = Math.abs(map.depth[i] - gt[i]) * 1000;
}
const errs = all.subarray(0, filled).sort();
process.stdout.write(
  JSON.stringify({
    references: maps.size,
    seconds: timing.run / 1000,
    prepareSeconds: timing.prepare / 1000,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    peakRssMB,
    medianAbsErrorMm: errs[errs.length >> 1],
    p90AbsErrorMm: errs[Math.floor(errs.length * 0.9)],
    validShare: compared / truthValid,
    options,
    perCamera,
  }),
);
