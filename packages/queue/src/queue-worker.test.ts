import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readRunManifest } from '@aquamvs/core';
import type { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { followRun } from './follow-run.js';
import { mergeWorkerProfiles } from './merge-worker-profiles.js';
import { connectQueue } from './open-queue.js';
import { queueTarget, type QueueTarget } from './queue-connection.js';
import { startQueueWorker } from './queue-worker.js';
import { redisServerAvailable, startRedisServer, type LocalRedis } from './redis-server.js';
import { readRunStatuses } from './run-status.js';
import { submitRun } from './submit-run.js';
import { stampConfig, stampEnvironment, type StampCounters } from './test-support/stamp-environment.js';

const hasRedis = redisServerAvailable();
if (!hasRedis) process.stderr.write('skipping @aquamvs/queue worker tests: redis-server is not installed (apt-get install -y redis-server)\n');

describe.skipIf(!hasRedis)('queue worker on a local redis-server', () => {
  let redis: LocalRedis;
  let dir: string;
  let n = 0;
  const fresh = async (): Promise<{ target: QueueTarget; queue: Queue; out: string }> => {
    n += 1;
    const target = queueTarget(redis.url, `test-${n}`);
    return { target, queue: await connectQueue(target), out: join(dir, `out-${n}`) };
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
    const { target, queue, out } = await fresh();
    const counters: StampCounters = { prepares: 0, runs: 0, finishes: 0 };
    const config = stampConfig(out);
    const frames = [0, 1, 2, 3, 4, 5];
    const first = await submitRun(queue, { config, configDir: dir, frames });
    expect(first.enqueued).toEqual(frames);
    const worker = await startQueueWorker({ target, openEnvironment: stampEnvironment(counters), concurrency: 2 });
    const status = await followRun(queue, first.spec, { pollMs: 100 });
    expect(status.done).toEqual(frames);
    expect(status.failed).toHaveLength(0);
    expect(counters.runs).toBe(6);
    expect(counters.prepares).toBeGreaterThanOrEqual(1);
    expect(counters.prepares).toBeLessThanOrEqual(2);
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
    expect(counters.runs).toBe(6);
    await worker.close();
    expect(counters.finishes).toBe(counters.prepares);
    await queue.close();
  }, 30_000);

  it('marks a frame failed with its error after N attempts and finishes the others', async () => {
    const { target, queue, out } = await fresh();
    const counters: StampCounters = { prepares: 0, runs: 0, finishes: 0 };
    const { spec } = await submitRun(queue, { config: stampConfig(out), configDir: dir, frames: [0, 1, 2, 3], attempts: 2, backoffMs: 50 });
    const worker = await startQueueWorker({ target, openEnvironment: stampEnvironment(counters, new Set([2])) });
    const status = await followRun(queue, spec, { pollMs: 100 });
    expect(status.done).toEqual([0, 1, 3]);
    expect(status.failed).toEqual([{ frame: 2, attempts: 2, error: '[stage stamp · stamp-plugin] frame 2: frame 2 is cursed' }]);
    expect(counters.runs).toBe(3 + 2);
    expect(counters.prepares).toBe(1);
    const manifest = await readRunManifest(out);
    expect(manifest.frames['2']).toMatchObject({ status: 'failed', error: '[stage stamp · stamp-plugin] frame 2: frame 2 is cursed' });
    const [listed] = await readRunStatuses(queue);
    expect(listed?.failed.map((f) => f.frame)).toEqual([2]);

    const resubmitted = await submitRun(queue, { config: stampConfig(out), configDir: dir, frames: [0, 1, 2, 3], attempts: 2, backoffMs: 50 });
    expect(resubmitted.retried).toEqual([2]);
    expect(resubmitted.skipped).toEqual([0, 1, 3]);
    const after = await followRun(queue, spec, { pollMs: 100 });
    expect(after.failed.map((f) => f.frame)).toEqual([2]);
    expect(counters.runs).toBe(5 + 2);
    await worker.close();
    await queue.close();
  }, 30_000);

  it('redoes finished frames with force', async () => {
    const { target, queue, out } = await fresh();
    const counters: StampCounters = { prepares: 0, runs: 0, finishes: 0 };
    const submit = (force: boolean): ReturnType<typeof submitRun> => submitRun(queue, { config: stampConfig(out), configDir: dir, frames: [0, 1], force });
    const worker = await startQueueWorker({ target, openEnvironment: stampEnvironment(counters) });
    await followRun(queue, (await submit(false)).spec, { pollMs: 100 });
    const forced = await submit(true);
    expect(forced.enqueued).toEqual([0, 1]);
    expect((await followRun(queue, forced.spec, { pollMs: 100 })).done).toEqual([0, 1]);
    expect(counters.runs).toBe(4);
    await worker.close();
    await queue.close();
  }, 30_000);

  it('profiles each prepared run of each worker and merges the reports into one covering every frame', async () => {
    const { target, queue, out } = await fresh();
    const counters: StampCounters = { prepares: 0, runs: 0, finishes: 0 };
    const { spec } = await submitRun(queue, { config: stampConfig(out), configDir: dir, frames: [0, 1, 2, 3, 4, 5] });
    const workers = await Promise.all(
      [0, 1].map(() => startQueueWorker({ target, openEnvironment: stampEnvironment(counters), profile: {} })),
    );
    expect((await followRun(queue, spec, { pollMs: 100 })).done).toHaveLength(6);
    for (const worker of workers) await worker.close();
    const merged = await mergeWorkerProfiles(join(out, 'profile'));
    expect(merged?.sources.length).toBe(counters.prepares);
    expect(merged?.report.frames).toEqual([0, 1, 2, 3, 4, 5]);
    const stamp = merged?.report.stages.find((s) => s.path === 'stamp');
    expect(stamp?.calls).toBe(6);
    expect(stamp?.wallMs.total).toBeGreaterThan(0);
    await queue.close();
  }, 30_000);
});
