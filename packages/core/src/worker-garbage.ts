import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let collect: (() => void) | null | undefined;
let lastAt = Number.NEGATIVE_INFINITY;

/**
 * A full garbage collection in this thread, at most once per `minIntervalMs`; call it at the start of a worker
 * thread's task. A long-lived worker allocates little on its own JS heap, so V8 rarely runs a full collection in it,
 * and every dead handle to a `SharedArrayBuffer` or transferred buffer of an earlier frame keeps that memory alive:
 * RSS then grows frame after frame. Collecting before each frame's first task releases them. Does nothing where
 * `gc` cannot be had.
 * @example
 * export default function task(input: Task): Result { collectWorkerGarbage(); return work(input); }
 */
export function collectWorkerGarbage(minIntervalMs = 1000): void {
  const now = performance.now();
  if (now - lastAt < minIntervalMs) return;
  lastAt = now;
  collect ??= garbageCollector();
  collect?.();
}

function garbageCollector(): (() => void) | null {
  const exposed = (globalThis as { gc?: unknown }).gc;
  if (typeof exposed === 'function') return exposed as () => void;
  try {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as unknown;
    return typeof gc === 'function' ? (gc as () => void) : null;
  } catch {
    return null;
  }
}

/** The task of {@link releaseWorkerThread}: a barrier shared by the `threads` tasks sent at once, one per thread. */
export interface ReleaseTask {
  readonly barrier: Int32Array;
  readonly threads: number;
}

/** Longest a release task waits for the pool's other threads to take theirs (only reached if two land on one thread). */
const RELEASE_WAIT_MS = 2000;

/**
 * The worker side of `WorkerPool.release()`: `drop` lets go of what the thread kept for its latest job (grids, views,
 * handles to shared arrays), then a full collection returns it. The task first waits until all `threads` tasks are
 * running, so each thread of the pool runs exactly one; a worker script exports this (bound to its own state) as
 * `releaseWorker`.
 * @example
 * export function releaseWorker(task: ReleaseTask): void { releaseWorkerThread(task, () => { grid = undefined; }); }
 */
export function releaseWorkerThread(task: ReleaseTask, drop: () => void = () => undefined): void {
  drop();
  const { barrier, threads } = task;
  let arrived = Atomics.add(barrier, 0, 1) + 1;
  Atomics.notify(barrier, 0);
  const deadline = performance.now() + RELEASE_WAIT_MS;
  while (arrived < threads && performance.now() < deadline) {
    Atomics.wait(barrier, 0, arrived, 50);
    arrived = Atomics.load(barrier, 0);
  }
  collectWorkerGarbage(0);
}
