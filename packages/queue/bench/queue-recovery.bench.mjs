// What a job lock, a stall and a retry cost a user, measured: worker processes on a local redis-server run the
// stamp stage (test-fixtures/stamp-environment.mjs), whose frames hold their thread for a set time.
//  1. frames that compute 4× longer than the job lock: how many were taken over (stalled) or computed twice;
//  2. a worker killed with SIGKILL mid-frame: seconds until another worker starts the frame again, for a short
//     lock and for the defaults (lock 30 s, stalled check every 30 s).
// Writes .benchmarks/queue-recovery.json at the repo root. Needs redis-server.
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { connectQueue, followRun, queueTarget, readRunStatuses, redisServerAvailable, startRedisServer, submitRun } from '../dist/index.js';
import { defaultConfig } from '@aquamvs/core';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '../../..');
const fixture = join(here, '../test-fixtures/stamp-environment.mjs');
const dist = join(here, '../dist/index.js');

if (!redisServerAvailable()) {
  process.stderr.write('queue-recovery: redis-server is not installed (apt-get install -y redis-server); nothing measured\n');
  process.exit(0);
}

/** A worker process; resolves its log lines with arrival times (ms since `t0`). */
function spawnWorker(url, queueName, options, t0) {
  const script = `import { startQueueWorker, queueTarget } from ${JSON.stringify(dist)};
const worker = await startQueueWorker({
  target: queueTarget(${JSON.stringify(url)}, ${JSON.stringify(queueName)}),
  environment: { module: ${JSON.stringify(fixture)}, options: ${JSON.stringify(options.environment)} },
  lockDurationMs: ${options.lockMs}, stalledIntervalMs: ${options.stalledMs},
  onFrameStart: (e) => console.log('start', e.frame, e.attempt),
  onFrame: (e) => console.log(e.status, e.frame),
});
console.log('ready');
process.on('SIGTERM', () => void worker.close().then(() => process.exit(0)));`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: here, stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = [];
  let buffered = '';
  child.stdout.on('data', (d) => {
    buffered += d.toString();
    const parts = buffered.split('\n');
    buffered = parts.pop();
    for (const line of parts) lines.push({ at: Date.now() - t0, line });
  });
  return { child, lines };
}

const until = async (condition) => {
  while (!condition()) await new Promise((r) => setTimeout(r, 20));
};

const dir = await mkdtemp(join(tmpdir(), 'aqm-queue-recovery-'));
const redis = await startRedisServer();
let n = 0;
async function scenario({ frames, blockMs, lockMs, stalledMs, workers, kill }) {
  n += 1;
  const queueName = `recovery-${n}`;
  const queue = await connectQueue(queueTarget(redis.url, queueName));
  const out = join(dir, `out-${n}`);
  const base = defaultConfig();
  const config = { ...base, output_dir: out, pipeline: { ...base.pipeline, stages: ['stamp'] } };
  const t0 = Date.now();
  const environment = { eventsFile: join(dir, `events-${n}.txt`), blockMs };
  const procs = Array.from({ length: workers }, () => spawnWorker(redis.url, queueName, { environment, lockMs, stalledMs }, t0));
  await until(() => procs.every((p) => p.lines.some((l) => l.line === 'ready')));
  const { spec } = await submitRun(queue, { config, configDir: dir, frames: [...Array(frames).keys()] });
  let recoverySeconds = null;
  if (kill) {
    await until(() => procs.some((p) => p.lines.some((l) => l.line.startsWith('start '))));
    const victim = procs.find((p) => p.lines.some((l) => l.line.startsWith('start ')));
    const frame = Number(victim.lines.find((l) => l.line.startsWith('start ')).line.split(' ')[1]);
    await new Promise((r) => setTimeout(r, blockMs / 4));
    const killedAt = Date.now() - t0;
    victim.child.kill('SIGKILL');
    const restarted = () =>
      procs
        .filter((p) => p !== victim)
        .flatMap((p) => p.lines)
        .find((l) => l.line.startsWith(`start ${frame} `));
    await until(() => restarted() !== undefined);
    recoverySeconds = (restarted().at - killedAt) / 1000;
  }
  const status = await followRun(queue, spec, { pollMs: 100 });
  const [final] = await readRunStatuses(queue, spec.runKey);
  const starts = procs.flatMap((p) => p.lines).filter((l) => l.line.startsWith('start ')).length;
  for (const p of procs) if (p.child.exitCode === null) p.child.kill('SIGTERM');
  await queue.close();
  return {
    frames,
    blockMs,
    lockMs,
    stalledMs,
    workers,
    killed: kill,
    done: status.done.length,
    failed: status.failed.length,
    frameStarts: starts,
    duplicatesDiscarded: final.duplicates.reduce((s, d) => s + d.discarded, 0),
    recoverySeconds,
    wallSeconds: (Date.now() - t0) / 1000,
  };
}

try {
  const results = [];
  results.push(await scenario({ frames: 6, blockMs: 8000, lockMs: 2000, stalledMs: 500, workers: 2, kill: false }));
  results.push(await scenario({ frames: 3, blockMs: 4000, lockMs: 3000, stalledMs: 1000, workers: 2, kill: true }));
  results.push(await scenario({ frames: 3, blockMs: 4000, lockMs: 30000, stalledMs: 30000, workers: 2, kill: true }));
  for (const r of results) process.stdout.write(`${JSON.stringify(r)}\n`);
  const record = { benchmark: 'queue-recovery', date: new Date().toISOString(), cores: cpus().length, loadavg: loadavg(), results };
  await mkdir(join(repo, '.benchmarks'), { recursive: true });
  await writeFile(join(repo, '.benchmarks/queue-recovery.json'), `${JSON.stringify(record, null, 2)}\n`);
} finally {
  await redis.stop();
  await rm(dir, { recursive: true, force: true });
}
