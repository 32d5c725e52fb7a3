import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { readRunManifest } from '@aquamvs/core';
import type { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimFrame } from './frame-claims.js';
import { followRun } from './follow-run.js';
import { forgetRun } from './forget-run.js';
import { mergeWorkerProfiles } from './merge-worker-profiles.js';
import { connectQueue } from './open-queue.js';
import { queueTarget, type QueueTarget } from './queue-connection.js';
import { startQueueWorker } from './queue-worker.js';
import { redisServerAvailable, startRedisServer, type LocalRedis } from './redis-server.js';
import { frameJobId } from './run-spec.js';
import { readRunStatuses } from './run-status.js';
import { submitRun } from './submit-run.js';
import { stampConfig, stampCounts, stampEnvironment } from './test-support/stamp-environment.js';

const hasRedis = redisServerAvailable();
if (!hasRedis) process.stderr.write('skipping @aquamvs/queue worker tests: redis-server is not installed (apt-get install -y redis-server)\n');

describe.skipIf(!hasRedis)('queue worker on a local redis-server', () => {
  let redis: LocalRedis;
  let dir: string;
  let n = 0;
  const fresh = async (): Promise<{ target: QueueTarget; queue: Queue; out: string; events: string }> => {
    n += 1;
    const target = queueTarget(redis.url, `test-${n}`);
    return { target, queue: await connectQueue(target), out: join(dir, `out-${n}`), events: join(dir, `events-${n}.txt`) };
  };

  beforeAll(async () => {
    redis = await startRedisServer();
    dir = await mkdtemp(join(tmpdir(), 'aqm-queue-'));
  });
  afterAll(async () => {
    await redis?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('processes every frame once with one prepare per slot, and re-submission enqueues nothing', async () => {
    const { target, queue, out, events } = await fresh();
    const config = stampConfig(out);
    const frames = [0, 1, 2, 3, 4, 5];
    const first = await submitRun(queue, { config, configDir: dir, frames });
    expect(first.enqueued).toEqual(frames);
    const worker = await startQueueWorker({ target, environment: stampEnvironment({ eventsFile: events }), concurrency: 2 });
    const status = await followRun(queue, first.spec, { pollMs: 100 });
    expect(status.done).toEqual(frames);
    expect(status.failed).toHaveLength(0);
    expect(status.duplicates).toEqual([]);
    let counts = await stampCounts(events);
    expect(counts.runs).toBe(6);
    expect(counts.prepares).toBeGreaterThanOrEqual(1);
    expect(counts.prepares).toBeLessThanOrEqual(2);
    for (const f of frames) {
      expect(await readFile(join(out, `frame_00000${f}`, 'stamp.txt'), 'utf8')).toBe(`frame ${f} value ${10 * f + 1}\n`);
    }
    const manifest = await readRunManifest(out);
    expect(Object.values(manifest.frames).filter((e) => e.status === 'done')).toHaveLength(6);

    const again = await submitRun(queue, { config, configDir: dir, frames });
    expect(again.spec.runKey).toBe(first.spec.runKey);
    expect(again.enqueued).toEqual([]);
    expect(again.skipped).toEqual(frames);
    await new Promise((r) => setTimeout(r, 300));
    expect((await stampCounts(events)).runs).toBe(6);
    await worker.close();
    counts = await stampCounts(events);
    expect(counts.finishes).toBe(counts.prepares);
    await queue.close();
  });

  it('marks a frame failed with its error after N attempts and finishes the others', async () => {
    const { target, queue, out, events } = await fresh();
    const { spec } = await submitRun(queue, { config: stampConfig(out), configDir: dir, frames: [0, 1, 2, 3], attempts: 2, backoffMs: 50 });
    const worker = await startQueueWorker({ target, environment: stampEnvironment({ eventsFile: events, failFrames: [2] }) });
    const status = await followRun(queue, spec, { pollMs: 100 });
    expect(status.done).toEqual([0, 1, 3]);
    expect(status.failed).toEqual([{ frame: 2, attempts: 2, error: '[stage stamp · stamp-plugin] frame 2: frame 2 is cursed' }]);
    expect((await stampCounts(events)).runs).toBe(3 + 2);
    expect((await stampCounts(events)).prepares).toBe(1);
    const manifest = await readRunManifest(out);
    expect(manifest.frames['2']).toMatchObject({ status: 'failed', error: '[stage stamp · stamp-plugin] frame 2: frame 2 is cursed' });
    const [listed] = await readRunStatuses(queue);
    expect(listed?.failed.map((f) => f.frame)).toEqual([2]);

    const resubmitted = await submitRun(queue, { config: stampConfig(out), configDir: dir, frames: [0, 1, 2, 3], attempts: 2, backoffMs: 50 });
    expect(resubmitted.retried).toEqual([2]);
    expect(resubmitted.skipped).toEqual([0, 1, 3]);
    const after = await followRun(queue, spec, { pollMs: 100 });
    expect(after.failed.map((f) => f.frame)).toEqual([2]);
    expect((await stampCounts(events)).runs).toBe(5 + 2);
    await worker.close();
    await queue.close();
  });

  it("carries how each frame was made into run.json: cameras a worker went on without, and the stages' provenance", async () => {
    const { target, queue, out, events } = await fresh();
    const base = stampConfig(out);
    const config = { ...base, preprocessing: { ...base.preprocessing, min_cameras: 1 } };
    const { spec } = await submitRun(queue, { config, configDir: dir, frames: [0, 1, 2] });
    const worker = await startQueueWorker({ target, environment: stampEnvironment({ eventsFile: events, dropFrames: [1] }) });
    const status = await followRun(queue, spec, { pollMs: 100 });
    expect(status.done).toEqual([0, 1, 2]);
    // Frame 1 is done from cam0 alone: the submitter learns it (the CLI exits 2 on it), and so does run.json.
    expect(status.degraded).toEqual([{ frame: 1, cameras: { cam1: 'the frame source returned none' } }]);
    const manifest = await readRunManifest(out);
    expect(manifest.frames['1']).toMatchObject({ status: 'done', droppedCameras: { cam1: 'the frame source returned none' } });
    expect(manifest.frames['0'].droppedCameras).toBeUndefined();
    for (const [frame, cameras] of [
      [0, 2],
      [1, 1],
      [2, 2],
    ])
      expect(manifest.frames[String(frame)].provenance).toEqual({ stamp: { summary: `stamped ${10 * frame + 1}`, cameras } });
    await worker.close();
    await queue.close();
  });

  it("skips a finished frame only when the calibration and the frame's inputs are unchanged", async () => {
    const { target, queue, out, events } = await fresh();
    const frameInputs = new Map([
      [0, 'img-0'],
      [1, 'img-1'],
      [2, 'img-2'],
    ]);
    const submit = (calibration: string): ReturnType<typeof submitRun> =>
      submitRun(queue, {
        config: stampConfig(out),
        configDir: dir,
        frames: [0, 1, 2],
        inputsFingerprint: calibration,
        frameFingerprint: (f) => Promise.resolve(frameInputs.get(f) ?? ''),
      });
    const worker = await startQueueWorker({ target, environment: stampEnvironment({ eventsFile: events }) });
    const first = await submit('calibration-v1');
    expect((await followRun(queue, first.spec, { pollMs: 100 })).done).toEqual([0, 1, 2]);
    expect((await readRunManifest(out)).frames['1']?.inputHash).toBe('img-1');

    const same = await submit('calibration-v1');
    expect(same.skipped).toEqual([0, 1, 2]);
    frameInputs.set(1, 'img-1-replaced');
    const replaced = await submit('calibration-v1');
    expect(replaced.spec.runKey).toBe(first.spec.runKey);
    expect(replaced.skipped).toEqual([0, 2]);
    await followRun(queue, replaced.spec, { pollMs: 100 });
    const edited = await submit('calibration-v2');
    expect(edited.spec.runKey).not.toBe(first.spec.runKey);
    expect(edited.skipped).toEqual([]);
    expect(edited.enqueued).toEqual([0, 1, 2]);
    expect((await followRun(queue, edited.spec, { pollMs: 100 })).done).toEqual([0, 1, 2]);
    const counts = await stampCounts(events);
    expect([counts.runsOf(0), counts.runsOf(1), counts.runsOf(2)]).toEqual([2, 3, 2]);
    await worker.close();
    await queue.close();
  });

  it("processes a chunk's frames in order in one fresh prepared run, so the temporal prior's state never crosses jobs", async () => {
    const { target, queue, out, events } = await fresh();
    const base = stampConfig(out);
    const config = { ...base, reconstruction: { ...base.reconstruction, temporal_prior: true } };
    const frames = [0, 1, 2, 3, 4, 5];
    const { spec, enqueued } = await submitRun(queue, { config, configDir: dir, frames, chunkFrames: 3 });
    expect(enqueued).toEqual(frames);
    expect((await queue.getJobCounts('wait')).wait).toBe(2);
    // One slot takes both jobs: without a fresh run per job, frame 3 would follow frame 2 of the job before.
    const worker = await startQueueWorker({ target, environment: stampEnvironment({ eventsFile: events }) });
    const status = await followRun(queue, spec, { pollMs: 100 });
    expect(status.done).toEqual(frames);
    expect(status.failed).toEqual([]);
    const counts = await stampCounts(events);
    expect(frames.map((f) => counts.after(f))).toEqual([['-'], ['0'], ['1'], ['-'], ['3'], ['4']]);
    expect(counts.prepares).toBe(2);
    for (const f of frames) expect(await readFile(join(out, `frame_00000${f}`, 'stamp.txt'), 'utf8')).toBe(`frame ${f} value ${10 * f + 1}\n`);
    const manifest = await readRunManifest(out);
    for (const f of frames) {
      const entry = manifest.frames[String(f)];
      expect(entry).toMatchObject({ status: 'done', configHash: spec.configHash });
      expect(entry.durationMs).toBeGreaterThanOrEqual(0);
      expect(Date.parse(entry.finishedAt ?? '')).toBeGreaterThanOrEqual(Date.parse(entry.startedAt ?? ''));
    }
    await worker.close();
    await queue.close();
  });

  it("retries a chunk's failed frame without computing its published frames again, and names the frame that failed", async () => {
    const { target, queue, out, events } = await fresh();
    const options = { config: stampConfig(out), configDir: dir, frames: [0, 1, 2, 3, 4, 5], chunkFrames: 3, attempts: 2, backoffMs: 50 };
    const { spec } = await submitRun(queue, options);
    const worker = await startQueueWorker({ target, environment: stampEnvironment({ eventsFile: events, failFrames: [1, 2] }) });
    const status = await followRun(queue, spec, { pollMs: 100 });
    expect(status.done).toEqual([0, 3, 4, 5]);
    expect(status.failed).toEqual([
      { frame: 1, attempts: 2, error: '[stage stamp · stamp-plugin] frame 1: frame 1 is cursed' },
      { frame: 2, attempts: 2, error: '[stage stamp · stamp-plugin] frame 2: frame 2 is cursed' },
    ]);
    let counts = await stampCounts(events);
    expect([0, 1, 2, 3].map((f) => counts.runsOf(f))).toEqual([1, 2, 2, 1]);
    const manifest = await readRunManifest(out);
    expect(manifest.frames['1']).toMatchObject({ status: 'failed', error: '[stage stamp · stamp-plugin] frame 1: frame 1 is cursed' });
    expect(manifest.frames['0']).toMatchObject({ status: 'done' });

    const resubmitted = await submitRun(queue, options);
    expect(resubmitted.retried).toEqual([1, 2]);
    expect(resubmitted.skipped).toEqual([0, 3, 4, 5]);
    expect((await followRun(queue, spec, { pollMs: 100 })).failed.map((f) => f.frame)).toEqual([1, 2]);
    counts = await stampCounts(events);
    expect([0, 1, 2, 3].map((f) => counts.runsOf(f))).toEqual([1, 4, 4, 1]);
    await worker.close();
    await queue.close();
  });

  it("computes a retried chunk's published frames again for the temporal prior, and goes on past a frame whose thread died", async () => {
    const { target, queue, out, events } = await fresh();
    const base = stampConfig(out);
    const config = { ...base, reconstruction: { ...base.reconstruction, temporal_prior: true } };
    const { spec } = await submitRun(queue, { config, configDir: dir, frames: [0, 1, 2, 3], chunkFrames: 4, attempts: 2, backoffMs: 50 });
    const worker = await startQueueWorker({ target, environment: stampEnvironment({ eventsFile: events, crashFrames: [2] }) });
    const status = await followRun(queue, spec, { pollMs: 100 });
    expect(status.done).toEqual([0, 1, 3]);
    expect(status.failed.map((f) => [f.frame, f.attempts])).toEqual([[2, 2]]);
    expect(status.failed[0]?.error).toMatch(/frame thread exited \(code 7\)/);
    const counts = await stampCounts(events);
    // The retry computed frames 0 and 1 again (not published twice: no duplicates), so frame 2 followed frame 1 in both
    // attempts; frame 3 followed nothing, as after any frame that failed.
    expect([0, 1, 2, 3].map((f) => counts.runsOf(f))).toEqual([2, 2, 2, 1]);
    expect(counts.after(2)).toEqual(['1', '1']);
    expect(counts.after(3)).toEqual(['-']);
    expect(status.duplicates).toEqual([]);
    await worker.close();
    await queue.close();
  });

  it("enqueues again only the chunk frame whose inputs changed, and forgets a chunked run's jobs", async () => {
    const { target, queue, out, events } = await fresh();
    const inputs = new Map([
      [0, 'a'],
      [1, 'b'],
      [2, 'c'],
    ]);
    const submit = (): ReturnType<typeof submitRun> =>
      submitRun(queue, {
        config: stampConfig(out),
        configDir: dir,
        frames: [0, 1, 2],
        chunkFrames: 3,
        frameFingerprint: (f) => Promise.resolve(inputs.get(f) ?? ''),
      });
    const worker = await startQueueWorker({ target, environment: stampEnvironment({ eventsFile: events }) });
    expect((await followRun(queue, (await submit()).spec, { pollMs: 100 })).done).toEqual([0, 1, 2]);
    inputs.set(1, 'b2');
    const changed = await submit();
    expect(changed.skipped).toEqual([0, 2]);
    expect(changed.enqueued).toEqual([1]);
    expect((await followRun(queue, changed.spec, { pollMs: 100 })).done).toEqual([0, 1, 2]);
    const counts = await stampCounts(events);
    expect([0, 1, 2].map((f) => counts.runsOf(f))).toEqual([1, 2, 1]);
    expect(await forgetRun(queue, changed.spec.runKey)).toBe(1);
    expect(await readRunStatuses(queue)).toEqual([]);
    await worker.close();
    await queue.close();
  });

  it('redoes finished frames with force', async () => {
    const { target, queue, out, events } = await fresh();
    const submit = (force: boolean): ReturnType<typeof submitRun> =>
      submitRun(queue, { config: stampConfig(out), configDir: dir, frames: [0, 1], force });
    const worker = await startQueueWorker({ target, environment: stampEnvironment({ eventsFile: events }) });
    await followRun(queue, (await submit(false)).spec, { pollMs: 100 });
    const forced = await submit(true);
    expect(forced.enqueued).toEqual([0, 1]);
    expect((await followRun(queue, forced.spec, { pollMs: 100 })).done).toEqual([0, 1]);
    expect((await stampCounts(events)).runs).toBe(4);
    expect((await readRunStatuses(queue, forced.spec.runKey))[0]?.duplicates).toEqual([]);
    await worker.close();
    await queue.close();
  });

  it('profiles each prepared run of each worker and merges the reports into one covering every frame', async () => {
    const { target, queue, out, events } = await fresh();
    const { spec } = await submitRun(queue, { config: stampConfig(out), configDir: dir, frames: [0, 1, 2, 3, 4, 5] });
    const workers = await Promise.all(
      [0, 1].map(() => startQueueWorker({ target, environment: stampEnvironment({ eventsFile: events }), profile: {} })),
    );
    expect((await followRun(queue, spec, { pollMs: 100 })).done).toHaveLength(6);
    for (const worker of workers) await worker.close();
    const merged = await mergeWorkerProfiles(join(out, 'profile'));
    expect(merged?.sources.length).toBe((await stampCounts(events)).prepares);
    expect(merged?.report.frames).toEqual([0, 1, 2, 3, 4, 5]);
    const stamp = merged?.report.stages.find((s) => s.path === 'stamp');
    expect(stamp?.calls).toBe(6);
    expect(stamp?.wallMs.total).toBeGreaterThan(0);
    await queue.close();
  });

  it('finishes every frame exactly once when each frame blocks its thread longer than the job lock', async () => {
    const { target, queue, out, events } = await fresh();
    const frames = [0, 1, 2, 3];
    const { spec } = await submitRun(queue, { config: stampConfig(out), configDir: dir, frames, attempts: 1 });
    // Each frame holds its thread 6 s, the lock is 2 s (renewed every 1 s) and the stalled check runs every 0.5 s:
    // a worker that computed on its main thread could not renew the lock and every frame would be taken over.
    const options = {
      target,
      environment: stampEnvironment({ eventsFile: events, blockMs: 6000 }),
      lockDurationMs: 2000,
      stalledIntervalMs: 500,
      maxStalledCount: 1,
    };
    const workers = await Promise.all([0, 1].map(() => startQueueWorker(options)));
    const status = await followRun(queue, spec, { pollMs: 100 });
    expect(status.done).toEqual(frames);
    expect(status.failed).toEqual([]);
    expect(status.duplicates).toEqual([]);
    const counts = await stampCounts(events);
    for (const f of frames) expect(counts.runsOf(f), `runs of frame ${f}`).toBe(1);
    for (const worker of workers) await worker.close();
    await queue.close();
  });

  it('does not compute again a frame that another attempt already published, and says so in the status', async () => {
    const { target, queue, out, events } = await fresh();
    const config = stampConfig(out);
    const { spec } = await submitRun(queue, { config, configDir: dir, frames: [0, 1] });
    // Frame 1 as a worker that lost its lock left it: published (files and claim), its job back in the queue.
    await mkdir(join(out, 'frame_000001'), { recursive: true });
    const record = { droppedCameras: { cam1: 'unreadable' } };
    expect(await claimFrame(queue, spec.runKey, out, 1, { worker: 'elsewhere-1', attempt: 1, at: new Date().toISOString(), record })).toBe(true);
    const worker = await startQueueWorker({ target, environment: stampEnvironment({ eventsFile: events }) });
    const status = await followRun(queue, spec, { pollMs: 100 });
    expect(status.done).toEqual([0, 1]);
    expect(status.duplicates).toEqual([{ frame: 1, discarded: 1 }]);
    // What run.json and the status say of frame 1 is how the published copy was made.
    expect(status.degraded).toEqual([{ frame: 1, cameras: { cam1: 'unreadable' } }]);
    expect((await readRunManifest(out)).frames['1'].droppedCameras).toEqual({ cam1: 'unreadable' });
    const counts = await stampCounts(events);
    expect([counts.runsOf(0), counts.runsOf(1)]).toEqual([1, 0]);
    await worker.close();
    await queue.close();
  });

  it('refuses to start, before taking a job, when its frame threads cannot load the environment module', async () => {
    const { target, queue } = await fresh();
    const missing = { module: join(dir, 'no-such-environment.mjs') };
    await expect(startQueueWorker({ target, environment: missing })).rejects.toMatchObject({
      code: 'AQM_ERR_QUEUE_ENVIRONMENT',
      message: expect.stringMatching(/no-such-environment\.mjs/) as unknown,
    });
    await queue.close();
  });

  it('fails a job whose run is not in the queue at once with AQM_ERR_QUEUE_RUN_UNKNOWN, without retrying it', async () => {
    const { target, queue, events } = await fresh();
    const runKey = '0123456789abcdef';
    const job = await queue.add('frame', { runKey, frame: 0 }, { jobId: frameJobId(runKey, 0), attempts: 3, removeOnFail: false });
    const worker = await startQueueWorker({ target, environment: stampEnvironment({ eventsFile: events }) });
    while ((await job.getState()) !== 'failed') await sleep(50);
    const failed = await queue.getJob(frameJobId(runKey, 0));
    expect(failed?.failedReason).toBe(
      `AQM_ERR_QUEUE_RUN_UNKNOWN: run ${runKey}: expected its spec in queue '${target.queueName}', found none (submitted to another queue, or forgotten?)`,
    );
    expect(failed?.attemptsMade).toBe(1);
    expect((await stampCounts(events)).runs).toBe(0);
    await worker.close();
    await queue.close();
  });

  it('fails only the frame whose stage ends its thread, then prepares the run again for the next frame', async () => {
    const { target, queue, out, events } = await fresh();
    const { spec } = await submitRun(queue, { config: stampConfig(out), configDir: dir, frames: [0, 1, 2], attempts: 1 });
    const worker = await startQueueWorker({ target, environment: stampEnvironment({ eventsFile: events, crashFrames: [1] }) });
    const status = await followRun(queue, spec, { pollMs: 100 });
    expect(status.done).toEqual([0, 2]);
    expect(status.failed.map((f) => f.frame)).toEqual([1]);
    expect(status.failed[0]?.error).toMatch(/frame thread exited \(code 7\)/);
    expect((await stampCounts(events)).prepares).toBe(2);
    await worker.close();
    await queue.close();
  });
});

describe('startQueueWorker options', () => {
  it('rejects a concurrency below 1 with AQM_ERR_QUEUE_OPTION_INVALID before it connects', async () => {
    const target = queueTarget('redis://127.0.0.1:1', 'unused');
    const environment = stampEnvironment({ eventsFile: join(tmpdir(), 'aqm-unused-events.txt') });
    await expect(startQueueWorker({ target, environment, concurrency: 0 })).rejects.toMatchObject({
      code: 'AQM_ERR_QUEUE_OPTION_INVALID',
      message: 'queue option concurrency: expected an integer >= 1, got 0',
    });
  });
});
