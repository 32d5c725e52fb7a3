import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { readRunManifest } from '@aquamvs/core';
import { decodeNpz } from '@aquamvs/io';
import { redisServerAvailable, startRedisServer, type LocalRedis } from '@aquamvs/queue';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submitAndFollow } from '../queue-run.js';
import { registerStatusCommand } from './status-command.js';
import { addSensorNoise } from '../test-support/sensor-noise.js';
import { registerSynthCommand } from './synth-command.js';

const cliRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const hasRedis = redisServerAvailable();
if (!hasRedis) process.stderr.write('skipping aquamvs worker/status tests: redis-server is not installed (apt-get install -y redis-server)\n');

/** Runs `aquamvs worker …` in a child process through registerWorkerCommand from dist (independent of main.ts). */
function spawnWorker(args: readonly string[]): { child: ChildProcess; log: () => string } {
  const entry = join(cliRoot, 'dist/commands/worker-command.js');
  const script = `import { Command } from 'commander';
import { registerWorkerCommand } from ${JSON.stringify(entry)};
const program = new Command('aquamvs').exitOverride();
registerWorkerCommand(program, { streams: process, setExitCode: (c) => { process.exitCode = c; } });
await program.parseAsync(process.argv.slice(1), { from: 'user' });`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script, 'worker', ...args], {
    cwd: cliRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout?.on('data', (d: Buffer) => (text += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (text += d.toString()));
  return { child, log: () => text };
}

/** Waits for `condition`; the limit only stops a hung test (speed is measured by `pnpm bench`, not here). */
async function until(condition: () => boolean, what: string, timeoutMs = 600_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function filesUnder(root: string): Promise<string[]> {
  const entries = await readdir(root, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && /(^|\/)frame_\d+\//.test(relative(root, join(e.parentPath, e.name))))
    .map((e) => relative(root, join(e.parentPath, e.name)))
    .sort();
}

/** The frames under `b` are those under `a`: the same files, each array of each npz byte-identical, other files too. */
async function expectSameFrames(a: string, b: string): Promise<void> {
  const files = await filesUnder(a);
  expect(files.filter((f) => f.endsWith('.ply')).length).toBeGreaterThan(0);
  expect(await filesUnder(b)).toEqual(files);
  for (const file of files) {
    const [bytesA, bytesB] = await Promise.all([readFile(join(a, file)), readFile(join(b, file))]);
    if (!file.endsWith('.npz')) {
      expect(Buffer.compare(bytesA, bytesB), file).toBe(0);
      continue;
    }
    // A zip stores its write time, so compare each array's dtype, shape and bytes.
    const [arraysA, arraysB] = [decodeNpz(bytesA, file), decodeNpz(bytesB, file)];
    expect(Object.keys(arraysB).sort(), file).toEqual(Object.keys(arraysA).sort());
    for (const [name, array] of Object.entries(arraysA)) {
      const other = arraysB[name];
      expect(other.shape, `${file}:${name}`).toEqual(array.shape);
      const bytes = (x: typeof array): Buffer => Buffer.from(x.data.buffer, x.data.byteOffset, x.data.byteLength);
      expect(other.data.constructor, `${file}:${name}`).toBe(array.data.constructor);
      expect(Buffer.compare(bytes(array), bytes(other)), `${file}:${name}`).toBe(0);
    }
  }
}

function capture(): { streams: { stdout: PassThrough; stderr: PassThrough }; out: () => string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  stdout.on('data', (d: Buffer) => (out += d.toString()));
  stderr.on('data', (d: Buffer) => (out += d.toString()));
  return { streams: { stdout, stderr }, out: () => out };
}

describe.skipIf(!hasRedis)('aquamvs worker and status on a local redis-server', () => {
  let redis: LocalRedis;
  let dir: string;
  const workers: ChildProcess[] = [];

  beforeAll(async () => {
    redis = await startRedisServer();
    dir = await mkdtemp(join(tmpdir(), 'aqm-worker-'));
    const program = new Command('aquamvs').exitOverride();
    registerSynthCommand(program, { ...capture(), setExitCode: () => undefined });
    await program.parseAsync(['node', 'aquamvs', 'synth', '--rig', 'ci', '--scene', 'flat', '--frames', '6', '--out', join(dir, 'ds')]);
    // Small settings keep the test near 30 s on 2 cores; the frames still go through every dense stage.
    const base = (await readFile(join(dir, 'ds/config.yaml'), 'utf8'))
      .replace(/^ {2}num_depths: \d+$/m, '  num_depths: 16')
      .replace(/^ {2}max_keypoints: \d+$/m, '  max_keypoints: 512')
      .replace(/^ {2}workers: null$/m, '  workers: 1')
      .replace(/^ {2}stages: null$/m, '  stages: [undistort, sparse-matching, triangulation, plane-sweep, fusion]');
    await writeFile(join(dir, 'ds/ref.yaml'), base.replace(/^output_dir: .*$/m, 'output_dir: ref'));
    // The queued run's frames each block their thread 3.5 s (a plugin on frameStart) on top of the stages, longer
    // than the workers' 3 s job lock: only a worker whose main thread stays free keeps renewing the lock.
    await writeFile(
      join(dir, 'ds/slow-frames.mjs'),
      `export default (options) => ({
  name: 'slow-frames',
  register: (c) => void c.register(Symbol.for('@aquamvs/core:hooks'), {
    useValue: { name: 'slow-frames', frameStart: () => void Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, options.ms) },
  }),
});
`,
    );
    await writeFile(
      join(dir, 'ds/queued.yaml'),
      base.replace(/^output_dir: .*$/m, 'output_dir: queued').replace(/^plugins: \[\]$/m, 'plugins:\n  - ["./slow-frames.mjs", { ms: 3500 }]'),
    );
    expect(await readFile(join(dir, 'ds/queued.yaml'), 'utf8')).toContain('slow-frames.mjs');
  });

  afterAll(async () => {
    for (const w of workers) if (w.exitCode === null && w.signalCode === null) w.kill('SIGKILL');
    await redis?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('finishes every frame once with 3 workers on a job lock shorter than a frame, one killed mid-frame, byte-identical to a single-process run', async () => {
    const single = spawnSync(process.execPath, [join(cliRoot, 'dist/bin.js'), 'run', join(dir, 'ds/ref.yaml'), '-q'], { encoding: 'utf8' });
    expect(single.status, single.stderr).toBe(0);

    const args = ['--queue', redis.url, '--lock-ms', '3000', '--stalled-ms', '1000', '--idle-close-ms', '120000'];
    const started = [spawnWorker(args), spawnWorker(args), spawnWorker(args)];
    workers.push(...started.map((w) => w.child));
    await until(() => started.every((w) => w.log().includes('listening on')), 'three workers listening');

    const run = capture();
    const following = submitAndFollow(join(dir, 'ds/queued.yaml'), { queue: redis.url }, { streams: run.streams, setExitCode: () => undefined });
    const startLine = /frame (\d+) of run [0-9a-f]+ started/;
    await until(() => started.some((w) => startLine.test(w.log())), 'a worker to start a frame');
    const victim = started.find((w) => startLine.test(w.log()));
    if (victim === undefined) throw new Error('no worker started a frame');
    const killedFrame = Number(startLine.exec(victim.log())?.[1]);
    await new Promise((r) => setTimeout(r, 300));
    victim.child.kill('SIGKILL');
    await new Promise((r) => victim.child.once('exit', r));
    const frameDir = join(dir, 'ds/queued', `frame_${String(killedFrame).padStart(6, '0')}`);
    expect(victim.log()).not.toMatch(new RegExp(`frame ${killedFrame} of run \\w+ done`));
    expect(existsSync(frameDir)).toBe(false);

    const status = await following;
    const logs = started.map((w) => w.log()).join('\n');
    expect(status?.done, `worker logs:\n${logs}\nrun:\n${run.out()}`).toEqual([0, 1, 2, 3, 4, 5]);
    expect(status?.failed).toEqual([]);
    for (let f = 0; f < 6; f++) {
      expect(logs.match(new RegExp(`frame ${f} of run \\w+ done`, 'g')) ?? [], `frame ${f} done lines`).toHaveLength(1);
    }
    expect(logs.match(new RegExp(`frame ${killedFrame} of run \\w+ started`, 'g'))?.length).toBe(2);
    // Every frame outlived the lock and was still published exactly once (the done lines above). A frame taken
    // over anyway (a machine so loaded that Redis went unanswered for a whole lock) would show as a discarded
    // duplicate, never as a second publication.
    const seconds = [...logs.matchAll(/frame \d+ of run \w+ done in ([\d.]+) s/g)].map((m) => Number(m[1]));
    expect(seconds).toHaveLength(6);
    for (const s of seconds) expect(s).toBeGreaterThan(3);

    expect((await filesUnder(join(dir, 'ds/ref'))).filter((f) => f.endsWith('.npz')).length).toBe(6 * 5);
    await expectSameFrames(join(dir, 'ds/ref'), join(dir, 'ds/queued'));
    const manifest = await readRunManifest(join(dir, 'ds/queued'));
    expect(
      Object.keys(manifest.frames)
        .filter((k) => manifest.frames[k].status === 'done')
        .sort(),
    ).toEqual(['0', '1', '2', '3', '4', '5']);

    const shown = capture();
    const program = new Command('aquamvs').exitOverride();
    registerStatusCommand(program, { streams: shown.streams, setExitCode: () => undefined });
    await program.parseAsync(['node', 'aquamvs', 'status', '--queue', redis.url]);
    expect(shown.out()).toMatch(/\s6\s+6\s+0\s+0\s+0\s+\S*queued/);

    for (const w of started.filter((s) => s !== victim)) w.child.kill('SIGTERM');
    const codes = await Promise.all(started.filter((s) => s !== victim).map((w) => new Promise((r) => w.child.once('exit', r))));
    expect(codes).toEqual([0, 0]);
  });

  it('sweeps each frame of a chunk around the frame before it, byte-identical to single-process runs over the same frames, a worker killed mid-chunk', async () => {
    // reconstruction.temporal_prior with jobs of 3 frames: frames 0-2 and 3-5 are each one job, whichever of two
    // workers takes it; what they write must equal `aquamvs run --frames 0:3` then `--frames 3:6` without the queue,
    // though the worker that took one of the jobs is killed after publishing its first frame.
    const prior = (await readFile(join(dir, 'ds/ref.yaml'), 'utf8')).replace(/^ {2}temporal_prior: false$/m, '  temporal_prior: true');
    expect(prior).toContain('temporal_prior: true');
    await writeFile(join(dir, 'ds/prior-single.yaml'), prior.replace(/^output_dir: .*$/m, 'output_dir: prior-single'));
    await writeFile(join(dir, 'ds/prior-queued.yaml'), prior.replace(/^output_dir: .*$/m, 'output_dir: prior-queued'));
    for (const frames of ['0:3', '3:6']) {
      const single = spawnSync(process.execPath, [join(cliRoot, 'dist/bin.js'), 'run', join(dir, 'ds/prior-single.yaml'), '-q', '--frames', frames], {
        encoding: 'utf8',
      });
      expect(single.status, single.stderr).toBe(0);
    }
    const args = ['--queue', redis.url, '--queue-name', 'prior', '--lock-ms', '3000', '--stalled-ms', '1000'];
    const started = [spawnWorker(args), spawnWorker(args)];
    workers.push(...started.map((w) => w.child));
    await until(() => started.every((w) => w.log().includes('listening on')), 'two workers listening');
    const run = capture();
    const following = submitAndFollow(
      join(dir, 'ds/prior-queued.yaml'),
      { queue: redis.url, queueName: 'prior', chunk: 3 },
      { streams: run.streams, setExitCode: () => undefined },
    );
    const firstOfChunk = /frame [03] of run \w+ done/;
    await until(() => started.some((w) => firstOfChunk.test(w.log())), "a chunk's first frame published");
    const victim = started.find((w) => firstOfChunk.test(w.log()));
    if (victim === undefined) throw new Error("no worker published a chunk's first frame");
    victim.child.kill('SIGKILL');
    await new Promise((r) => victim.child.once('exit', r));
    const survivor = started.find((w) => w !== victim);
    const status = await following;
    expect(status?.done, `${run.out()}\n${started.map((w) => w.log()).join('\n')}`).toEqual([0, 1, 2, 3, 4, 5]);
    // The survivor took the killed worker's chunk over and computed its published frame again for the prior.
    expect(survivor?.log()).toMatch(/computing frame\(s\) [03] again \(published; not kept\) for the temporal prior of frame [14]/);
    const manifest = await readRunManifest(join(dir, 'ds/prior-queued'));
    const guidedBy = [0, 1, 2, 3, 4, 5].map(
      (f) =>
        (manifest.frames[String(f)].provenance?.['plane-sweep'] as { temporalPrior?: { frame: number | null } } | undefined)?.temporalPrior?.frame,
    );
    expect(guidedBy).toEqual([null, 0, 1, null, 3, 4]);
    await expectSameFrames(join(dir, 'ds/prior-single'), join(dir, 'ds/prior-queued'));
    survivor?.child.kill('SIGTERM');
    expect(await new Promise((r) => survivor?.child.once('exit', r))).toBe(0);
  });

  it('exits 2 and names the camera in run.json when a worker finishes a frame without one, as a run without the queue does', async () => {
    // Frame 1 of ring01 is an empty file (a copy cut short), which only the worker that reads it meets; in frame 2
    // ring02 repeats frame 1 while the others record new noise, which a worker taking frame 2 alone sees only by
    // reading frame 1 too. preprocessing.min_cameras 4 lets both frames go on with the other four cameras.
    const data = join(dir, 'ds-drop');
    await cp(join(dir, 'ds'), data, { recursive: true });
    await writeFile(join(data, 'images/ring01/frame_000001.png'), '');
    await addSensorNoise(['center', 'ring00', 'ring01', 'ring03'].map((camera) => join(data, `images/${camera}/frame_000002.png`)));
    const config = (await readFile(join(data, 'ref.yaml'), 'utf8'))
      .replace(/^output_dir: .*$/m, 'output_dir: dropped')
      .replace(/^ {2}frame_stop: null$/m, '  frame_stop: 3')
      .replace(/^ {2}min_cameras: null$/m, '  min_cameras: 4')
      .replace(/^ {2}stages: \[.*\]$/m, '  stages: [undistort]');
    expect(config).toContain('min_cameras: 4');
    await writeFile(join(data, 'drop.yaml'), config);
    const worker = spawnWorker(['--queue', redis.url, '--queue-name', 'drop']);
    workers.push(worker.child);
    await until(() => worker.log().includes('listening on'), 'the worker listening');
    const run = capture();
    let exitCode = 0;
    const status = await submitAndFollow(
      join(data, 'drop.yaml'),
      { queue: redis.url, queueName: 'drop' },
      { streams: run.streams, setExitCode: (c) => (exitCode = c) },
    );
    expect(status?.done, run.out()).toEqual([0, 1, 2]);
    expect(exitCode, run.out()).toBe(2);
    expect(run.out()).toContain(
      'error AQM_ERR_FRAMES_DEGRADED: 2 frame(s) done without some cameras, as preprocessing.min_cameras allows (1: ring01; 2: ring02)',
    );
    const manifest = await readRunManifest(join(data, 'dropped'));
    expect(Object.keys(manifest.frames['1'].droppedCameras ?? {})).toEqual(['ring01']);
    expect(manifest.frames['2'].droppedCameras?.ring02).toMatch(/^its image repeats frame 1's byte for byte while 3 of 3 other camera\(s\) changed/);
    expect(manifest.frames['0'].droppedCameras).toBeUndefined();
    // The worker's version made the frames, and the submitter's run.json says so.
    expect(manifest.frames['1'].madeBy).toMatch(/^aquamvs \d+\.\d+\.\d+/);
    // `aquamvs status` lists the frame too (a run submitted with --detach has no follower to report it).
    const shown = capture();
    const program = new Command('aquamvs').exitOverride();
    registerStatusCommand(program, { streams: shown.streams, setExitCode: () => undefined });
    await program.parseAsync(['node', 'aquamvs', 'status', '--queue', redis.url, '--queue-name', 'drop']);
    expect(shown.out()).toMatch(/^ {2}[0-9a-f]{16} frame 1 done without camera\(s\) ring01 \(/m);
    // Submitted again after frame 0 was made by another version: both are kept (done in run.json), and it says so.
    const file = join(data, 'dropped', 'run.json');
    const edited = JSON.parse(await readFile(file, 'utf8')) as { frames: Record<string, { madeBy?: string }> };
    edited.frames['0'].madeBy = 'aquamvs 0.0.1';
    await writeFile(file, JSON.stringify(edited));
    const again = spawnSync(
      process.execPath,
      [join(cliRoot, 'dist/bin.js'), 'run', join(data, 'drop.yaml'), '--queue', redis.url, '--queue-name', 'drop'],
      {
        encoding: 'utf8',
      },
    );
    expect(again.status, again.stderr).toBe(0);
    expect(again.stderr).toContain('3 skipped (done in run.json)');
    expect(again.stderr).toMatch(/kept frames made by another version \(1 by aquamvs 0\.0\.1; this run: aquamvs \d+\.\d+\.\d+\)/);
    worker.child.kill('SIGTERM');
    expect(await new Promise((r) => worker.child.once('exit', r))).toBe(0);
  });
});
