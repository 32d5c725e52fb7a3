import type { JobType, Queue } from 'bullmq';
import { publishedClaims } from './frame-claims.js';
import { jobFrames, parseFrameJobId, type ChunkJobProgress, type FrameJobData } from './run-spec.js';

/** Job states grouped the way `aquamvs status` shows them. */
const STATE_GROUPS = {
  done: ['completed'],
  running: ['active'],
  failed: ['failed'],
  waiting: ['wait', 'paused', 'delayed', 'prioritized', 'waiting-children'],
} as const satisfies Record<string, readonly JobType[]>;

/** A status group of {@link STATE_GROUPS}. */
export type StateGroup = keyof typeof STATE_GROUPS;

/** Where the frames of one run stand in the queue. */
export type RunFrameStates = Record<StateGroup, number[]> & {
  /** The id of the job that holds each frame. */
  readonly jobOf: Map<number, string>;
  /** A chunk's frame that failed in a job that failed: its own error (the job's `failedReason` names the first). */
  readonly errors: Map<number, string>;
};

/** No frame in any state. */
export const noFrameStates = (): RunFrameStates => ({ done: [], running: [], failed: [], waiting: [], jobOf: new Map(), errors: new Map() });

/**
 * Frame indices of each run (by run key) in each state group. A one-frame job's state is its frame's, read from the
 * queue's id lists alone; a chunk's frames are read from its job and the run's publication claims: a frame its job
 * published is done whatever the job's state, the frame a running chunk computes is running and the rest wait, and
 * the unpublished frames of a failed chunk are failed.
 */
export async function framesByState(queue: Queue): Promise<Map<string, RunFrameStates>> {
  const byRun = new Map<string, RunFrameStates>();
  const claims = new Map<string, Promise<ReadonlySet<number>>>();
  const published = (runKey: string): Promise<ReadonlySet<number>> => {
    let read = claims.get(runKey);
    if (read === undefined) {
      read = publishedClaims(queue, runKey).then((all) => new Set(all.keys()));
      claims.set(runKey, read);
    }
    return read;
  };
  for (const group of Object.keys(STATE_GROUPS) as StateGroup[]) {
    const ids = await queue.getRanges([...STATE_GROUPS[group]], 0, -1, true);
    for (const id of ids) {
      const parsed = parseFrameJobId(id);
      if (parsed === undefined) continue;
      let entry = byRun.get(parsed.runKey);
      if (entry === undefined) {
        entry = noFrameStates();
        byRun.set(parsed.runKey, entry);
      }
      if (parsed.last === undefined) {
        entry[group].push(parsed.frame);
        entry.jobOf.set(parsed.frame, id);
        continue;
      }
      const job = await queue.getJob(id);
      if (job === undefined) continue; // removed between the two reads
      const data = job.data as FrameJobData;
      const progress = (typeof job.progress === 'object' ? job.progress : {}) as ChunkJobProgress;
      const done = group === 'done' ? undefined : await published(parsed.runKey);
      for (const frame of jobFrames(data)) {
        entry.jobOf.set(frame, id);
        if (done === undefined || done.has(frame)) entry.done.push(frame);
        else if (group === 'running') (frame === progress.frame ? entry.running : entry.waiting).push(frame);
        else {
          entry[group].push(frame);
          const error = progress.failed?.[String(frame)];
          if (group === 'failed' && error !== undefined) entry.errors.set(frame, error);
        }
      }
    }
  }
  for (const entry of byRun.values()) {
    for (const group of Object.keys(STATE_GROUPS) as StateGroup[]) entry[group].sort((a, b) => a - b);
  }
  return byRun;
}
