import type { FrameRecord, Logger } from '@aquamvs/core';
import type { RunSpec } from './run-spec.js';

/**
 * Messages between a worker's main thread (BullMQ, locks, signals) and one slot's frame thread (the stages). The
 * frame thread computes; the main thread never runs a stage, so its event loop stays free whatever a frame costs.
 */

/** Where a slot thread finds the run environment: a module whose `openRunEnvironment` export opens it. */
export interface EnvironmentModule {
  /** URL or absolute path of an ES module exporting `openRunEnvironment(spec, log, options)`. */
  readonly module: string | URL;
  /** Structured-cloneable value handed to `openRunEnvironment` as its third argument. */
  readonly options?: unknown;
}

/** What a slot thread starts with (`workerData`). */
export interface SlotThreadData {
  readonly slot: number;
  readonly environmentModule: string;
  readonly environmentOptions: unknown;
  readonly profile?: { readonly schedule?: string };
}

/** An error as it crosses the thread boundary (cloning drops an error's own `code`). */
export interface ThreadError {
  readonly message: string;
  readonly code?: string;
}

/** Main → slot thread. */
export type SlotRequest =
  | { readonly id: number; readonly kind: 'process'; readonly spec: RunSpec; readonly frame: number }
  | { readonly id: number; readonly kind: 'publish'; readonly runKey: string; readonly frame: number }
  | { readonly id: number; readonly kind: 'discard'; readonly runKey: string; readonly frame: number }
  | { readonly id: number; readonly kind: 'release'; readonly runKey: string }
  | { readonly id: number; readonly kind: 'close' };

/** How a frame's computation ended in the thread (before publishing). */
export interface ComputedFrame {
  readonly frame: number;
  readonly status: 'done' | 'failed';
  readonly durationMs: number;
  readonly error?: ThreadError;
  /** How the frame was made (run.json's record of it). */
  readonly record?: FrameRecord;
  /** The run can no longer process frames in this slot (its `prepare()` failed): release it. */
  readonly broken: boolean;
}

/** Slot thread → main. `ready` / `fatal` come once, after the thread imported the environment module. */
export type SlotReply =
  | { readonly kind: 'ready' }
  | { readonly kind: 'fatal'; readonly error: ThreadError }
  | { readonly id: number; readonly kind: 'result'; readonly value: ComputedFrame | boolean | null }
  | { readonly id: number; readonly kind: 'error'; readonly error: ThreadError }
  | { readonly kind: 'log'; readonly level: 'debug' | 'info' | 'warn' | 'error'; readonly scope: readonly string[]; readonly message: string };

/** The form of an error that survives `postMessage`. */
export function toThreadError(error: unknown): ThreadError {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  return typeof code === 'string' ? { message, code } : { message };
}

/** An `Error` again, with its `code` when it had one. */
export function fromThreadError(error: ThreadError): Error {
  const revived = new Error(error.message);
  if (error.code !== undefined) Object.assign(revived, { code: error.code });
  return revived;
}

/** A logger whose lines travel to the main thread, which writes them through its own logger. */
export function threadLogger(post: (reply: SlotReply) => void, scope: readonly string[] = []): Logger {
  const emit =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (message: string): void =>
      post({ kind: 'log', level, scope, message });
  return {
    debug: emit('debug'),
    info: emit('info'),
    warn: emit('warn'),
    error: emit('error'),
    child: (name) => threadLogger(post, [...scope, name]),
  };
}
