// Profiler overhead: a pipeline of many short stages run without the profiler, with the profiler loaded but not
// recording (schedule never reaches RECORD), and recording (trace streamed to disk, default 20 ms memory sampling).
// Writes <repo>/.benchmarks/profiler-overhead.json.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { aquamvsConfigSchema, createLogger, createMemoryFrameSource, runPipeline, STAGE } from '@aquamvs/core';
import { createProfilerSubscriber, createRunProfiler, Profiler } from '../dist/index.js';

const STAGES = Number(process.env.STAGES ?? 20);
const FRAMES = Number(process.env.FRAMES ?? 100);
const ROUNDS = Number(process.env.ROUNDS ?? 7);
const TARGET_STAGE_MS = Number(process.env.STAGE_MS ?? 1);

const data = new Float64Array(4096).map((_, i) => Math.sin(i));
let sink = 0;
function work(iterations) {
  let acc = 0;
  for (let r = 0; r < iterations; r += 1) for (let i = 0; i < data.length; i += 1) acc += data[i] * (r + 1);
  sink += acc;
}
function calibrate() {
  let iterations = 8;
  for (;;) {
    const t = performance.now();
    work(iterations);
    const ms = performance.now() - t;
    if (ms > 50) return Math.max(1, Math.round((iterations * TARGET_STAGE_MS) / ms));
    iterations *= 2;
  }
}

calibrate();
const iterations = calibrate();
const stages = Array.from({ length: STAGES }, (_, i) => ({
  id: `stage-${i}`,
  consumes: [],
  produces: [],
  run: async () => work(iterations),
}));
const stagesPlugin = { name: 'bench-stages', register: (c) => stages.forEach((s) => c.register(STAGE, { useValue: s })) };
const quiet = createLogger({ level: 'silent' });
const source = () =>
  createMemoryFrameSource(['cam0'], FRAMES, () => new Map([['cam0', { width: 2, height: 2, channels: 1, data: new Uint8Array(4) }]]));

async function once(variant) {
  const out = mkdtempSync(join(tmpdir(), 'aqm-prof-bench-'));
  const config = aquamvsConfigSchema.parse({ output_dir: out, pipeline: { stages: stages.map((s) => s.id) } });
  const plugins = [stagesPlugin];
  let rp;
  if (variant !== 'none') {
    rp = createRunProfiler({
      outputDir: join(out, 'profile'),
      log: quiet,
      ...(process.env.SAMPLE_MS === undefined ? {} : { sampleIntervalMs: Number(process.env.SAMPLE_MS) }),
      ...(variant === 'idle' ? { schedule: { wait: 1_000_000, warmup: 1, active: 1 } } : {}),
    });
    plugins.push(rp.plugin);
  }
  const t = performance.now();
  const cpu = process.cpuUsage();
  const run = () => runPipeline({ config, frameSource: source(), plugins, log: quiet, force: true });
  await (rp ? rp.run(run) : run());
  await rp?.finish();
  const ms = performance.now() - t;
  const used = process.cpuUsage(cpu);
  rmSync(out, { recursive: true, force: true });
  return { wall: ms, cpu: (used.user + used.system) / 1000 };
}

/** Cost of one stage call through the subscriber (beforeStage + afterStage), recording with a streamed trace. */
async function subscriberCostUs() {
  const dir = mkdtempSync(join(tmpdir(), 'aqm-prof-sub-'));
  const profiler = new Profiler({ tracePath: join(dir, 'trace.json') });
  const sub = createProfilerSubscriber(profiler, { name: 'bench' });
  await sub.runStart({ runId: 'r', at: 0, outputDir: dir, stages: [], frames: [], skippedFrames: [] });
  const N = 100_000;
  const base = { runId: 'r', plugin: 'p', phase: 'run', frame: 0 };
  const t = performance.now();
  for (let i = 0; i < N; i += 1) {
    const stage = `stage-${i % STAGES}`;
    const at = performance.now();
    sub.beforeStage({ ...base, stage, at });
    const end = performance.now();
    sub.afterStage({ ...base, stage, at: end, startedAt: at, durationMs: end - at });
  }
  const us = ((performance.now() - t) / N) * 1000;
  await sub.runEnd({ runId: 'r', at: performance.now(), startedAt: 0, durationMs: 0, done: [], failed: [], skipped: [], aborted: false });
  rmSync(dir, { recursive: true, force: true });
  return us;
}

const r2 = (x) => Number(x.toFixed(2));
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const variants = ['none', 'idle', 'recording'];
for (const v of variants) await once(v); // warm-up
const times = Object.fromEntries(variants.map((v) => [v, []]));
for (let round = 0; round < ROUNDS; round += 1) for (const v of variants) times[v].push(await once(v));

const calls = STAGES * FRAMES;
const min = (xs) => Math.min(...xs);
const pick = (v, key, f) => f(times[v].map((t) => t[key]));
const base = pick('none', 'wall', min);
const baseCpu = pick('none', 'cpu', min);
await subscriberCostUs();
const perStageUs = Math.min(await subscriberCostUs(), await subscriberCostUs());
const pct = (x, b) => Number((((x - b) / b) * 100).toFixed(2));
const result = {
  benchmark: 'profiler-overhead',
  date: new Date().toISOString(),
  node: process.version,
  cpu: cpus()[0]?.model ?? 'unknown',
  cores: cpus().length,
  stages: STAGES,
  frames: FRAMES,
  stageCalls: calls,
  stageWorkMs: TARGET_STAGE_MS,
  rounds: ROUNDS,
  // min over rounds is the least disturbed by other processes on a shared machine
  wallMs: Object.fromEntries(variants.map((v) => [v, { min: r2(pick(v, 'wall', min)), median: r2(pick(v, 'wall', median)) }])),
  cpuMs: Object.fromEntries(variants.map((v) => [v, { min: r2(pick(v, 'cpu', min)), median: r2(pick(v, 'cpu', median)) }])),
  overheadPct: {
    idleWall: pct(pick('idle', 'wall', min), base),
    recordingWall: pct(pick('recording', 'wall', min), base),
    idleCpu: pct(pick('idle', 'cpu', min), baseCpu),
    recordingCpu: pct(pick('recording', 'cpu', min), baseCpu),
  },
  subscriberUsPerStageCall: r2(perStageUs),
  subscriberPctOfStage: r2((perStageUs / 1000 / (base / calls)) * 100),
};
if (sink === 42) process.stderr.write('');
const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
mkdirSync(join(repo, '.benchmarks'), { recursive: true });
writeFileSync(join(repo, '.benchmarks', 'profiler-overhead.json'), `${JSON.stringify(result, null, 2)}\n`);
process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
