import { Piscina } from 'piscina';

/** The Node option that turns `require()` of ES modules off (see {@link startWorkerThreads}). */
const NO_REQUIRE_ESM = '--no-experimental-require-module';

/**
 * A piscina pool of `threads` worker threads, all started now, running the task functions of the worker script at
 * `script` (an ES module, see `workerScriptUrl`; `null` where the package was not built: every task then fails with
 * piscina's "filename must be provided"), with `workerData` given to each thread.
 *
 * The threads load the script through `import()`, never `require()`. piscina tries `require()` first, which since
 * Node 20.19 loads an ES module synchronously; a thread terminated while that links the module graph — a pool closed,
 * or the process exiting, while its threads still start: a run that skips every frame, or fails early, on a loaded
 * machine — aborts the whole process (V8: "IsGraphAsync must be used on an instantiated module"). With require(esm)
 * off in the threads, through their NODE_OPTIONS (so the parent's own options still reach them, unless one of them is
 * one a worker thread refuses), piscina's `require()` fails at once and it imports the script, which a termination ends
 * cleanly.
 * @example
 * const pool = startWorkerThreads<SweepTask, SweepResult>(workerScriptUrl(import.meta.url, 'sweep-worker.js'), 2);
 */
export function startWorkerThreads<Task, Result>(script: URL | null, threads: number, workerData?: unknown): Piscina<Task, Result> {
  const start = (nodeOptions?: string): Piscina<Task, Result> =>
    new Piscina<Task, Result>({
      filename: script?.href,
      minThreads: threads,
      maxThreads: threads,
      workerData,
      recordTiming: false,
      env: nodeOptions === undefined ? undefined : { ...process.env, NODE_OPTIONS: nodeOptions },
    });
  if (!requireEsmCanLoad()) return start();
  try {
    return start([process.env.NODE_OPTIONS, NO_REQUIRE_ESM].filter(Boolean).join(' '));
  } catch (error) {
    // The parent's NODE_OPTIONS hold an option a worker thread refuses (`--title`, say): the threads go without them.
    if ((error as { code?: unknown } | null)?.code !== 'ERR_WORKER_INVALID_EXEC_ARGV') throw error;
    return start(NO_REQUIRE_ESM);
  }
}

/** Whether this Node loads ES modules through `require()` and takes the option that turns that off. */
function requireEsmCanLoad(): boolean {
  return (process.features as { require_module?: boolean }).require_module === true && process.allowedNodeEnvironmentFlags.has(NO_REQUIRE_ESM);
}
