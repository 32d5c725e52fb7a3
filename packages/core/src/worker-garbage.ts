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
