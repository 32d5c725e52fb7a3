import type { Queue } from 'bullmq';
import { clearClaims } from './frame-claims.js';
import { framesByState } from './frame-jobs.js';
import { deleteRunSpec, frameJobId } from './run-spec.js';

/**
 * Removes a run's finished, failed and waiting jobs and its spec from the queue (running jobs are left to end).
 * Output files are not touched; the next submission of the run enqueues its frames again unless `run.json`
 * says they are done. Returns how many jobs were removed.
 */
export async function forgetRun(queue: Queue, runKey: string): Promise<number> {
  const state = (await framesByState(queue)).get(runKey);
  let removed = 0;
  for (const frame of state === undefined ? [] : [...state.done, ...state.failed, ...state.waiting]) {
    removed += await queue.remove(frameJobId(runKey, frame));
  }
  await deleteRunSpec(queue, runKey);
  await clearClaims(queue, runKey);
  return removed;
}
