import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { AquamvsError } from '@aquamvs/core';
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

/** Message to a worker: `init` once, then tasks. */
export type WorkerRequest = { id: -1; setup: MatcherSetup } | { id: number; task: MatcherTaskName; args: unknown[] };
/** Reply of a worker to a task. */
export interface WorkerReply {
  id: number;
  result?: unknown;
  error?: { message: string; code?: string };
}

/** The compiled worker (`dist/parallel/matcher-worker.js`), also when this module runs from `src/` under a test runner. */
function workerUrl(): URL {
  const sibling = new URL('./matcher-worker.js', import.meta.url);
  if (existsSync(fileURLToPath(sibling))) return sibling;
  return new URL('../../dist/parallel/matcher-worker.js', import.meta.url);
}

/**
 * The matcher's executor for a run: with `size ≤ 1` the tasks run on this thread; otherwise `size` worker
 * threads are started now and given the setup once (per-run work), and tasks go to whichever worker is idle.
 * Results do not depend on `size`.
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
  const pool = new WorkerPool(setup, n);
  const call = <K extends MatcherTaskName>(name: K) => (...args: unknown[]) => pool.run(name, args);
  return {
    size: n,
    detect: call('detect'),
    describe: call('describe'),
    coarse: call('coarse'),
    fine: call('fine'),
    close: () => pool.close(),
  } as MatcherExecutor;
}

interface Pending {
  resolve(result: unknown): void;
  reject(error: Error): void;
}

class WorkerPool {
  readonly #idle: Worker[] = [];
  readonly #all: Worker[] = [];
  readonly #queue: { id: number; task: MatcherTaskName; args: unknown[] }[] = [];
  readonly #pending = new Map<number, Pending>();
  readonly #busy = new Map<Worker, number>();
  readonly #setup: MatcherSetup;
  readonly #size: number;
  #nextId = 0;

  constructor(setup: MatcherSetup, size: number) {
    this.#setup = setup;
    this.#size = size;
    for (let i = 0; i < size; i++) this.#idle.push(this.#spawn());
  }

  run(task: MatcherTaskName, args: unknown[]): Promise<unknown> {
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#queue.push({ id, task, args });
      this.#pump();
    });
  }

  #pump(): void {
    while (this.#queue.length > 0) {
      let worker = this.#idle.pop();
      if (worker === undefined && this.#all.length < this.#size) worker = this.#spawn();
      if (worker === undefined) return;
      const job = this.#queue.shift();
      if (job === undefined) return;
      this.#busy.set(worker, job.id);
      worker.postMessage(job satisfies WorkerRequest);
    }
  }

  #spawn(): Worker {
    const worker = new Worker(workerUrl());
    worker.unref();
    worker.postMessage({ id: -1, setup: this.#setup } satisfies WorkerRequest);
    worker.on('message', (reply: WorkerReply) => {
      const pending = this.#pending.get(reply.id);
      this.#pending.delete(reply.id);
      this.#busy.delete(worker);
      this.#idle.push(worker);
      if (pending !== undefined) {
        if (reply.error === undefined) pending.resolve(reply.result);
        else pending.reject(new AquamvsError(reply.error.code ?? 'AQM_ERR_STAGE_FAILED', reply.error.message));
      }
      this.#pump();
    });
    worker.on('error', (error) => this.#fail(worker, error));
    worker.on('exit', (code) => {
      if (this.#busy.has(worker)) this.#fail(worker, new Error(`matcher worker exited with code ${code}`));
    });
    this.#all.push(worker);
    return worker;
  }

  #fail(worker: Worker, error: Error): void {
    const id = this.#busy.get(worker);
    this.#busy.delete(worker);
    const i = this.#all.indexOf(worker);
    if (i >= 0) this.#all.splice(i, 1);
    if (id !== undefined) {
      this.#pending.get(id)?.reject(error);
      this.#pending.delete(id);
    }
    this.#pump();
  }

  async close(): Promise<void> {
    const workers = this.#all.splice(0);
    this.#idle.length = 0;
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
