import { threadId } from 'node:worker_threads';
import type { SpanOptions } from './stage.js';

/** Where and when a piece of work ran, on the epoch clock, so that another thread can place it on its own timeline. */
export interface WorkTiming {
  /** `worker_threads` `threadId` of the thread that did it (0: the main thread). */
  readonly threadId: number;
  readonly startedEpochMs: number;
  readonly endedEpochMs: number;
}

/** A task's result and where and when it ran ({@link timeWork}); what a worker's task function returns to its stage. */
export interface TimedValue<T> {
  readonly value: T;
  readonly timing: WorkTiming;
}

const epochNow = (): number => performance.timeOrigin + performance.now();

/**
 * Runs `fn` (in a worker thread, typically) and says on which thread and when, so the stage that sent the task can
 * give it a span on that worker's own profiler track (`ctx.span(name, …, spanOptionsFor(timing))`).
 * @example
 * const { value, timing } = timeWork(() => sweepReference(input, options));
 */
export function timeWork<T>(fn: () => T): TimedValue<T> {
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

/**
 * When each worker thread of a pool was busy: {@link WorkerActivity.record} the timings its tasks return, and
 * {@link WorkerActivity.take} one span per thread, from its first task's start to its last task's end, for the
 * thread's own profiler track (the fusion and surface stages' pools).
 * @example
 * activity.record(await Promise.all(tasks.map((t) => pool.run(t))));
 * for (const timing of activity.take()) await ctx.span('normals (worker)', () => undefined, spanOptionsFor(timing));
 */
export class WorkerActivity {
  readonly #busy = new Map<number, { startedEpochMs: number; endedEpochMs: number }>();

  /** Adds the timings of finished tasks. */
  record(timings: readonly WorkTiming[]): void {
    for (const t of timings) {
      const seen = this.#busy.get(t.threadId);
      this.#busy.set(t.threadId, {
        startedEpochMs: Math.min(seen?.startedEpochMs ?? Infinity, t.startedEpochMs),
        endedEpochMs: Math.max(seen?.endedEpochMs ?? -Infinity, t.endedEpochMs),
      });
    }
  }

  /** Per thread, its busy span since the previous call, sorted by thread; forgets them. */
  take(): WorkTiming[] {
    const busy = [...this.#busy].map(([threadId, t]) => ({ threadId, ...t })).sort((a, b) => a.threadId - b.threadId);
    this.#busy.clear();
    return busy;
  }
}
