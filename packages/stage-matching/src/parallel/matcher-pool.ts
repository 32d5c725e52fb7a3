import {
  releaseThreads,
  reviveWorkerError,
  startWorkerThreads,
  WorkerActivity,
  workerScriptUrl,
  type TimedValue,
  type WorkTiming,
} from '@aquamvs/core';
import { createMatcherTasks, type MatcherSetup, type MatcherTasks } from './matcher-tasks.js';

/** A task name of {@link MatcherTasks}. */
type MatcherTaskName = keyof MatcherTasks;

/** The matcher's tasks run asynchronously, on worker threads or on this one. */
export type MatcherExecutor = {
  [K in MatcherTaskName]: (...args: Parameters<MatcherTasks[K]>) => Promise<ReturnType<MatcherTasks[K]>>;
} & {
  /** Worker threads used (1 = this thread). */
  readonly size: number;
  /**
   * Per task name, when each worker thread was busy with it since the last call, one timing per thread (first task's
   * start to last task's end; none on this thread): the stage puts them on the threads' own profiler tracks.
   */
  takeActivity(): { task: MatcherTaskName; timings: WorkTiming[] }[];
  /** Has every worker drop its handles to the frame's images and collect its garbage (the threads stay). */
  release(): Promise<void>;
  /** Terminates the workers. */
  close(): Promise<void>;
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
    const run =
      <K extends MatcherTaskName>(name: K) =>
      (...args: unknown[]) =>
        Promise.resolve().then(() => (tasks[name] as (...a: unknown[]) => unknown)(...args));
    return {
      size: 1,
      takeActivity: () => [],
      detect: run('detect'),
      describe: run('describe'),
      coarse: run('coarse'),
      fine: run('fine'),
      release: () => Promise.resolve(),
      close: () => Promise.resolve(),
    } as MatcherExecutor;
  }
  const pool = startWorkerThreads<unknown[], TimedValue<unknown>>(workerScriptUrl(import.meta.url, 'matcher-worker.js'), n, setup);
  const names: MatcherTaskName[] = ['detect', 'coarse', 'describe', 'fine'];
  const activity = new Map(names.map((name) => [name, new WorkerActivity()]));
  const call =
    <K extends MatcherTaskName>(name: K) =>
    (...args: unknown[]) =>
      pool.run(args, { name }).then(({ value, timing }) => {
        activity.get(name)?.record([timing]);
        return value;
      }, reviveWorkerError);
  return {
    size: n,
    takeActivity: () => names.map((task) => ({ task, timings: activity.get(task)?.take() ?? [] })).filter((a) => a.timings.length > 0),
    detect: call('detect'),
    describe: call('describe'),
    coarse: call('coarse'),
    fine: call('fine'),
    release: () => releaseThreads(pool, n),
    close: () => pool.destroy(),
  } as MatcherExecutor;
}
