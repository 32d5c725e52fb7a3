import { mkdir } from 'node:fs/promises';
import { configToYaml, createOutputWriter, processingConfigHash, readRunManifest, type AquamvsConfig } from '@aquamvs/core';
import type { JobsOptions, Queue } from 'bullmq';
import { queueOptionInvalid } from './errors.js';
import { clearClaims } from './frame-claims.js';
import { framesByState, noFrameStates } from './frame-jobs.js';
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
  /** Attempts per job before its unpublished frames are marked failed. @default 3 */
  readonly attempts?: number;
  /**
   * Frames per job: each job processes this many consecutive frames of the run, in order, in one prepared run of
   * one worker slot. With `reconstruction.temporal_prior` that is what lets a frame be swept around the one before
   * it: on the queue a frame uses the prior only from the frame before it in its own job, so which frames use it
   * does not depend on which worker took which job. @default 1
   */
  readonly chunkFrames?: number;
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
 * Enqueues one job per frame of a run, or per `chunkFrames` consecutive frames. Idempotent: job ids are
 * `<runKey>-f<frame>` (`<runKey>-f<first>-<last>` for a chunk), so re-submitting leaves waiting, running and finished
 * frames alone and only retries failed ones (or redoes everything with `force`).
 * @example
 * const { spec, enqueued } = await submitRun(queue, { config, configDir, frames: [0, 1, 2] });
 */
export async function submitRun(queue: Queue, options: SubmitRunOptions): Promise<SubmitRunResult> {
  const attempts = options.attempts ?? 3;
  if (!Number.isInteger(attempts) || attempts < 1) throw queueOptionInvalid('attempts', 'an integer >= 1', attempts);
  const chunkFrames = options.chunkFrames ?? 1;
  if (!Number.isInteger(chunkFrames) || chunkFrames < 1) throw queueOptionInvalid('chunkFrames', 'an integer >= 1', chunkFrames);
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

  const states = (await framesByState(queue)).get(runKey) ?? noFrameStates();
  const wanted = new Set(options.frames.filter((f) => !skipped.includes(f)));
  const failed = states.failed.filter((f) => wanted.has(f));
  // Every frame of a running job is left to it (a running chunk's later frames too): a job cannot be removed mid-run.
  const runningJobs = new Set(states.running.map((f) => states.jobOf.get(f)));
  const inRunningJob = (f: number): boolean => runningJobs.has(states.jobOf.get(f));
  const removed = new Set<string>();
  const removeJobsOf = async (frames: readonly number[]): Promise<void> => {
    for (const frame of frames) {
      const id = states.jobOf.get(frame);
      if (id === undefined || removed.has(id) || runningJobs.has(id)) continue;
      await queue.remove(id);
      removed.add(id);
    }
  };
  // A frame the queue finished whose inputs have changed since (run.json recorded other input fingerprints): its
  // completed job would keep it "done", so it is removed and the frame enqueued again.
  const changedInputs = force
    ? []
    : states.done.filter((f) => {
        const entry = manifest.frames[String(f)];
        return wanted.has(f) && entry?.status === 'done' && entry.configHash === configHash && entry.inputHash !== inputHashes[String(f)];
      });
  await removeJobsOf(changedInputs);
  await clearClaims(queue, runKey, changedInputs);
  if (force) {
    await removeJobsOf([...states.done, ...states.failed, ...states.waiting].filter((f) => wanted.has(f)));
    await clearClaims(
      queue,
      runKey,
      [...wanted].filter((f) => !inRunningJob(f)),
    );
  } else {
    for (const id of new Set(failed.map((f) => states.jobOf.get(f))))
      if (id !== undefined) await (await queue.getJob(id))?.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
  }
  // A frame keeps its job unless that job was removed above (the other frames of a removed chunk are enqueued again;
  // a worker finds those already published and does not compute them again).
  const present = new Set(
    [...states.done, ...states.running, ...states.waiting, ...states.failed].filter((f) => {
      const id = states.jobOf.get(f);
      return id !== undefined && !removed.has(id);
    }),
  );
  const toAdd = [...wanted].filter((f) => !present.has(f)).sort((a, b) => a - b);
  const jobOptions = (jobId: string): JobsOptions => ({
    jobId,
    attempts,
    backoff: { type: 'fixed', delay: options.backoffMs ?? 1000 },
    removeOnComplete: false,
    removeOnFail: false,
  });
  const jobs = [];
  for (let i = 0; i < toAdd.length; i += chunkFrames) {
    const frames = toAdd.slice(i, i + chunkFrames);
    const [first] = frames;
    const last = frames[frames.length - 1];
    const data: FrameJobData = frames.length > 1 ? { runKey, frame: first, frames } : { runKey, frame: first };
    jobs.push({ name: 'frame', data, opts: jobOptions(frameJobId(runKey, first, last)) });
  }
  for (let i = 0; i < jobs.length; i += BULK) await queue.addBulk(jobs.slice(i, i + BULK));
  return {
    spec,
    enqueued: toAdd,
    existing: [...wanted].filter((f) => present.has(f) && !failed.includes(f)).sort((a, b) => a - b),
    retried: force ? [] : failed,
    skipped,
  };
}
