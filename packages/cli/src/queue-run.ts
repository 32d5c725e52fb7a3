import { resolve } from 'node:path';
import { AquamvsError, frameRange, keptFramesNotice, readRunManifest, withRepeatedImageCheck } from '@aquamvs/core';
import { connectQueue, followRun, queueTarget, submitRun, type FollowedRun, type RunStatus } from '@aquamvs/queue';
import type { CommandContext } from './commands/command-context.js';
import { checkSourceInputs, loadRunCalibration } from './check-run-inputs.js';
import { loadRunConfig, type ExecuteRunOptions } from './execute-run.js';
import { openConfiguredFrameSource } from './frame-source-for-config.js';
import { runInputsFingerprint } from './run-inputs-fingerprint.js';
import { frameList } from './frames-by-cause.js';
import { reportDegradedFrames } from './frames-degraded.js';
import { MADE_BY } from './cli-version.js';

/** `aquamvs run CONFIG --queue URL` flags. */
export interface QueueRunOptions extends ExecuteRunOptions {
  /** `redis://HOST:PORT[/DB]`. */
  queue: string;
  /** BullMQ queue name. @default 'aquamvs-frames' */
  queueName?: string;
  /** Attempts per job before its unpublished frames are marked failed (commander passes text). @default 3 */
  attempts?: number | string;
  /**
   * Consecutive frames per job (commander passes text). @default 1, or {@link TEMPORAL_PRIOR_CHUNK} with
   * `reconstruction.temporal_prior`
   */
  chunk?: number | string;
  /** Enqueue and return without waiting for the workers. */
  detach?: boolean;
}

/** Frames per job when the temporal prior is on and `--chunk` is not given: each job's first frame is swept from scratch. */
const TEMPORAL_PRIOR_CHUNK = 10;

const summaryLine = (s: RunStatus): string =>
  `${s.done.length}/${s.total} done, ${s.running.length} running, ${s.waiting.length} waiting, ${s.failed.length} failed`;

/**
 * Enqueues one job per frame (or per `--chunk` frames) of a config on the queue at `options.queue` and follows the run
 * until every frame is done or failed (workers: `aquamvs worker --queue …`); keeps `run.json` in step. Sets exit code 1
 * when frames failed.
 */
