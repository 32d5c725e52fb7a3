import { hostname } from 'node:os';
import { silentLogger, type Logger } from '@aquamvs/core';
import { UnrecoverableError, Worker, type Job, type Queue } from 'bullmq';
import { queueOptionInvalid, queueRunUnknown } from './errors.js';
import { openFrameSession, type FrameSession, type OpenRunEnvironment } from './frame-session.js';
import { connectQueue } from './open-queue.js';
import type { QueueTarget } from './queue-connection.js';
import { loadRunSpec, type FrameJobData, type FrameJobResult } from './run-spec.js';
import { processScopedName } from './staging.js';

/** Options of {@link startQueueWorker}. */
export interface QueueWorkerOptions {
  readonly target: QueueTarget;
  /** Opens a run's frame source and stage plugins on this machine. */
  readonly openEnvironment: OpenRunEnvironment;
  /** Frames processed at the same time, each in its own prepared run. @default 1 */
  readonly concurrency?: number;
  readonly log?: Logger;
  /** A running job's lock; a job whose worker died is retried after it expires. @default 30000 */
  readonly lockDurationMs?: number;
  /** How often this worker looks for jobs whose lock expired. @default 30000 */
  readonly stalledIntervalMs?: number;
  /** Times a frame may lose its worker before it is marked failed. @default 2 */
  readonly maxStalledCount?: number;
  /** A run's prepared state is released after this long without a job of that run. @default 30000 */
  readonly idleCloseMs?: number;
  /** Profile every prepared run into `<outputDir>/profile/<session name>/`. */
  readonly profile?: { readonly schedule?: string };
  /** Called when this worker starts a frame. */
  readonly onFrameStart?: (event: { readonly runKey: string; readonly frame: number; readonly attempt: number }) => void;
  /** Called after each frame this worker finished or failed. */
  readonly onFrame?: (event: WorkerFrameEvent) => void;
}

/** One frame handled by this worker. */
export interface WorkerFrameEvent {
  readonly runKey: string;
  readonly frame: number;
  readonly status: 'done' | 'failed';
  readonly durationMs: number;
  readonly error?: Error;
}

/** A running worker. */
export interface QueueWorker {
  /** `<host>-<pid>`. */
  readonly name: string;
  /** Waits for the frames in progress, then ends every prepared run and disconnects. */
  close(): Promise<void>;
}

interface SessionEntry {
  readonly session: FrameSession;
  timer?: NodeJS.Timeout;
}

interface Slot {
  readonly index: number;
  busy: boolean;
  readonly sessions: Map<string, SessionEntry>;
}

/**
 * Processes frame jobs from the queue. Each of the `concurrency` slots keeps one prepared run per run key, so the
 * stages' `prepare()` runs once per run and slot, not once per frame.
 * @example
 * const worker = await startQueueWorker({ target: queueTarget('redis://127.0.0.1:6379'), openEnvironment });
 * process.on('SIGTERM', () => void worker.close());
 */
export async function startQueueWorker(options: QueueWorkerOptions): Promise<QueueWorker> {
  const concurrency = options.concurrency ?? 1;
  if (!Number.isInteger(concurrency) || concurrency < 1) throw queueOptionInvalid('concurrency', 'an integer >= 1', concurrency);
  const log = options.log ?? silentLogger;
  const idleCloseMs = options.idleCloseMs ?? 30_000;
  const name = `${hostname()}-${process.pid}`;
  const { target } = options;
  const queue: Queue = await connectQueue(target);
  const slots: Slot[] = Array.from({ length: concurrency }, (_, index) => ({ index, busy: false, sessions: new Map() }));
  const closing: Promise<void>[] = [];

  const release = (slot: Slot, runKey: string): void => {
    const entry = slot.sessions.get(runKey);
    if (entry === undefined) return;
    clearTimeout(entry.timer);
    slot.sessions.delete(runKey);
    closing.push(entry.session.close().catch((error: unknown) => log.error(`closing run ${runKey}: ${String(error)}`)));
  };

  const sessionFor = async (slot: Slot, runKey: string): Promise<SessionEntry> => {
    const existing = slot.sessions.get(runKey);
    if (existing !== undefined) return existing;
    const spec = await loadRunSpec(queue, runKey);
    if (spec === undefined) throw new UnrecoverableError(queueRunUnknown(runKey, target.queueName).message);
    const sessionLog = log.child(`run ${runKey}`);
    const environment = await options.openEnvironment(spec, sessionLog);
    const session = openFrameSession({
      spec,
      environment,
      name: processScopedName(`s${slot.index}`),
      log: sessionLog,
      ...(options.profile ? { profile: options.profile } : {}),
    });
    const entry: SessionEntry = { session };
    slot.sessions.set(runKey, entry);
    return entry;
  };

  const processor = async (job: Job<FrameJobData, FrameJobResult>): Promise<FrameJobResult> => {
    const { runKey, frame } = job.data;
    const slot = slots.find((s) => !s.busy && s.sessions.has(runKey)) ?? slots.find((s) => !s.busy);
    if (slot === undefined) throw new Error(`worker ${name}: no free slot for frame ${frame} (concurrency ${concurrency})`);
    slot.busy = true;
    try {
      const entry = await sessionFor(slot, runKey);
      clearTimeout(entry.timer);
      options.onFrameStart?.({ runKey, frame, attempt: job.attemptsMade + 1 });
      const outcome = await entry.session.process(frame);
      if (entry.session.broken !== undefined) release(slot, runKey);
      options.onFrame?.({ runKey, frame, status: outcome.status, durationMs: outcome.durationMs, ...(outcome.error ? { error: outcome.error } : {}) });
      if (outcome.status === 'failed') throw outcome.error ?? new Error(`frame ${frame} failed`);
      return { frame, worker: name, durationMs: Math.round(outcome.durationMs) };
    } finally {
      slot.busy = false;
      const entry = slot.sessions.get(runKey);
      if (entry !== undefined) {
        entry.timer = setTimeout(() => {
          if (!slot.busy) release(slot, runKey);
        }, idleCloseMs);
        entry.timer.unref();
      }
    }
  };

  const worker = new Worker<FrameJobData, FrameJobResult>(target.queueName, processor, {
    connection: target.connection,
    concurrency,
    lockDuration: options.lockDurationMs ?? 30_000,
    stalledInterval: options.stalledIntervalMs ?? 30_000,
    maxStalledCount: options.maxStalledCount ?? 2,
  });
  worker.on('error', (error) => log.error(`worker ${name}: ${error.message}`));
  worker.on('failed', (job, error) => {
    if (job !== undefined) log.warn(`frame ${job.data.frame} of run ${job.data.runKey} failed (attempt ${job.attemptsMade}): ${error.message}`);
  });
  await worker.waitUntilReady();
  log.info(`worker ${name} listening on ${target.url} queue '${target.queueName}' (concurrency ${concurrency})`);

  return {
    name,
    async close() {
      await worker.close();
      for (const slot of slots) for (const runKey of [...slot.sessions.keys()]) release(slot, runKey);
      await Promise.all(closing);
      await queue.close();
    },
  };
}
