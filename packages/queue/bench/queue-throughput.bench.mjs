// Frames per minute of a synthetic `ci` recording processed by 1, 2 and 3 `aquamvs worker` processes on one
// machine (runtime.workers: 1, so each process uses about one core). Needs redis-server and a built cli.
// Writes .benchmarks/queue-throughput.json at the repo root.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { connectQueue, followRun, queueTarget, redisServerAvailable, startRedisServer, submitRun } from '../dist/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '../../..');
const cliRoot = join(repo, 'packages/cli');
const FRAMES = Number(process.env.AQUAMVS_BENCH_FRAMES ?? 8);
const WORKER_COUNTS = (process.env.AQUAMVS_BENCH_WORKERS ?? '1,2,3').split(',').map(Number);
const REPEATS = Number(process.env.AQUAMVS_BENCH_REPEATS ?? 1);
const CLOCK_TICKS = 100; // USER_HZ on Linux

/** CPU seconds (user + system) a process has used so far, from /proc (Linux); NaN elsewhere. */
async function cpuSeconds(pid) {
  try {
    const fields = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return Number.NaN;
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

if (!existsSync(join(cliRoot, 'dist/commands/worker-command.js'))) {
  process.stderr.write('queue-throughput: build @aquamvs/cli first (pnpm turbo run build --filter @aquamvs/cli); nothing measured\n');
  process.exit(1);
}
if (!redisServerAvailable()) {
  process.stderr.write('queue-throughput: redis-server is not installed (apt-get install -y redis-server); nothing measured\n');
  process.exit(0);
}

function spawnWorker(url) {
  const entry = join(cliRoot, 'dist/commands/worker-command.js');
  const script = `import { Command } from 'commander';
import { registerWorkerCommand } from ${JSON.stringify(entry)};
const program = new Command('aquamvs').exitOverride();
registerWorkerCommand(program, { streams: process, setExitCode: (c) => { process.exitCode = c; } });
await program.parseAsync(process.argv.slice(1), { from: 'user' });`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script, 'worker', '--queue', url, '-q'], { cwd: cliRoot, stdio: 'ignore' });
  return child;
}

