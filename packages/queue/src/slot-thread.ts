import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { workerScriptUrl, type Logger } from '@aquamvs/core';
import type { RunSpec } from './run-spec.js';
import {
  fromThreadError,
  type ComputedFrame,
  type EnvironmentModule,
  type SlotReply,
  type SlotRequest,
  type SlotThreadData,
} from './slot-protocol.js';

type RequestBody = SlotRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

interface Pending {
  readonly resolve: (value: ComputedFrame | boolean | null) => void;
  readonly reject: (error: Error) => void;
}

const THREAD_URL = workerScriptUrl(import.meta.url, 'frame-thread.js');

/** Options that give the main script its code (`--eval`, `--print`: the next argument is the code), and its type. */
const MAIN_INPUT_OPTIONS = new Set(['-e', '--eval', '-p', '--print']);

/**
 * The Node options a frame thread starts with, from this process's `execArgv`: `undefined` — the thread inherits them
 * as they are, V8 and process options such as `--max-old-space-size` included (Node refuses those when they are
 * passed to a thread explicitly) — unless they give the main script its code or input type (`node --input-type=module
 * -e …`), which the thread's module would take for its own and fail; then the others, explicitly.
 */
export function threadExecArgv(execArgv: readonly string[]): string[] | undefined {
  const mainInput = (arg: string): boolean => arg.startsWith('--input-type') || MAIN_INPUT_OPTIONS.has(arg) || /^--(eval|print)=/.test(arg);
  if (!execArgv.some(mainInput)) return undefined;
  return execArgv.filter((arg, i) => !mainInput(arg) && !(i > 0 && MAIN_INPUT_OPTIONS.has(execArgv[i - 1])));
}

/** The environment module as a URL string a worker thread can `import()`. */
function moduleHref(module: string | URL): string {
  if (module instanceof URL) return module.href;
  return /^[a-z][a-z0-9+.-]*:/i.test(module) && !/^[a-z]:[\\/]/i.test(module) ? module : pathToFileURL(module).href;
}

/**
 * One slot's frame thread, seen from the main thread: requests are answered in messages, log lines are written
 * through `log`. A thread that dies (an uncaught exception in a stage's async work, out of memory) fails only the
 * requests in flight; the next request starts a fresh thread, whose prepared runs start over.
 */
export class SlotThread {
  readonly #data: SlotThreadData;
  readonly #log: Logger;
  readonly #pending = new Map<number, Pending>();
  #ready: { resolve: () => void; reject: (error: Error) => void } | undefined;
  #thread: Promise<Worker> | undefined;
  #nextId = 0;
  /** Run keys whose prepared state lives in the current thread. */
  readonly runs = new Set<string>();

  constructor(slot: number, environment: EnvironmentModule, log: Logger, profile?: { readonly schedule?: string }) {
    this.#data = {
      slot,
      environmentModule: moduleHref(environment.module),
      environmentOptions: environment.options,
      ...(profile ? { profile } : {}),
    };
    this.#log = log;
  }

  /**
   * Starts the thread and waits until it has loaded the environment module; rejects with the reason when it
   * cannot (a missing module, a missing export), so a worker can refuse to start instead of failing every frame.
   */
  start(): Promise<Worker> {
    this.#thread ??= this.#spawn();
    return this.#thread;
  }

  /** Runs the stages on one frame of `spec` (preparing the run in this slot first when needed). */
  async process(spec: RunSpec, frame: number): Promise<ComputedFrame> {
    this.runs.add(spec.runKey);
    const computed = (await this.#request({ kind: 'process', spec, frame })) as ComputedFrame;
    if (computed.broken) this.runs.delete(spec.runKey);
    return computed;
  }

  async publish(runKey: string, frame: number): Promise<boolean> {
    return (await this.#request({ kind: 'publish', runKey, frame })) as boolean;
  }

  async discard(runKey: string, frame: number): Promise<void> {
    await this.#request({ kind: 'discard', runKey, frame });
  }

  /** Ends a run's prepared state in this slot (stages' `finish()`, profiler files, staging directory removed). */
  async release(runKey: string): Promise<void> {
    if (!this.runs.delete(runKey) || this.#thread === undefined) return;
    await this.#request({ kind: 'release', runKey });
  }

  /** Releases every run, then stops the thread. */
  async close(): Promise<void> {
    const started = this.#thread;
    if (started === undefined) return;
    const thread = await started.catch(() => undefined);
    if (thread === undefined) return;
    try {
      await this.#request({ kind: 'close' });
    } finally {
      this.runs.clear();
      await thread.terminate();
    }
  }

  #spawn(): Promise<Worker> {
    if (THREAD_URL === null) return Promise.reject(new Error('@aquamvs/queue: dist/frame-thread.js is missing (build the package)'));
    const thread = new Worker(THREAD_URL, { workerData: this.#data, execArgv: threadExecArgv(process.execArgv) });
    const started = new Promise<Worker>((resolve, reject) => {
      this.#ready = { resolve: () => resolve(thread), reject };
    });
    started.catch(() => undefined); // observed by whoever awaits start(); a crash is reported through `fail`
    thread.on('message', (reply: SlotReply) => this.#receive(reply));
    const fail = (error: Error): void => {
      if (this.#thread !== started) return;
      this.#thread = undefined;
      this.runs.clear();
      this.#ready?.reject(error);
      this.#ready = undefined;
      const pending = [...this.#pending.values()];
      this.#pending.clear();
      for (const request of pending) request.reject(error);
    };
    thread.on('error', (error) => fail(new Error(`slot ${this.#data.slot}: the frame thread failed: ${error.message}`)));
    thread.on('exit', (code) => fail(new Error(`slot ${this.#data.slot}: the frame thread exited (code ${code})`)));
    return started;
  }

  async #request(body: RequestBody): Promise<ComputedFrame | boolean | null> {
    const thread = await this.start();
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      const request: SlotRequest = { ...body, id };
      thread.postMessage(request);
    });
  }

  #receive(reply: SlotReply): void {
    if (reply.kind === 'ready' || reply.kind === 'fatal') {
      if (reply.kind === 'ready') this.#ready?.resolve();
      else this.#ready?.reject(new Error(`slot ${this.#data.slot}: cannot load the run environment: ${reply.error.message}`));
      this.#ready = undefined;
      return;
    }
    if (reply.kind === 'log') {
      const logger = reply.scope.reduce((l, name) => l.child(name), this.#log);
      logger[reply.level](reply.message);
      return;
    }
    const pending = this.#pending.get(reply.id);
    if (pending === undefined) return;
    this.#pending.delete(reply.id);
    if (reply.kind === 'result') pending.resolve(reply.value);
    else pending.reject(fromThreadError(reply.error));
  }
}
