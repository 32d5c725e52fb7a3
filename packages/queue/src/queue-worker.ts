import { hostname } from 'node:os';
import { messageOf, silentLogger, type Logger } from '@aquamvs/core';
import { UnrecoverableError, Worker, type Job, type Queue } from 'bullmq';
import { queueEnvironment, queueOptionInvalid, queueRunUnknown } from './errors.js';
import { claimFrame, countDuplicate, publishedClaim, publishedClaims, withdrawClaim, type FrameClaim } from './frame-claims.js';
import { connectQueue } from './open-queue.js';
import type { QueueTarget } from './queue-connection.js';
import {
  jobFrames,
  loadRunSpec,
  type ChunkJobProgress,
  type ChunkJobResult,
  type FrameJobData,
  type FrameJobResult,
  type RunSpec,
} from './run-spec.js';
import { fromThreadError, type ComputedFrame, type EnvironmentModule } from './slot-protocol.js';
import { SlotThread } from './slot-thread.js';

/** Options of {@link startQueueWorker}. */
export interface QueueWorkerOptions {
  readonly target: QueueTarget;
  /**
   * The module that opens a run's frame source and stage plugins on this machine (its `openRunEnvironment`
   * export, an `OpenRunEnvironment`); each slot's frame thread imports it.
   */
  readonly environment: EnvironmentModule;
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
interface WorkerFrameEvent {
  readonly runKey: string;
  readonly frame: number;
  /** `duplicate`: computed, but another attempt had published the frame meanwhile; this copy was discarded. */
  readonly status: 'done' | 'failed' | 'duplicate';
  readonly durationMs: number;
  readonly error?: Error;
}

/** A chunk's progress: the frame it computes now, and the errors of its frames that failed in this attempt. */
function chunkProgress(frame: number | undefined, failed: readonly { frame: number; error: Error }[]): ChunkJobProgress {
  return { ...(frame === undefined ? {} : { frame }), failed: Object.fromEntries(failed.map((f) => [String(f.frame), f.error.message])) };
}

/** A running worker. */
export interface QueueWorker {
  /** `<host>-<pid>`. */
  readonly name: string;
  /** Waits for the frames in progress, then ends every prepared run and disconnects. */
  close(): Promise<void>;
}

interface Slot {
  readonly index: number;
  busy: boolean;
  readonly thread: SlotThread;
  /** Idle timers of the runs prepared in this slot's thread. */
  readonly idle: Map<string, NodeJS.Timeout>;
}

/**
 * Processes frame jobs from the queue. Each of the `concurrency` slots is a worker thread that keeps one prepared
 * run per run key (the stages' `prepare()` runs once per run and slot, not once per frame) and runs the stages, so
 * this thread's event loop stays free for BullMQ's lock renewal, the stalled-job check and signals however long a
 * frame computes. A frame is published once: a computation of a frame that another attempt already published
 * (after a lost lock) is discarded and counted (`RunStatus.duplicates`).
 * @example
 * const worker = await startQueueWorker({ target: queueTarget('redis://127.0.0.1:6379'), environment: { module: new URL('./env.js', import.meta.url) } });
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
  const specs = new Map<string, RunSpec>();
  const slots: Slot[] = Array.from({ length: concurrency }, (_, index) => ({
    index,
    busy: false,
    thread: new SlotThread(index, options.environment, log, options.profile),
    idle: new Map(),
  }));
  const closing: Promise<void>[] = [];
  try {
    await Promise.all(slots.map((slot) => slot.thread.start()));
  } catch (error) {
    await Promise.all(slots.map((slot) => slot.thread.close()));
    await queue.close();
    throw queueEnvironment(String(options.environment.module), error);
  }

  const release = (slot: Slot, runKey: string): void => {
    clearTimeout(slot.idle.get(runKey));
    slot.idle.delete(runKey);
    closing.push(slot.thread.release(runKey).catch((error: unknown) => log.error(`closing run ${runKey}: ${messageOf(error)}`)));
  };

  const specFor = async (runKey: string): Promise<RunSpec> => {
    const spec = specs.get(runKey) ?? (await loadRunSpec(queue, runKey));
    if (spec === undefined) {
      // BullMQ keeps only the message of a failed job: the code goes into it, as the CLI prints an error.
      const unknown = queueRunUnknown(runKey, target.queueName);
      throw new UnrecoverableError(`${unknown.code}: ${unknown.message}`);
    }
    specs.set(runKey, spec);
    return spec;
  };

  /** Publishes a computed frame unless another attempt published it first; false when this one was discarded. */
  const publishOnce = async (slot: Slot, spec: RunSpec, frame: number, attempt: number, computed: ComputedFrame): Promise<boolean> => {
    const claim: FrameClaim = {
      worker: name,
      attempt,
      at: new Date().toISOString(),
      durationMs: Math.round(computed.durationMs),
      ...(computed.record === undefined ? {} : { record: computed.record }),
    };
    if (!(await claimFrame(queue, spec.runKey, spec.outputDir, frame, claim))) {
      await slot.thread.discard(spec.runKey, frame);
      await countDuplicate(queue, spec.runKey, frame);
      return false;
    }
    try {
      await slot.thread.publish(spec.runKey, frame);
    } catch (error) {
      await withdrawClaim(queue, spec.runKey, frame);
      throw error;
    }
    return true;
  };

