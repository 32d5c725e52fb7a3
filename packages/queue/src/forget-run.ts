import type { Queue } from 'bullmq';
import { clearClaims } from './frame-claims.js';
import { framesByState } from './frame-jobs.js';
import { deleteRunSpec } from './run-spec.js';

/**
 * Removes a run's finished, failed and waiting jobs and its spec from the queue (running jobs are left to end).
 * Output files are not touched; the next submission of the run enqueues its frames again unless `run.json`
 * says they are done. Returns how many jobs were removed.
 */
export async function forgetRun(queue: Queue, runKey: string): Promise<number> {
  const state = (await framesByState(queue)).get(runKey);
  let removed = 0;
  if (state !== undefined) {
    // A running chunk's waiting frames belong to a running job: left to end with it.
    const running = new Set(state.running.map((frame) => state.jobOf.get(frame)));
    const ids = new Set([...state.done, ...state.failed, ...state.waiting].map((frame) => state.jobOf.get(frame)));
    for (const id of ids) if (id !== undefined && !running.has(id)) removed += await queue.remove(id);
  }
  await deleteRunSpec(queue, runKey);
  await clearClaims(queue, runKey);
  return removed;
}
