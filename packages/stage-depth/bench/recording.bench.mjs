// Recording benchmark (issue 22): the plane sweep of consecutive frames of a slowly changing bed, with and without
// the previous frame's depths as prior (`reconstruction.temporal_prior`), and a sudden change (a frame of another
// scene). Frames 0..N−1: the `undulating` bed of the `standard` rig with a cosine-bell mound at the ring centre that
// grows by 1 mm a frame (12 mm at frame 0, radius 6 cm); frame N: the `rock` scene. Every frame gets its own sensor
// noise (σ = 1.5 grey levels), as a video's frames do: without it, the unchanged parts of two frames would be identical. Each run sweeps all frames in one
// process (bench/recording-child.mjs), once with the prior and once without; per frame: plane-sweep seconds, CPU
// seconds, depth median error and valid share against the exact depth. Writes <repo>/.benchmarks/stage-depth-recording.json.
// Env: RECORDING_FRAMES=4 (slowly changing frames, plus the sudden one), SWEEP_REFS=12, SWEEP_WORKERS=2, RECORDING_RIG=standard.
import { spawnSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { createSceneSpec, rigByName } from '@aquamvs/benchmark';
import { writeFrameDir } from './bench-support.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..', '..', '..');
const frames = Number(process.env.RECORDING_FRAMES ?? 4);
const workers = Number(process.env.SWEEP_WORKERS ?? 2);
const rig = process.env.RECORDING_RIG ?? 'standard';

/** Frame `k` of the recording as a scene spec: the growing mound, or the sudden change. */
function sceneOf(k) {
  const calibration = rigByName(rig);
  if (k === frames) return createSceneSpec('rock', calibration);
  const bed = createSceneSpec('undulating', calibration);
  const [x0, x1, y0, y1] = bed.bounds;
  const centre = [(x0 + x1) / 2, (y0 + y1) / 2];
  return { ...bed, centre, relief: [{ kind: 'mound', x: centre[0], y: centre[1], radius: 0.06, height: 0.012 + 0.001 * k }] };
}

async function prepareFrame(k) {
  const dir = join(tmpdir(), 'aquamvs-stage-depth-recording', `${rig}-noise`, k === frames ? 'rock' : `mound_${k}`);
  if ((await writeFrameDir(dir, rig, sceneOf(k), k)) > 0) process.stderr.write(`frame ${k}: rendered\n`);
  return dir;
}

const dirs = [];
for (let k = 0; k <= frames; k++) dirs.push(await prepareFrame(k));
const runs = {};
for (const prior of [false, true]) {
  const child = spawnSync(process.execPath, [join(here, 'recording-child.mjs'), rig, String(workers), String(prior), ...dirs], {
    encoding: 'utf8',
    env: process.env,
    maxBuffer: 1 << 24,
  });
  if (child.status !== 0) throw new Error(`recording child failed (prior ${prior}): ${child.stderr}`);
  runs[prior ? 'withPrior' : 'withoutPrior'] = JSON.parse(child.stdout);
}
const rows = runs.withoutPrior.frames.map((cold, k) => {
  const warm = runs.withPrior.frames[k];
  return {
    frame: k,
    kind: k === frames ? 'sudden change (rock scene)' : k === 0 ? 'first frame' : `mound +${k} mm`,
    withoutPrior: cold,
    withPrior: warm,
    speedup: Number((cold.seconds / warm.seconds).toFixed(2)),
    cpuSpeedup: Number((cold.cpuSeconds / warm.cpuSeconds).toFixed(2)),
    medianRatio: Number((warm.medianAbsErrorMm / cold.medianAbsErrorMm).toFixed(3)),
  };
});
for (const r of rows) {
  process.stderr.write(
    `frame ${r.frame} (${r.kind}): sweep ${r.withoutPrior.seconds.toFixed(1)} → ${r.withPrior.seconds.toFixed(1)} s wall ` +
      `(${r.speedup}×; CPU ${r.withoutPrior.cpuSeconds.toFixed(1)} → ${r.withPrior.cpuSeconds.toFixed(1)} s, ${r.cpuSpeedup}×), ` +
      `median ${r.withoutPrior.medianAbsErrorMm.toFixed(3)} → ${r.withPrior.medianAbsErrorMm.toFixed(3)} mm, ` +
      `valid ${(100 * r.withoutPrior.validShare).toFixed(1)} → ${(100 * r.withPrior.validShare).toFixed(1)} %, ` +
      `prior used by ${r.withPrior.priorUsed} of ${r.withPrior.references} references\n`,
  );
}
const out = {
  benchmark: 'stage-depth-recording',
  date: new Date().toISOString(),
  node: process.version,
  cpu: cpus()[0]?.model ?? 'unknown',
  cores: cpus().length,
  workers,
  loadAverageAtEnd: loadavg().map((v) => Number(v.toFixed(2))),
  rig,
  preset: 'balanced (128 depths, window 11, ncc)',
  depthRange: 'ground truth min/max ± 5 cm per frame',
  sequence: `undulating bed + mound growing 1 mm/frame (frames 0..${frames - 1}), then the rock scene (frame ${frames})`,
  sensorNoise: 'Gaussian, σ 1.5 grey levels, independent per frame and camera',
  rows,
};
await mkdir(join(repo, '.benchmarks'), { recursive: true });
const file = join(repo, '.benchmarks', 'stage-depth-recording.json');
await writeFile(file, `${JSON.stringify(out, null, 2)}\n`);
process.stderr.write(`wrote ${file}\n`);