  /** Computes and publishes one frame of a job: what the run.json of the run gets for it, or the error it failed with. */
  const processFrame = async (slot: Slot, spec: RunSpec, frame: number, attempt: number): Promise<FrameJobResult | Error> => {
    const { runKey } = spec;
    options.onFrameStart?.({ runKey, frame, attempt });
    const computed = await slot.thread.process(spec, frame);
    const error = computed.error === undefined ? undefined : fromThreadError(computed.error);
    const published = computed.status === 'done' && (await publishOnce(slot, spec, frame, attempt, computed));
    const status = computed.status === 'failed' ? 'failed' : published ? 'done' : 'duplicate';
    options.onFrame?.({ runKey, frame, status, durationMs: computed.durationMs, ...(error ? { error } : {}) });
    if (computed.status === 'failed') return error ?? new Error(`frame ${frame} failed`);
    // A discarded duplicate reports the copy that was published: that is what the output directory holds.
    const publisher = published ? { worker: name, record: computed.record } : await publishedClaim(queue, runKey, spec.outputDir, frame);
    return {
      frame,
      worker: publisher?.worker ?? name,
      durationMs: Math.round(computed.durationMs),
      ...(publisher?.record === undefined ? {} : { record: publisher.record }),
    };
  };

  /**
   * A retried chunk of a run with the temporal prior computes its published frames again, up to its first unpublished
   * frame, and discards them: that frame then gets the prior an uninterrupted job would have given it (the computation
   * is deterministic), so a worker killed mid-chunk leaves no trace in the results.
   */
  const replayPublished = async (slot: Slot, spec: RunSpec, frames: readonly number[]): Promise<void> => {
    const claims = await publishedClaims(queue, spec.runKey);
    const firstUnpublished = frames.findIndex((frame) => !claims.has(frame));
    if (firstUnpublished <= 0) return;
    const replay = frames.slice(0, firstUnpublished);
    log.info(
      `run ${spec.runKey}: computing frame(s) ${replay.join(', ')} again (published; not kept) for the temporal prior of frame ${frames[firstUnpublished]}`,
    );
    try {
      for (const frame of replay) {
        const computed = await slot.thread.process(spec, frame);
        if (computed.status === 'done') await slot.thread.discard(spec.runKey, frame);
      }
    } catch (error) {
      // The thread died: the first unpublished frame starts without the prior, as after any frame that failed.
      log.warn(
        `run ${spec.runKey}: computing frame(s) ${replay.join(', ')} again failed (${messageOf(error)}); frame ${frames[firstUnpublished]} is swept from scratch`,
      );
    }
  };

