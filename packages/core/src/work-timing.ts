import { threadId } from 'node:worker_threads';
import type { SpanOptions } from './stage.js';

/** Where and when a piece of work ran, on the epoch clock, so that another thread can place it on its own timeline. */
export interface WorkTiming {
  /** `worker_threads` `threadId` of the thread that did it (0: the main thread). */
  readonly threadId: number;
  readonly startedEpochMs: number;
  readonly endedEpochMs: number;
}

const epochNow = (): number => performance.timeOrigin + performance.now();

/**
 * Runs `fn` (in a worker thread, typically) and says on which thread and when, so the stage that sent the task can
 * give it a span on that worker's own profiler track (`ctx.span(name, …, spanOptionsFor(timing))`).
 * @example
 * const { value, timing } = timeWork(() => sweepReference(input, options));
 */
export function timeWork<T>(fn: () => T): { value: T; timing: WorkTiming } {
  const startedEpochMs = epochNow();
  const value = fn();
  return { value, timing: { threadId, startedEpochMs, endedEpochMs: epochNow() } };
}

/** The {@link SpanOptions} that place `timing` on this thread's `performance.now()` clock and the worker's track. */
export function spanOptionsFor(timing: WorkTiming): SpanOptions {
  return {
    threadId: timing.threadId,
    startedAt: timing.startedEpochMs - performance.timeOrigin,
    endedAt: timing.endedEpochMs - performance.timeOrigin,
  };
}
