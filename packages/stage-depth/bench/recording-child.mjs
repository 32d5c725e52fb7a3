// Child of recording.bench.mjs: sweeps the prepared frames in order through the engine (stage `plane-sweep`, one
// run, so a frame can use the previous one's depths) and prints one JSON line: per frame seconds, CPU seconds and
// accuracy. Args: RIG WORKERS PRIOR(true|false) FRAME_DIR...
import { rmSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import process from 'node:process';
import { aquamvsConfigSchema, createMemoryFrameSource, runPipeline, silentLogger } from '@aquamvs/core';
import { rigByName } from '@aquamvs/benchmark';
import { depthMapError } from '@aquamvs/benchmark/metrics';
import { planeSweepPlugin } from '../dist/index.js';
import { benchHelpers, readFrameImages, readTruth } from './bench-support.mjs';

const [rig, workersArg, priorArg, ...dirs] = process.argv.slice(2);
const workers = Number(workersArg);
const limit = Number(process.env.SWEEP_REFS ?? Infinity);
const metas = await Promise.all(dirs.map(async (dir) => JSON.parse(await readFile(join(dir, 'meta.json'), 'utf8'))));
const cameras = Object.keys(metas[0].cameras);

const imagesOf = (k) => readFrameImages(dirs[k], metas[k]);
const feed = {
  id: 'feed',
  consumes: ['rawImages'],
  produces: ['undistortedImages', 'depthRanges', 'masks'],
  run: async (ctx) => {
    const m = metas[ctx.frame];
    ctx.artifacts.set('undistortedImages', ctx.artifacts.get('rawImages'));
    ctx.artifacts.set('masks', new Map());
    ctx.artifacts.set(
      'depthRanges',
      new Map(
        Object.entries(m.cameras)
          .filter(([, c]) => c.range)
          .slice(0, limit)
          .map(([c, e]) => [c, e.range]),
      ),
    );
  },
};
const perFrame = [];
const capture = {
  id: 'capture',
  consumes: ['depthMaps'],
  produces: [],
  run: async (ctx) => {
    const maps = ctx.artifacts.get('depthMaps');
    const errors = [];
    if (pending === undefined) pending = 0;
    let truthValid = 0;
    let compared = 0;
    for (const [camera, map] of maps) {
      const gt = await readTruth(dirs[ctx.frame], camera);
      const e = depthMapError(map.depth, gt);
      truthValid += e.truthValid;
      compared += e.compared;
      for (let i = 0; i < gt.length; i++)
        if (Number.isFinite(gt[i]) && Number.isFinite(map.depth[i])) errors.push(Math.abs(map.depth[i] - gt[i]) * 1000);
    }
    const sorted = Float64Array.from(errors).sort();
    const used = pending;
    pending = 0;
    Object.assign(perFrame[ctx.frame], {
      priorUsed: used,
      references: maps.size,
      medianAbsErrorMm: sorted[sorted.length >> 1],
      p90AbsErrorMm: sorted[Math.floor(sorted.length * 0.9)],
      validShare: compared / truthValid,
    });
  },
};
let cpuAtStart;
const hooks = {
  beforeStage: (e) => {
    if (e.stage === 'plane-sweep' && e.phase === 'run') cpuAtStart = process.cpuUsage();
  },
  afterStage: (e) => {
    if (e.stage !== 'plane-sweep' || e.phase !== 'run') return;
    const cpu = process.cpuUsage(cpuAtStart);
    perFrame[e.frame] = { seconds: e.durationMs / 1000, cpuSeconds: (cpu.user + cpu.system) / 1e6, priorUsed: 0 };
  },
};
// The stage reports a prior it could not use at info level, and how many references used one at debug level.
const logger = {
  ...silentLogger,
  debug: (m) => {
    const hit = /^(\d+) of (\d+) references swept around/.exec(m);
    if (hit) pending = Number(hit[1]);
  },
  child: () => logger,
};
let pending = 0;
const helpers = benchHelpers([feed, capture], hooks);
// The pipeline's output directory (run.json, logs): removed when the process exits, however it ends.
const outputDir = await mkdtemp(join(tmpdir(), 'aqm-recording-bench-'));
process.on('exit', () => rmSync(outputDir, { recursive: true, force: true }));
const config = aquamvsConfigSchema.parse({
  output_dir: outputDir,
  pipeline: { stages: ['feed', 'plane-sweep', 'capture'] },
  runtime: { workers },
  // With SWEEP_REFS the other ring cameras get no depth range, so the sweep drops them: the frame goes on without them.
  ...(Number.isFinite(limit) ? { preprocessing: { min_cameras: 1 } } : {}),
  reconstruction: { temporal_prior: priorArg === 'true' },
});
const summary = await runPipeline({
  config,
  frameSource: createMemoryFrameSource(cameras, dirs.length, imagesOf),
  plugins: [planeSweepPlugin({ workers }), helpers],
  resources: { calibration: rigByName(rig) },
  log: logger,
});
if (summary.failed.length > 0) throw summary.failed[0].error;
process.stdout.write(JSON.stringify({ rig, prior: priorArg === 'true', frames: perFrame }));
