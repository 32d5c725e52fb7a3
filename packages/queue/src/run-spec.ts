import { createHash } from 'node:crypto';
import type { AquamvsConfig, FrameRecord } from '@aquamvs/core';
import type { Queue } from 'bullmq';

/** Everything a worker needs to process frames of one run; stored once per run in Redis. */
export interface RunSpec {
  /** `runKeyFor(outputDir, configHash)`; prefix of every job id of the run. */
  readonly runKey: string;
  /** The loaded config with paths resolved (absolute) and CLI overrides applied. */
  readonly config: AquamvsConfig;
  /** Directory that config `plugins:` paths resolve from. */
  readonly configDir: string;
  /** Absolute output directory every worker writes to (shared storage). */
  readonly outputDir: string;
  /** `processingConfigHash(config, inputsFingerprint)`. */
  readonly configHash: string;
  /** Every frame the run asked for. */
  readonly frames: readonly number[];
  /** Frames already finished (in `run.json`) when the run was submitted: not enqueued. */
  readonly skipped: readonly number[];
  /** Attempts per job before its unpublished frames are marked failed. */
  readonly attempts: number;
  /** Input fingerprint of each frame at submission (`run.json` records it with the frame, as a plain run does). */
  readonly inputHashes?: Readonly<Record<string, string>>;
  readonly submittedAt: string;
}

/** Job payload: the run and its frames (the spec stays in Redis once, not in every job). */
export interface FrameJobData {
  readonly runKey: string;
  /** The job's first frame. */
  readonly frame: number;
  /**
   * A chunk: consecutive frames of the run that one job processes in order in one prepared run (so each can be swept
   * around the one before, `reconstruction.temporal_prior`). Absent: the job is `frame` alone.
   */
  readonly frames?: readonly number[];
}

/** The frames of a job, in the order it processes them. */
export function jobFrames(data: FrameJobData): readonly number[] {
  return data.frames ?? [data.frame];
}

/** One frame a job finished (its own computation, or the copy another attempt had published). */
export interface FrameJobResult {
  readonly frame: number;
  readonly worker: string;
  readonly durationMs: number;
  /** How the frame was made (cameras gone without, fallbacks, stages' provenance), for the submitter's run.json. */
  readonly record?: FrameRecord;
}

/** What a finished job returns: each of its frames. */
export interface ChunkJobResult {
  readonly frames: readonly FrameJobResult[];
}

/** What a chunk job reports while it runs (BullMQ progress): the frame it computes, and its frames that failed so far. */
export interface ChunkJobProgress {
  readonly frame?: number;
  /** Frame → error message. */
  readonly failed?: Readonly<Record<string, string>>;
}

/** Identifies a run by where it writes and what it computes: 16 hex digits. */
export function runKeyFor(outputDir: string, configHash: string): string {
  return createHash('sha256').update(`${outputDir}\0${configHash}`).digest('hex').slice(0, 16);
}

/**
 * Job id of one frame of a run (`<runKey>-f<frame>`), or of a chunk from `frame` to `last` (`<runKey>-f<frame>-<last>`);
 * adding a job whose id exists is a no-op in BullMQ, so submission is idempotent.
 */
export function frameJobId(runKey: string, frame: number, last?: number): string {
  return last === undefined || last === frame ? `${runKey}-f${frame}` : `${runKey}-f${frame}-${last}`;
}

/** The run key and first frame of a job id made by {@link frameJobId} (`last` for a chunk); undefined for foreign ids. */
export function parseFrameJobId(id: string): { runKey: string; frame: number; last?: number } | undefined {
  const match = /^([0-9a-f]{16})-f(\d+)(?:-(\d+))?$/.exec(id);
  if (match === null) return undefined;
  return { runKey: match[1], frame: Number(match[2]), ...(match[3] === undefined ? {} : { last: Number(match[3]) }) };
}

const runsKey = (queue: Queue): string => `${queue.opts.prefix ?? 'bull'}:${queue.name}:aquamvs-runs`;

/** Stores a run's spec in the queue's Redis (hash field = run key). */
export async function saveRunSpec(queue: Queue, spec: RunSpec): Promise<void> {
  const client = await queue.client;
  await client.hset(runsKey(queue), { [spec.runKey]: JSON.stringify(spec) });
}

/** A run's spec, or undefined when the queue has none under that key. */
export async function loadRunSpec(queue: Queue, runKey: string): Promise<RunSpec | undefined> {
  const client = await queue.client;
  const text = await client.hget(runsKey(queue), runKey);
  return text === null ? undefined : (JSON.parse(text) as RunSpec);
}

/** Every run submitted to the queue, oldest first. */
export async function listRunSpecs(queue: Queue): Promise<RunSpec[]> {
  const client = await queue.client;
  const all = await client.hgetall(runsKey(queue));
  return Object.values(all)
    .map((text) => JSON.parse(text) as RunSpec)
    .sort((a, b) => a.submittedAt.localeCompare(b.submittedAt));
}

/** Removes a run's spec (its jobs are removed by {@link forgetRun}). */
export async function deleteRunSpec(queue: Queue, runKey: string): Promise<void> {
  const client = await queue.client;
  await client.hdel(runsKey(queue), runKey);
}