  const processor = async (job: Job<FrameJobData, ChunkJobResult>): Promise<ChunkJobResult> => {
    const { runKey } = job.data;
    const frames = jobFrames(job.data);
    const chunk = frames.length > 1;
    const attempt = job.attemptsMade + 1;
    const spec = await specFor(runKey);
    const slot = slots.find((s) => !s.busy && s.thread.runs.has(runKey)) ?? slots.find((s) => !s.busy);
    if (slot === undefined) throw new Error(`worker ${name}: no free slot for frame ${frames[0]} (concurrency ${concurrency})`);
    slot.busy = true;
    clearTimeout(slot.idle.get(runKey));
    try {
      // On the queue a frame is swept around the previous frame's depths only when that frame is the one before it in
      // the same job: the job starts from a fresh prepared run, so what it computes does not depend on the jobs this
      // slot took before.
      if (spec.config.reconstruction.temporal_prior) await slot.thread.release(runKey);
      const results: FrameJobResult[] = [];
      const failed: { frame: number; error: Error }[] = [];
      if (chunk) await job.updateProgress({} satisfies ChunkJobProgress);
      if (spec.config.reconstruction.temporal_prior && chunk) await replayPublished(slot, spec, frames);
      for (const frame of frames) {
        const earlier = await publishedClaim(queue, runKey, spec.outputDir, frame);
        if (earlier !== undefined) {
          // A chunk's retry finds its frames published by the attempt before it; a one-frame job finds its frame
          // published only when it was taken over from a worker that lost its lock: that is counted.
          if (!chunk) {
            await countDuplicate(queue, runKey, frame);
            log.warn(`frame ${frame} of run ${runKey} was already published by ${earlier.worker} (attempt ${earlier.attempt}); not computed again`);
          }
          results.push({ frame, worker: earlier.worker, durationMs: 0, ...(earlier.record === undefined ? {} : { record: earlier.record }) });
          continue;
        }
        if (chunk) await job.updateProgress(chunkProgress(frame, failed));
        // A frame thread that died (out of memory, a native crash) fails this frame; the next starts a fresh thread.
        const outcome = await processFrame(slot, spec, frame, attempt).catch((error: unknown) =>
          error instanceof Error ? error : new Error(messageOf(error)),
        );
        if (outcome instanceof Error) failed.push({ frame, error: outcome });
        else results.push(outcome);
      }
      if (chunk) await job.updateProgress(chunkProgress(undefined, failed));
      if (failed.length === 1) throw failed[0].error;
      if (failed.length > 1) throw new Error(`${failed.length} frames failed: ${failed.map((f) => f.error.message).join('; ')}`);
      return { frames: results };
    } finally {
      slot.busy = false;
      if (slot.thread.runs.has(runKey)) {
        const timer = setTimeout(() => {
          if (!slot.busy) release(slot, runKey);
        }, idleCloseMs);
        timer.unref();
        slot.idle.set(runKey, timer);
      }
    }
  };

  const worker = new Worker<FrameJobData, ChunkJobResult>(target.queueName, processor, {
    connection: target.connection,
    concurrency,
    lockDuration: options.lockDurationMs ?? 30_000,
    stalledInterval: options.stalledIntervalMs ?? 30_000,
    maxStalledCount: options.maxStalledCount ?? 2,
  });
  worker.on('error', (error) => log.error(`worker ${name}: ${error.message}`));
  worker.on('failed', (job, error) => {
    if (job === undefined) return;
    const frames = jobFrames(job.data);
    const what = frames.length > 1 ? `frames ${frames[0]}–${frames[frames.length - 1]}` : `frame ${frames[0]}`;
    log.warn(`${what} of run ${job.data.runKey} failed (attempt ${job.attemptsMade}): ${error.message}`);
  });
  await worker.waitUntilReady();
  log.info(`worker ${name} listening on ${target.url} queue '${target.queueName}' (concurrency ${concurrency})`);

  return {
    name,
    async close() {
      await worker.close();
      for (const slot of slots) for (const timer of slot.idle.values()) clearTimeout(timer);
      await Promise.all(closing);
      await Promise.all(
        slots.map((slot) => slot.thread.close().catch((error: unknown) => log.error(`closing slot ${slot.index}: ${messageOf(error)}`))),
      );
      await queue.close();
    },
  };
}
