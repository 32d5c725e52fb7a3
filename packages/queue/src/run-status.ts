import type { Queue } from 'bullmq';
import { duplicateCounts, publishedClaims } from './frame-claims.js';
import { framesByState, noFrameStates } from './frame-jobs.js';
import { listRunSpecs, loadRunSpec, type RunSpec } from './run-spec.js';

/** A frame that used up its attempts. */
interface FrameFailure {
  readonly frame: number;
  readonly attempts: number;
  readonly error: string;
}

/** Where every frame of a run stands, read from the queue (the source of truth while a run is in progress). */
export interface RunStatus {
  readonly runKey: string;
  readonly outputDir: string;
  readonly submittedAt: string;
  readonly total: number;
  /** Finished frames: completed jobs and frames already done in `run.json` at submission. */
  readonly done: readonly number[];
  readonly running: readonly number[];
  /** Waiting for a worker, or for a retry after a failed attempt or a lost worker. */
  readonly waiting: readonly number[];
  readonly failed: readonly FrameFailure[];
  /** Frames of the run with no job (removed from the queue by hand): nothing will process them. */
  readonly missing: readonly number[];
  /**
   * Frames computed more than once because a worker lost a job's lock while computing (e.g. a suspended machine)
   * and another took the job over: the frame was published once, each later copy discarded and counted here.
   */
  readonly duplicates: readonly { readonly frame: number; readonly discarded: number }[];
}

/** True when no frame of the run is waiting or running. */
export function isSettled(status: RunStatus): boolean {
  return status.waiting.length === 0 && status.running.length === 0;
}

/**
 * The status of one run (`runKey`) or of every run submitted to the queue, oldest first.
 * @example
 * for (const run of await readRunStatuses(queue)) console.log(run.runKey, run.done.length, '/', run.total);
 */
export async function readRunStatuses(queue: Queue, runKey?: string): Promise<RunStatus[]> {
  const specs = runKey === undefined ? await listRunSpecs(queue) : [await loadRunSpec(queue, runKey)].filter((s): s is RunSpec => s !== undefined);
  const states = await framesByState(queue);
  const statuses: RunStatus[] = [];
  for (const spec of specs) {
    const state = states.get(spec.runKey) ?? noFrameStates();
    const failed: FrameFailure[] = [];
    for (const frame of state.failed) {
      const id = state.jobOf.get(frame);
      const job = id === undefined ? undefined : await queue.getJob(id);
      failed.push({ frame, attempts: job?.attemptsMade ?? 0, error: state.errors.get(frame) ?? job?.failedReason ?? 'unknown error' });
    }
    const done = [...new Set([...spec.skipped, ...state.done])].sort((a, b) => a - b);
    const known = new Set([...done, ...state.running, ...state.waiting, ...state.failed]);
    statuses.push({
      runKey: spec.runKey,
      outputDir: spec.outputDir,
      submittedAt: spec.submittedAt,
      total: spec.frames.length,
      done,
      running: state.running,
      waiting: state.waiting,
      failed,
      missing: spec.frames.filter((f) => !known.has(f)),
      duplicates: [...(await duplicateCounts(queue, spec.runKey))].sort(([a], [b]) => a - b).map(([frame, discarded]) => ({ frame, discarded })),
    });
  }
  return statuses;
}

/** A frame done without some of its cameras (as `preprocessing.min_cameras` allows): camera → reason. */
export interface DegradedFrame {
  readonly frame: number;
  readonly cameras: Readonly<Record<string, string>>;
}

/**
 * The frames of `status.done` that the workers finished without some cameras, read from the records their publishers
 * left (one read for the whole run, however many frames), leaving out `exclude` (e.g. the frames skipped as done in
 * `run.json` at submission).
 */
export async function degradedFrames(queue: Queue, status: RunStatus, exclude: readonly number[] = []): Promise<DegradedFrame[]> {
  const skipped = new Set(exclude);
  const claims = await publishedClaims(queue, status.runKey);
  const degraded: DegradedFrame[] = [];
  for (const frame of status.done) {
    if (skipped.has(frame)) continue;
    const cameras = claims.get(frame)?.record?.droppedCameras;
    if (cameras !== undefined && Object.keys(cameras).length > 0) degraded.push({ frame, cameras });
  }
  return degraded;
}
