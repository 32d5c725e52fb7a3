import type { Piscina } from 'piscina';
import { WorkerActivity, type TimedValue, type WorkTiming } from './work-timing.js';
import type { ReleaseTask } from './worker-garbage.js';
import { reviveWorkerError, workerScriptUrl } from './worker-support.js';
import { startWorkerThreads } from './worker-threads.js';

/**
 * A stage's worker threads for a whole run: `size` piscina workers running the task functions of one worker
 * script, started on the first job and kept until {@link WorkerPool.close}, so every frame reuses the same threads
 * (threads started and ended per frame left the native heap fragmented: RSS grew frame after frame). `Tasks` maps
 * each task function's name to the task it takes; a task function returns its {@link WorkTiming} (`timeWork`), which
 * the pool keeps for {@link WorkerPool.takeActivity}.
 * @example
 * class FusionPool extends WorkerPool<{ filterRows: ConsistencyTask }> {
 *   constructor(size: number) { super(size, import.meta.url, 'fusion-worker.js'); }
 * }
 */
export class WorkerPool<Tasks extends object> {
  /** Worker threads (1: everything runs in the calling thread). */
  readonly size: number;
  readonly #url: URL | null;
  #pool: Piscina | undefined;
  /** When each worker thread was busy since the last {@link WorkerPool.takeActivity}. */
  readonly #activity = new WorkerActivity();

  /** `script`: the worker script's file name beside the module at `moduleUrl` (see `workerScriptUrl`). */
  constructor(size: number, moduleUrl: string, script: string) {
    this.size = Math.max(1, Math.floor(size));
    this.#url = this.size > 1 ? workerScriptUrl(moduleUrl, script) : null;
  }

  /** Whether jobs run on worker threads: `size > 1` and the worker script is built. */
  get isParallel(): boolean {
    return this.#url !== null;
  }

  /** Runs every task of one job on the workers (for the stage that owns the pool). */
  async run<K extends keyof Tasks & string>(name: K, tasks: readonly Tasks[K][]): Promise<void> {
    const pool = this.#piscina();
    this.#activity.record(await Promise.all(tasks.map((task) => pool.run(task, { name }) as Promise<WorkTiming>)).catch(reviveWorkerError));
  }

  /**
   * Runs every task of one job on the workers, whose task function returns a {@link TimedValue} (`timeWork`), and
   * resolves the values in task order (for results whose size only the worker knows).
   */
  async runValues<K extends keyof Tasks & string, T>(name: K, tasks: readonly Tasks[K][]): Promise<T[]> {
    const pool = this.#piscina();
    const results = await Promise.all(tasks.map((task) => pool.run(task, { name }) as Promise<TimedValue<T>>)).catch(reviveWorkerError);
    this.#activity.record(results.map((r) => r.timing));
    return results.map((r) => r.value);
  }

  #piscina(): Piscina {
    if (this.#url === null) throw new Error(`${this.constructor.name}.run: the pool has no worker threads`);
    this.#pool ??= startWorkerThreads(this.#url, this.size);
    return this.#pool;
  }

  /**
   * Per worker thread, from its first task's start to its last task's end since the previous call (for a span on
   * the thread's own profiler track), and forgets them.
   */
  takeActivity(): WorkTiming[] {
    return this.#activity.take();
  }

  /**
   * Has every worker thread drop what it kept for its latest job and collect its garbage (the worker script's
   * `releaseWorker`, see `releaseWorkerThread`): call it when the stage's work of a frame is done, so the next stages
   * do not run beside this stage's leftovers. The threads stay.
   */
  async release(): Promise<void> {
    if (this.#pool !== undefined) await releaseThreads(this.#pool, this.size);
  }

  /** Ends the worker threads; a later job starts new ones. */
  async close(): Promise<void> {
    const pool = this.#pool;
    this.#pool = undefined;
    await pool?.destroy();
  }
}

/**
 * Calls `job` with `workers` (a run's pool) or with a pool of `workers` threads made by `create` and closed
 * afterwards; resolves `undefined` without calling it when the pool has no worker threads (the caller then runs in
 * this thread).
 */
export async function withWorkerPool<P extends WorkerPool<object>, T>(
  workers: number | P,
  create: (size: number) => P,
  job: (pool: P) => Promise<T>,
): Promise<T | undefined> {
  const pool = typeof workers === 'number' ? create(workers) : workers;
  if (!pool.isParallel) return undefined;
  try {
    return await job(pool);
  } finally {
    if (pool !== workers) await pool.close();
  }
}

/** Runs one `releaseWorker` task on each of the `threads` threads of a piscina pool (see `releaseWorkerThread`). */
export async function releaseThreads(pool: Piscina, threads: number): Promise<void> {
  const task: ReleaseTask = { barrier: new Int32Array(new SharedArrayBuffer(4)), threads };
  await Promise.all(Array.from({ length: threads }, () => pool.run(task, { name: 'releaseWorker' }))).catch(reviveWorkerError);
}
