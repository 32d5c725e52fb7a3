import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { AquamvsError } from '@aquamvs/core';
import type { ReferenceSweepResult } from './sweep-reference.js';
import { runSweepTask, type SweepTask } from './sweep-task.js';

interface Pending {
  resolve(result: ReferenceSweepResult): void;
  reject(error: Error): void;
}

interface Reply {
  id: number;
  result?: ReferenceSweepResult;
  error?: { message: string; code?: string };
}

/** The compiled worker script (`dist/sweep-worker.js`), also when this module runs from `src/` under a test runner. */
function workerUrl(): URL {
  const sibling = new URL('./sweep-worker.js', import.meta.url);
  if (existsSync(fileURLToPath(sibling))) return sibling;
  return new URL('../dist/sweep-worker.js', import.meta.url);
}

/**
 * A pool of `size` worker threads that sweep one reference camera each (tasks are queued; results come back in
 * task order of completion). `size ≤ 1` runs tasks in the calling thread. Results do not depend on the size.
 */
export class SweepPool {
  readonly size: number;
  readonly #idle: Worker[] = [];
  readonly #all: Worker[] = [];
  readonly #queue: { id: number; task: SweepTask }[] = [];
  readonly #pending = new Map<number, Pending>();
  readonly #busy = new Map<Worker, number>();
  #nextId = 0;

  constructor(size: number) {
    this.size = Math.max(1, Math.floor(size));
  }

  /** Sweeps one reference camera. */
  run(task: SweepTask): Promise<ReferenceSweepResult> {
    if (this.size <= 1) return Promise.resolve().then(() => runSweepTask(task));
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#queue.push({ id, task });
      this.#pump();
    });
  }

  #pump(): void {
    while (this.#queue.length > 0) {
      let worker = this.#idle.pop();
      if (worker === undefined && this.#all.length < this.size) worker = this.#spawn();
      if (worker === undefined) return;
      const job = this.#queue.shift();
      if (job === undefined) return;
      this.#busy.set(worker, job.id);
      worker.postMessage(job);
    }
  }

  #spawn(): Worker {
    const worker = new Worker(workerUrl());
    worker.unref();
    worker.on('message', (reply: Reply) => {
      const pending = this.#pending.get(reply.id);
      this.#pending.delete(reply.id);
      this.#busy.delete(worker);
      this.#idle.push(worker);
      if (pending !== undefined) {
        if (reply.result !== undefined) pending.resolve(reply.result);
        else pending.reject(new AquamvsError(reply.error?.code ?? 'AQM_ERR_STAGE_FAILED', reply.error?.message ?? 'sweep worker failed'));
      }
      this.#pump();
    });
    worker.on('error', (error) => this.#fail(worker, error));
    worker.on('exit', (code) => {
      if (this.#busy.has(worker)) this.#fail(worker, new Error(`sweep worker exited with code ${code}`));
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

  /** Terminates the workers. */
  async close(): Promise<void> {
    const workers = this.#all.splice(0);
    this.#idle.length = 0;
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
