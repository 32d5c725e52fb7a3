import type { JobType, Queue } from 'bullmq';
import { parseFrameJobId } from './run-spec.js';

/** Job states grouped the way `aquamvs status` shows them. */
const STATE_GROUPS = {
  done: ['completed'],
  running: ['active'],
  failed: ['failed'],
  waiting: ['wait', 'paused', 'delayed', 'prioritized', 'waiting-children'],
} as const satisfies Record<string, readonly JobType[]>;

/** A status group of {@link STATE_GROUPS}. */
export type StateGroup = keyof typeof STATE_GROUPS;

/** Frame indices of each run (by run key) in each state group, read from the queue's id lists (no job bodies). */
export async function framesByState(queue: Queue): Promise<Map<string, Record<StateGroup, number[]>>> {
  const byRun = new Map<string, Record<StateGroup, number[]>>();
  for (const group of Object.keys(STATE_GROUPS) as StateGroup[]) {
    const ids = await queue.getRanges([...STATE_GROUPS[group]], 0, -1, true);
    for (const id of ids) {
      const parsed = parseFrameJobId(id);
      if (parsed === undefined) continue;
      let entry = byRun.get(parsed.runKey);
      if (entry === undefined) {
        entry = { done: [], running: [], failed: [], waiting: [] };
        byRun.set(parsed.runKey, entry);
      }
      entry[group].push(parsed.frame);
    }
  }
  for (const entry of byRun.values()) {
    for (const list of Object.values(entry)) list.sort((a, b) => a - b);
  }
  return byRun;
}
