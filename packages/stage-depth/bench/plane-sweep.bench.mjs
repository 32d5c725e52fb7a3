// Plane sweep of the `standard` synthetic frame (12 ring refs × 5 sources × 128 depths at 1600×1200, window 11:
// the balanced preset) on the flat and undulating scenes. Writes <repo>/.benchmarks/stage-depth-plane-sweep.json.
// The scene is rendered and undistorted here; the sweep runs in a child process (bench/sweep-child.mjs) so that
// its peak RSS is the stage's own. Env: SWEEP_SCENES=flat,undulating  SWEEP_WORKERS=2  SWEEP_OPTIONS='{...}'.
import process from 'node:process';
import { spawnSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFrameDir } from './bench-support.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..', '..', '..');
const scenes = (process.env.SWEEP_SCENES ?? 'flat,undulating').split(',');
const workers = Number(process.env.SWEEP_WORKERS ?? 2);
const REFERENCE_SECONDS = 1978.4; // spec §8.1: plane sweep of the same frame size on an RTX 3060 laptop GPU

async function prepareScene(name) {
  const dir = join(tmpdir(), 'aquamvs-stage-depth-bench', name);
  const seconds = await writeFrameDir(dir, 'standard', name);
  if (seconds > 0) process.stderr.write(`${name}: rendered in ${seconds.toFixed(1)} s\n`);
  return dir;
}

const results = [];
for (const name of scenes) {
  const dir = await prepareScene(name);
  const child = spawnSync(process.execPath, [join(here, 'sweep-child.mjs'), dir, String(workers)], {
    encoding: 'utf8',
    env: process.env,
    maxBuffer: 1 << 24,
  });
  if (child.status !== 0) throw new Error(`sweep child failed for ${name}: ${child.stderr}`);
  const r = JSON.parse(child.stdout);
  r.scene = name;
  r.ratioToReferenceGpu = Number((REFERENCE_SECONDS / r.seconds).toFixed(1));
  results.push(r);
  process.stderr.write(
    `${name}: plane sweep ${r.seconds.toFixed(1)} s wall (prepare ${r.prepareSeconds.toFixed(2)} s, cpu ${r.cpuSeconds.toFixed(1)} s), ` +
      `peak RSS ${r.peakRssMB} MB, median |Δδ| ${r.medianAbsErrorMm.toFixed(4)} mm, valid ${(100 * r.validShare).toFixed(1)} %, ` +
      `${r.ratioToReferenceGpu}× faster than the reference's ${REFERENCE_SECONDS} s\n`,
  );
}
const out = {
  benchmark: 'stage-depth-plane-sweep',
  date: new Date().toISOString(),
  node: process.version,
  cpu: cpus()[0]?.model ?? 'unknown',
  cores: cpus().length,
  workers,
  loadAverageAtEnd: loadavg().map((v) => Number(v.toFixed(2))),
  rig: 'standard',
  preset: 'balanced (128 depths, window 11, ncc)',
  depthRange: 'ground truth min/max ± 5 cm',
  referenceGpuSeconds: REFERENCE_SECONDS,
  results,
};
await mkdir(join(repo, '.benchmarks'), { recursive: true });
const file = join(repo, '.benchmarks', 'stage-depth-plane-sweep.json');
await writeFile(file, `${JSON.stringify(out, null, 2)}\n`);
process.stderr.write(`wrote ${file}\n`);
