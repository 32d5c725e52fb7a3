// RSS over a long run: `aquamvs run` over a `ci`-rig dataset whose frames are all the same images (`synth --frames N`
// writes the one render N times), with a config cheap enough for 200 frames in minutes yet on the same native-memory
// paths as the default one: undistort, matcher, plane-sweep and fusion worker pools, Poisson surface, every output
// written. The rss-recorder plugin logs the process memory after each frame.
// Fails (exit 1) when RSS or peak RSS grows by more than 10 % from frame 10 to the last frame. RSS after a frame swings
// by tens of MB with when V8 hands pages back, so "RSS at frame n" is the median of the 10 frames ending at n
// (frames 1–10 and 191–200); the single samples are reported too.
// Writes .benchmarks/long-run-rss.json at the repo root.
// Usage: node bench/long-run-rss.bench.mjs [frames=200] [workers=4] [config=cheap|default]
// `default` runs the synthetic dataset's own (default) config instead of the cheap one, and its automatic workers;
// about 30 s a frame here, so use it with fewer frames. Its result goes to .benchmarks/long-run-rss-default.json.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse, stringify } from 'yaml';

const [framesArg = '200', workersArg = '4', configArg = 'cheap'] = process.argv.slice(2);
if (configArg !== 'cheap' && configArg !== 'default') throw new Error(`config must be cheap or default, got ${configArg}`);
const cheap = configArg === 'cheap';
const frames = Number(framesArg);
const workers = Number(workersArg);
const REFERENCE_FRAME = 10;
const WINDOW = 10;
const MAX_GROWTH = 0.1;
if (!Number.isSafeInteger(frames) || frames < REFERENCE_FRAME + 1) throw new Error(`frames must be an integer > ${REFERENCE_FRAME}`);

const here = import.meta.dirname;
const repo = resolve(here, '../../..');
const bin = join(here, '../dist/bin.js');
const dir = mkdtempSync(join(tmpdir(), 'aqm-long-run-rss-'));
const samplesFile = join(dir, 'rss.jsonl');
/** The cheap config: fewer keypoints and depths, a smaller window, no refinement passes, coarser voxels and Poisson grid. */
const reconstruction = { num_depths: 16, window_size: 7, refine_passes: 0, voxel_size: 0.004, poisson_depth: 6 };
const sparseMatching = { max_keypoints: 512 };

const aquamvs = (args) => {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.status !== 0) throw new Error(`aquamvs ${args.join(' ')} exited ${r.status}:\n${r.stderr}`);
  return r;
};

try {
  aquamvs(['synth', '--rig', 'ci', '--scene', 'flat', '--frames', String(frames), '--out', 'data', '-q']);
  // Without scene.json `run` does not take it for a synthetic dataset and skips the per-frame accuracy report.
  rmSync(join(dir, 'data', 'scene.json'));
  const configPath = join(dir, 'data', 'config.yaml');
  const config = parse(readFileSync(configPath, 'utf8'));
  if (cheap) {
    Object.assign(config.reconstruction, reconstruction);
    Object.assign(config.sparse_matching, sparseMatching);
  }
  Object.assign(config.runtime, cheap ? { workers, quiet: true } : { quiet: true });
  config.plugins = [[join(here, 'rss-recorder-plugin.mjs'), { out: samplesFile }]];
  writeFileSync(configPath, stringify(config));

  const loadBefore = loadavg();
  const t0 = performance.now();
  aquamvs(['run', configPath, '-q']);
  const seconds = (performance.now() - t0) / 1000;
  const loadAfter = loadavg();

  const samples = readFileSync(samplesFile, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  if (samples.length !== frames || samples.some((s) => s.status !== 'done')) throw new Error(`expected ${frames} done frames, got ${samples.length}`);
  const mb = (bytes) => Math.round(bytes / 2 ** 20);
  const at = (n) => samples[n - 1];
  const median = (values) => values.toSorted((a, b) => a - b)[values.length >> 1];
  const around = (n) => median(samples.slice(Math.max(0, n - WINDOW), n).map((s) => s.rss));
  const ratio = (a, b) => +(a / b - 1).toFixed(4);
  const result = {
    date: new Date().toISOString(),
    command: `node packages/cli/bench/long-run-rss.bench.mjs ${frames} ${workers} ${configArg}`,
    rig: 'ci',
    scene: 'flat',
    frames,
    config: configArg,
    workers: cheap ? workers : 'automatic',
    ...(cheap ? { reconstruction, sparseMatching } : {}),
    cpus: cpus().length,
    loadAverage: { before: +loadBefore[0].toFixed(2), after: +loadAfter[0].toFixed(2) },
    seconds: +seconds.toFixed(1),
    rssMb: { [`frame${REFERENCE_FRAME}`]: mb(around(REFERENCE_FRAME)), [`frame${frames}`]: mb(around(frames)) },
    rssSampleMb: { frame1: mb(at(1).rss), [`frame${REFERENCE_FRAME}`]: mb(at(REFERENCE_FRAME).rss), [`frame${frames}`]: mb(at(frames).rss) },
    peakRssMb: {
      frame1: mb(at(1).peakRss),
      [`frame${REFERENCE_FRAME}`]: mb(at(REFERENCE_FRAME).peakRss),
      [`frame${frames}`]: mb(at(frames).peakRss),
    },
    growthAfterFrame10: {
      rss: ratio(around(frames), around(REFERENCE_FRAME)),
      rssSample: ratio(at(frames).rss, at(REFERENCE_FRAME).rss),
      peakRss: ratio(at(frames).peakRss, at(REFERENCE_FRAME).peakRss),
    },
    maxGrowth: MAX_GROWTH,
    perFrame: samples.map((s) => ({
      frame: s.frame,
      ms: s.ms,
      rssMb: mb(s.rss),
      peakRssMb: mb(s.peakRss),
      heapMb: mb(s.heapUsed),
      arrayBuffersMb: mb(s.arrayBuffers),
      threads: s.threads,
    })),
  };
  const outDir = join(repo, '.benchmarks');
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, cheap ? 'long-run-rss.json' : 'long-run-rss-default.json'), `${JSON.stringify(result, null, 2)}\n`);
  const { perFrame: _perFrame, ...summary } = result;
  console.log(JSON.stringify(summary, null, 2));
  const worst = Math.max(result.growthAfterFrame10.rss, result.growthAfterFrame10.peakRss);
  if (worst > MAX_GROWTH) {
    console.error(`long-run RSS: grew ${(100 * worst).toFixed(1)} % from frame ${REFERENCE_FRAME} to frame ${frames} (limit ${100 * MAX_GROWTH} %)`);
    process.exitCode = 1;
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
