import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { AquamvsError } from '@aquamvs/core';
import { Piscina } from 'piscina';
import { createMatcherTasks, type MatcherSetup, type MatcherTasks } from './matcher-tasks.js';

/** A task name of {@link MatcherTasks}. */
export type MatcherTaskName = keyof MatcherTasks;

/** The matcher's tasks run asynchronously, on worker threads or on this one. */
export type MatcherExecutor = {
  [K in MatcherTaskName]: (...args: Parameters<MatcherTasks[K]>) => Promise<ReturnType<MatcherTasks[K]>>;
} & {
  /** Worker threads used (1 = this thread). */
  readonly size: number;
  /** Terminates the workers. */
  close(): Promise<void>;
};

/** The compiled worker (`dist/parallel/matcher-worker.js`), also when this module runs from `src/` under a test runner. */
function workerUrl(): URL {
  const sibling = new URL('./matcher-worker.js', import.meta.url);
  if (existsSync(fileURLToPath(sibling))) return sibling;
  return new URL('../../dist/parallel/matcher-worker.js', import.meta.url);
}

/**
 * The form of an error thrown in a matcher worker that survives structured cloning: an `Error` whose `cause` holds
 * the `AquamvsError` code (`AQM_ERR_STAGE_FAILED` for other errors), since cloning drops an error's own `code`.
 */
export function matcherWorkerError(error: unknown): Error {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  return new Error(message, { cause: { code: typeof code === 'string' ? code : 'AQM_ERR_STAGE_FAILED' } });
}

/** Rethrows a worker's error (see {@link matcherWorkerError}) as an `AquamvsError`; pool errors pass through. */
const rethrow = (reason: unknown): never => {
  const code = (reason as { cause?: { code?: unknown } } | null)?.cause?.code;
  if (reason instanceof Error && typeof code === 'string') throw new AquamvsError(code, reason.message);
  throw reason;
};

/**
 * The matcher's executor for a run: with `size ≤ 1` the tasks run on this thread; otherwise a piscina pool of
 * `size` worker threads is started now (unref'd while idle) with the setup as `workerData`, which each worker
 * turns into its tasks once (per-run work); tasks go to whichever worker is idle, shared-memory arguments are
 * shared, not copied. Results do not depend on `size`.
 */
export function createMatcherExecutor(setup: MatcherSetup, size: number): MatcherExecutor {
  const n = Math.max(1, Math.floor(size));
  if (n <= 1) {
    const tasks = createMatcherTasks(setup);
    const run = <K extends MatcherTaskName>(name: K) =>
      (...args: unknown[]) => Promise.resolve().then(() => (tasks[name] as (...a: unknown[]) => unknown)(...args));
    return {
      size: 1,
      detect: run('detect'),
      describe: run('describe'),
      coarse: run('coarse'),
      fine: run('fine'),
      close: () => Promise.resolve(),
    } as MatcherExecutor;
  }
  const pool = new Piscina<unknown[], unknown>({ filename: workerUrl().href, minThreads: n, maxThreads: n, workerData: setup, recordTiming: false });
  const call = <K extends MatcherTaskName>(name: K) => (...args: unknown[]) => pool.run(args, { name }).catch(rethrow);
  return {
    size: n,
    detect: call('detect'),
    describe: call('describe'),
    coarse: call('coarse'),
    fine: call('fine'),
    close: () => pool.destroy(),
  } as MatcherExecutor;
}