const dir = await mkdtemp(join(tmpdir(), 'aqm-queue-bench-'));
const redis = await startRedisServer();
try {
  const synth = spawnSync(
    process.execPath,
    [join(cliRoot, 'dist/bin.js'), 'synth', '--rig', 'ci', '--scene', 'flat', '--frames', String(FRAMES), '--out', join(dir, 'ds')],
    { encoding: 'utf8' },
  );
  if (synth.status !== 0) throw new Error(`synth failed: ${synth.stderr}`);
  const base = (await readFile(join(dir, 'ds/config.yaml'), 'utf8'))
    .replace(/^ {2}num_depths: \d+$/m, '  num_depths: 16')
    .replace(/^ {2}max_keypoints: \d+$/m, '  max_keypoints: 512')
    .replace(/^ {2}workers: null$/m, '  workers: 1')
    .replace(/^ {2}stages: null$/m, '  stages: [undistort, sparse-matching, triangulation, plane-sweep, fusion]');
  const { loadConfigOrThrow, resolveConfigPaths, frameRange } = await import('@aquamvs/core');

  const single = join(dir, 'ds/single.yaml');
  await writeFile(single, base.replace(/^output_dir: .*$/m, 'output_dir: out-single'));
  const t0 = performance.now();
  const ran = spawnSync(process.execPath, [join(cliRoot, 'dist/bin.js'), 'run', single, '-q'], { encoding: 'utf8' });
  if (ran.status !== 0) throw new Error(`single-process run failed: ${ran.stderr}`);
  const singleMs = performance.now() - t0;
  const results = [
    {
      mode: 'aquamvs run (no queue, one process, process start included)',
      workers: 0,
      frames: FRAMES,
      wallMs: Math.round(singleMs),
      framesPerMinute: +(FRAMES / (singleMs / 60000)).toFixed(2),
      loadavg1: +loadavg()[0].toFixed(2),
    },
  ];
  process.stdout.write(`single process: ${FRAMES} frames in ${(singleMs / 1000).toFixed(1)} s\n`);

  const rounds = [];
  for (let r = 0; r < REPEATS; r++) for (const n of WORKER_COUNTS) rounds.push({ n, r });
  const measured = new Map(WORKER_COUNTS.map((n) => [n, []]));
  for (const { n, r } of rounds) {
    const configPath = join(dir, `ds/w${n}-r${r}.yaml`);
    await writeFile(configPath, base.replace(/^output_dir: .*$/m, `output_dir: out-w${n}-r${r}`));
    const { config } = resolveConfigPaths(await loadConfigOrThrow(configPath), dirname(configPath));
    const workers = Array.from({ length: n }, () => spawnWorker(redis.url));
    const q = await connectQueue(queueTarget(redis.url));
    await new Promise((res) => setTimeout(res, 3000)); // let the workers start (not timed)
    const cpuBefore = await Promise.all(workers.map((w) => cpuSeconds(w.pid)));
    const load = loadavg()[0];
    const start = performance.now();
    const { spec } = await submitRun(q, { config, configDir: dirname(configPath), frames: frameRange(FRAMES) });
    const status = await followRun(q, spec, { pollMs: 200 });
    const wallMs = performance.now() - start;
    const cpuAfter = await Promise.all(workers.map((w) => cpuSeconds(w.pid)));
    if (status.done.length !== FRAMES)
      throw new Error(`${n} worker(s): ${status.done.length}/${FRAMES} frames done, failed: ${JSON.stringify(status.failed)}`);
    for (const w of workers) w.kill('SIGTERM');
    await Promise.all(workers.map((w) => new Promise((res) => (w.exitCode === null ? w.once('exit', res) : res()))));
    await q.close();
    const cpuS = cpuAfter.reduce((a, c, i) => a + c - cpuBefore[i], 0);
    measured.get(n).push({ wallMs, cpuS, load });
    process.stdout.write(
      `${n} worker(s), round ${r + 1}: ${FRAMES} frames in ${(wallMs / 1000).toFixed(1)} s = ${(FRAMES / (wallMs / 60000)).toFixed(1)} frames/min, worker CPU ${cpuS.toFixed(1)} s, load ${load.toFixed(1)}\n`,
    );
  }
  for (const n of WORKER_COUNTS) {
    const runs = measured.get(n);
    const wallMs = median(runs.map((x) => x.wallMs));
    results.push({
      mode: `${n} aquamvs worker process(es)`,
      workers: n,
      frames: FRAMES,
      wallMs: Math.round(wallMs),
      framesPerMinute: +(FRAMES / (wallMs / 60000)).toFixed(2),
      workerCpuSecondsPerFrame: +(median(runs.map((x) => x.cpuS)) / FRAMES).toFixed(3),
      rounds: runs.map((x) => ({ wallMs: Math.round(x.wallMs), workerCpuS: +x.cpuS.toFixed(2), loadavg1: +x.load.toFixed(2) })),
    });
  }
  const record = {
    benchmark: 'queue-throughput',
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, model: cpus()[0]?.model, loadavgAtEnd: loadavg().map((x) => +x.toFixed(2)) },
    repeats: REPEATS,
    settings: 'ci rig, flat scene, num_depths 16, max_keypoints 512, runtime.workers 1, stages undistort…fusion',
    results,
  };
  await mkdir(join(repo, '.benchmarks'), { recursive: true });
  await writeFile(join(repo, '.benchmarks/queue-throughput.json'), `${JSON.stringify(record, null, 2)}\n`);
  process.stdout.write(`written ${join(repo, '.benchmarks/queue-throughput.json')}\n`);
} finally {
  await redis.stop();
  await rm(dir, { recursive: true, force: true });
}
