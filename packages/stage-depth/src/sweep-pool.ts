import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { AquamvsError } from '@aquamvs/core';
import { Piscina } from 'piscina';
import type { ReferenceSweepResult } from './sweep-reference.js';
import { runSweepTask, type SweepTask } from './sweep-task.js';

/** The compiled worker script (`dist/sweep-worker.js`), also when this module runs from `src/` under a test runner. */
function workerUrl(): URL {
  const sibling = new URL('./sweep-worker.js', import.meta.url);
  if (existsSync(fileURLToPath(sibling))) return sibling;
  return new URL('../dist/sweep-worker.js', import.meta.url);
}

/**
 * The form of an error thrown in a sweep worker that survives structured cloning: an `Error` whose `cause` holds
 * the `AquamvsError` code (`AQM_ERR_STAGE_FAILED` for other errors), since cloning drops an error's own `code`.
 */
export function sweepWorkerError(error: unknown): Error {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  return new Error(message, { cause: { code: typeof code === 'string' ? code : 'AQM_ERR_STAGE_FAILED' } });
}

/** Rethrows a worker's error (see {@link sweepWorkerError}) as an `AquamvsError`; pool errors pass through. */
const rethrow = (reason: unknown): never => {
  const code = (reason as { cause?: { code?: unknown } } | null)?.cause?.code;
  if (reason instanceof Error && typeof code === 'string') throw new AquamvsError(code, reason.message);
  throw reason;
};

/**
 * A piscina pool of `size` worker threads (started now, unref'd while idle) that sweep one reference camera each;
 * grey planes on `SharedArrayBuffer` memory are shared with the workers, not copied, and the result maps are
 * transferred back. `size ≤ 1` runs tasks in the calling thread. Results do not depend on the size.
 */
export class SweepPool {
  readonly size: number;
  readonly #pool: Piscina<SweepTask, ReferenceSweepResult> | undefined;

  constructor(size: number) {
    this.size = Math.max(1, Math.floor(size));
    if (this.size > 1) {
      this.#pool = new Piscina({ filename: workerUrl().href, minThreads: this.size, maxThreads: this.size, recordTiming: false });
    }
  }

  /** Sweeps one reference camera. */
  run(task: SweepTask): Promise<ReferenceSweepResult> {
    if (this.#pool === undefined) return Promise.resolve().then(() => runSweepTask(task));
    return this.#pool.run(task).catch(rethrow);
  }

  /** Terminates the workers. */
  async close(): Promise<void> {
    await this.#pool?.destroy();
  }
}
