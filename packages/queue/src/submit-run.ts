import { mkdir } from 'node:fs/promises';
import { configToYaml, createOutputWriter, processingConfigHash, readRunManifest, type AquamvsConfig } from '@aquamvs/core';
import type { JobsOptions, Queue } from 'bullmq';
import { queueOptionInvalid } from './errors.js';
import { clearClaims } from './frame-claims.js';
import { framesByState } from './frame-jobs.js';
import { frameJobId, runKeyFor, saveRunSpec, type FrameJobData, type RunSpec } from './run-spec.js';

/** Options of {@link submitRun}. */
export interface SubmitRunOptions {
  /** The loaded config with paths resolved and overrides applied. */
  readonly config: AquamvsConfig;
  readonly configDir: string;
  /** Frames of the run (e.g. `frameRange(frameSource.frameCount, …)`). */
  readonly frames: readonly number[];
  /** @default resolved config.output_dir */
  readonly outputDir?: string;
  /** Redo frames finished earlier (in `run.json` or as completed jobs). @default false */
  readonly force?: boolean;
  /** Attempts per frame before it is marked failed. @default 3 */
  readonly attempts?: number;
  /** Delay before a failed frame is retried, ms. @default 1000 */
  readonly backoffMs?: number;
  /**
   * Fingerprint of the run-wide inputs (calibration, masks): part of the run's config hash, so an edited
   * calibration makes a new run instead of skipping frames finished with the old one. @default ''
   */
  readonly inputsFingerprint?: string;
  /** Fingerprint of what a frame is made from (`FrameSource.fingerprint`): a frame done with other inputs is redone. */
  readonly frameFingerprint?: (frame: number) => Promise<string>;
}

/** What {@link submitRun} did. */
export interface SubmitRunResult {
  readonly spec: RunSpec;
  /** Frames given a new job. */
  readonly enqueued: readonly number[];
  /** Frames whose job already existed (waiting, running or done): left alone. */
  readonly existing: readonly number[];
  /** Frames whose job had failed: retried. */
  readonly retried: readonly number[];
  /** Frames already done in `run.json` with the same config hash: not enqueued. */
  readonly skipped: readonly number[];
}

const BULK = 500;

/**
 * Enqueues one job per frame of a run. Idempotent: job ids are `<runKey>-f<frame>`, so re-submitting leaves
 * waiting, running and finished frames alone and only retries failed ones (or redoes everything with `force`).
 * @example
 * const { spec, enqueued } = await submitRun(queue, { config, configDir, frames: [0, 1, 2] });
 */
export async function submitRun(queue: Queue, options: SubmitRunOptions): Promise<SubmitRunResult> {
  const attempts = options.attempts ?? 3;
  if (!Number.isInteger(attempts) || attempts < 1) throw queueOptionInvalid('attempts', 'an integer >= 1', attempts);
  const outputDir = options.outputDir ?? options.config.output_dir;
  const configHash = processingConfigHash(options.config, options.inputsFingerprint ?? '');
  const runKey = runKeyFor(outputDir, configHash);
  await mkdir(outputDir, { recursive: true });
  await createOutputWriter(outputDir).writeFile('config.yaml', configToYaml(options.config));
  const manifest = await readRunManifest(outputDir);
  const inputHashes: Record<string, string> = {};
  if (options.frameFingerprint !== undefined) {
    for (const frame of options.frames) inputHashes[String(frame)] = await options.frameFingerprint(frame);
  }
  const isDone = (f: number): boolean => {
    const entry = manifest.frames[String(f)];
    return entry?.status === 'done' && entry.configHash === configHash && entry.inputHash === inputHashes[String(f)];
  };
  const force = options.force ?? false;
  const skipped = force ? [] : options.frames.filter(isDone);
  const spec: RunSpec = {
    runKey,
    config: options.config,
    configDir: options.configDir,
    outputDir,
    configHash,
    frames: [...options.frames],
    skipped,
    attempts,
    ...(options.frameFingerprint === undefined ? {} : { inputHashes }),
    submittedAt: new Date().toISOString(),
  };
  await saveRunSpec(queue, spec);

  const states = (await framesByState(queue)).get(runKey) ?? { done: [], running: [], failed: [], waiting: [] };
  const wanted = new Set(options.frames.filter((f) => !skipped.includes(f)));
  const failed = states.failed.filter((f) => wanted.has(f));
  // A frame the queue finished whose inputs have changed since (run.json recorded other input fingerprints): its
  // completed job would keep it "done", so it is removed and the frame enqueued again.
  const changedInputs = force
    ? []
    : states.done.filter((f) => {
        const entry = manifest.frames[String(f)];
        return wanted.has(f) && entry?.status === 'done' && entry.configHash === configHash && entry.inputHash !== inputHashes[String(f)];
      });
  for (const frame of changedInputs) await queue.remove(frameJobId(runKey, frame));
  await clearClaims(queue, runKey, changedInputs);
  if (force) {
    for (const frame of [...states.done, ...states.failed, ...states.waiting]) {
      if (wanted.has(frame)) await queue.remove(frameJobId(runKey, frame));
    }
    await clearClaims(
      queue,
      runKey,
      [...wanted].filter((f) => !states.running.includes(f)),
    );
  } else {
    for (const frame of failed)
      await (await queue.getJob(frameJobId(runKey, frame)))?.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
  }
  const present = new Set(
    force ? states.running : [...states.done.filter((f) => !changedInputs.includes(f)), ...states.running, ...states.waiting, ...states.failed],
  );
  const toAdd = [...wanted].filter((f) => !present.has(f)).sort((a, b) => a - b);
  const jobOptions = (frame: number): JobsOptions => ({
    jobId: frameJobId(runKey, frame),
    attempts,
    backoff: { type: 'fixed', delay: options.backoffMs ?? 1000 },
    removeOnComplete: false,
    removeOnFail: false,
  });
  for (let i = 0; i < toAdd.length; i += BULK) {
    const chunk = toAdd.slice(i, i + BULK);
    await queue.addBulk(chunk.map((frame) => ({ name: 'frame', data: { runKey, frame } satisfies FrameJobData, opts: jobOptions(frame) })));
  }
  return {
    spec,
    enqueued: toAdd,
    existing: [...wanted].filter((f) => present.has(f) && !failed.includes(f)).sort((a, b) => a - b),
    retried: force ? [] : failed,
    skipped,
  };
}
