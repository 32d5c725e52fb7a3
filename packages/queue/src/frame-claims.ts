import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { frameDirName, type FrameRecord } from '@aquamvs/core';
import type { Queue } from 'bullmq';

/**
 * Which attempt published each frame of a run, kept in Redis beside the jobs, so a frame that is computed twice
 * (its worker lost the job's lock — suspended machine, Redis unreachable — and another worker took the job over)
 * is published once and the second computation is discarded and counted, not silently written again.
 */

/** Who published a frame. */
export interface FrameClaim {
  /** `<host>-<pid>` of the worker. */
  readonly worker: string;
  /** BullMQ job attempt (1-based) that published it. */
  readonly attempt: number;
  /** When it was published. */
  readonly at: string;
  /** How long the frame computed, ms. */
  readonly durationMs?: number;
  /** How the published copy was made: a later attempt that finds the frame published reports it, not its own. */
  readonly record?: FrameRecord;
}

const key = (queue: Queue, runKey: string, what: 'published' | 'duplicates'): string =>
  `${queue.opts.prefix ?? 'bull'}:${queue.name}:aquamvs-${what}:${runKey}`;

/** Lua commands BullMQ's client interface lacks (it has no HSETNX or HINCRBY of its own). */
const COMMANDS = {
  aquamvsHsetnx: "return redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2])",
  aquamvsHincrby: "return redis.call('HINCRBY', KEYS[1], ARGV[1], ARGV[2])",
} as const;

async function run(queue: Queue, command: keyof typeof COMMANDS, args: readonly (string | number)[]): Promise<number> {
  const client = await queue.client;
  client.defineCommand(command, { numberOfKeys: 1, lua: COMMANDS[command] });
  return Number(await client.runCommand(command, [...args]));
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

/** The claim of a frame whose directory is in place; undefined when none (a claim without files does not count). */
export async function publishedClaim(queue: Queue, runKey: string, outputDir: string, frame: number): Promise<FrameClaim | undefined> {
  const client = await queue.client;
  const text = await client.hget(key(queue, runKey, 'published'), String(frame));
  if (text === null || !(await exists(join(outputDir, frameDirName(frame))))) return undefined;
  return JSON.parse(text) as FrameClaim;
}

/** The claims of a run's published frames, by frame, in one read (whether their directories are in place is not checked). */
export async function publishedClaims(queue: Queue, runKey: string): Promise<Map<number, FrameClaim>> {
  const client = await queue.client;
  const all = await client.hgetall(key(queue, runKey, 'published'));
  return new Map(Object.entries(all).map(([frame, text]) => [Number(frame), JSON.parse(text) as FrameClaim]));
}

/**
 * Claims the right to publish a frame: true when no published copy exists (or its files are gone, e.g. a worker
 * died between claiming and renaming), false when another attempt already published it.
 */
export async function claimFrame(queue: Queue, runKey: string, outputDir: string, frame: number, claim: FrameClaim): Promise<boolean> {
  const client = await queue.client;
  const field = String(frame);
  const text = JSON.stringify(claim);
  if ((await run(queue, 'aquamvsHsetnx', [key(queue, runKey, 'published'), field, text])) === 1) return true;
  if ((await publishedClaim(queue, runKey, outputDir, frame)) !== undefined) return false;
  await client.hset(key(queue, runKey, 'published'), { [field]: text });
  return true;
}

/** Withdraws a claim whose publishing failed, so a retry can publish. */
export async function withdrawClaim(queue: Queue, runKey: string, frame: number): Promise<void> {
  const client = await queue.client;
  await client.hdel(key(queue, runKey, 'published'), String(frame));
}

/** Counts one discarded duplicate computation of `frame`. */
export async function countDuplicate(queue: Queue, runKey: string, frame: number): Promise<void> {
  await run(queue, 'aquamvsHincrby', [key(queue, runKey, 'duplicates'), String(frame), 1]);
}

/** Discarded duplicate computations per frame of a run. */
export async function duplicateCounts(queue: Queue, runKey: string): Promise<Map<number, number>> {
  const client = await queue.client;
  const all = await client.hgetall(key(queue, runKey, 'duplicates'));
  return new Map(Object.entries(all).map(([frame, count]) => [Number(frame), Number(count)]));
}

/** Forgets who published `frames` (or every frame) of a run: they are about to be redone (`force`) or forgotten. */
export async function clearClaims(queue: Queue, runKey: string, frames?: readonly number[]): Promise<void> {
  const client = await queue.client;
  if (frames === undefined) {
    await client.del(key(queue, runKey, 'published'), key(queue, runKey, 'duplicates'));
    return;
  }
  if (frames.length === 0) return;
  const fields = frames.map(String);
  await client.hdel(key(queue, runKey, 'published'), ...fields);
  await client.hdel(key(queue, runKey, 'duplicates'), ...fields);
}