export async function submitAndFollow(configPath: string, options: QueueRunOptions, context: CommandContext): Promise<RunStatus | undefined> {
  for (const [flag, value] of [
    ['--attempts', options.attempts],
    ['--chunk', options.chunk],
  ] as const) {
    if (value !== undefined && !(Number.isSafeInteger(Number(value)) && Number(value) >= 1))
      throw new AquamvsError('AQM_ERR_QUEUE_OPTION_INVALID', `${flag}: expected an integer >= 1, got '${value}'`);
  }
  const { config, configDir, log } = await loadRunConfig(configPath, options);
  if (options.profile)
    log.warn('--profile has no effect with --queue: profile the workers (aquamvs worker --profile), then aquamvs status --merge-profiles DIR');
  const prior = config.reconstruction.temporal_prior;
  const chunkFrames = options.chunk === undefined ? (prior ? TEMPORAL_PRIOR_CHUNK : 1) : Number(options.chunk);
  // On the queue the prior reaches a frame only from the frame before it in its own job, so which frames use it does
  // not depend on which worker takes which job.
  if (prior && chunkFrames === 1)
    log.warn(
      'reconstruction.temporal_prior with --queue --chunk 1: every job is one frame, so every frame is swept from scratch (the prior reaches a frame only from the frame before it in its job)',
    );
  else if (prior)
    log.info(
      `reconstruction.temporal_prior with --queue: jobs of ${chunkFrames} consecutive frames; each job's first frame is swept from scratch, the others around the frame before them (run.json: provenance["plane-sweep"].temporalPrior)`,
    );
  // The same checks as a run without the queue, in the same order, before any job exists: a worker never meets a bad
  // calibration, a missing camera or a short video that the submitter could have seen.
  const calibration = await loadRunCalibration(config);
  const opened = await openConfiguredFrameSource(config, log);
  // Fingerprints as a worker's check reads the frames: each covers the two frames before (preprocessing.repeated_image_check).
  const source = config.preprocessing.repeated_image_check ? withRepeatedImageCheck(opened) : opened;
  let frames: number[];
  let inputsFingerprint: string;
  try {
    if (calibration !== undefined) await checkSourceInputs(config, configPath, calibration, opened, (line) => log.warn(line));
    inputsFingerprint = await runInputsFingerprint(config, configDir);
    const { frame_start, frame_stop, frame_step } = config.preprocessing;
    frames = frameRange(source.frameCount, frame_start, frame_stop, frame_step);
  } catch (error) {
    await source.close();
    throw error;
  }

  const target = queueTarget(options.queue, options.queueName);
  let queue: Awaited<ReturnType<typeof connectQueue>>;
  try {
    queue = await connectQueue(target);
  } catch (error) {
    await source.close();
    throw error;
  }
  try {
    const submitted = await submitRun(queue, {
      config,
      configDir,
      frames,
      force: options.force ?? false,
      inputsFingerprint,
      // An input that cannot be read gets an empty fingerprint: the frame is never skipped, and fails in a worker.
      ...(source.fingerprint === undefined
        ? {}
        : { frameFingerprint: (frame: number) => (source.fingerprint?.(frame) ?? Promise.resolve('')).catch(() => '') }),
      ...(options.attempts === undefined ? {} : { attempts: Number(options.attempts) }),
      chunkFrames,
    }).finally(() => source.close());
    const { spec } = submitted;
    log.info(
      `run ${spec.runKey} → ${target.url} queue '${target.queueName}': ${submitted.enqueued.length} frame(s) enqueued, ` +
        `${submitted.existing.length} already queued or done, ${submitted.retried.length} failed retried, ${submitted.skipped.length} skipped (done in run.json)`,
    );
    // As a run without the queue: kept frames that another version made are named (the workers record their own).
    const kept = keptFramesNotice(await readRunManifest(spec.outputDir), submitted.skipped, MADE_BY);
    if (kept !== undefined) log.warn(kept);
    if (options.detach) {
      context.streams.stdout.write(`${spec.runKey}\n`);
      return undefined;
    }
    const abort = new AbortController();
    const stop = (): void => abort.abort();
    process.once('SIGINT', stop);
    let last = '';
    let status: FollowedRun;
    try {
      status = await followRun(queue, spec, {
        signal: abort.signal,
        onStatus: (s) => {
          const line = summaryLine(s);
          if (line !== last) log.info(`run ${spec.runKey}: ${line}`);
          last = line;
        },
      });
    } finally {
      process.off('SIGINT', stop);
    }
    if (abort.signal.aborted)
      log.info(`stopped following run ${spec.runKey}; its frames go on in the workers (aquamvs status --queue ${target.url})`);
    for (const f of status.failed) log.error(`frame ${f.frame} failed after ${f.attempts} attempt(s): ${f.error}`);
    if (status.missing.length > 0) log.warn(`frame(s) ${status.missing.join(', ')} have no job in the queue; submit the run again`);
    // Frames a worker finished without some cameras: exit 2 as a run without the queue does (run.json names them).
    reportDegradedFrames(status.degraded, resolve(spec.outputDir, 'run.json'), context);
    if (status.failed.length > 0) {
      context.streams.stderr.write(
        `error AQM_ERR_FRAMES_FAILED: ${status.failed.length} frame(s) failed (${frameList(status.failed.map((f) => f.frame).sort((a, b) => a - b))}); see ${resolve(spec.outputDir, 'run.json')}\n`,
      );
      context.setExitCode(1);
    }
    return status;
  } finally {
    await queue.close();
  }
}
