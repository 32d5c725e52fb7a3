import { describe, expect, it } from 'vitest';
import { WorkerActivity } from './work-timing.js';

describe('WorkerActivity', () => {
  it("gives each thread one span from its first task's start to its last task's end, sorted, then forgets them", () => {
    const activity = new WorkerActivity();
    activity.record([
      { threadId: 3, startedEpochMs: 10, endedEpochMs: 20 },
      { threadId: 1, startedEpochMs: 12, endedEpochMs: 15 },
    ]);
    activity.record([{ threadId: 3, startedEpochMs: 5, endedEpochMs: 18 }]);
    expect(activity.take()).toEqual([
      { threadId: 1, startedEpochMs: 12, endedEpochMs: 15 },
      { threadId: 3, startedEpochMs: 5, endedEpochMs: 20 },
    ]);
    expect(activity.take()).toEqual([]);
  });
});
