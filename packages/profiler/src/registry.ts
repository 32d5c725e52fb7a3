import { AsyncLocalStorage } from 'node:async_hooks';
import { performance } from 'node:perf_hooks';
import type { Logger } from '@aquamvs/core';

/** What the registry needs of a profiler: a way to time a named piece of work. */
export interface StageProfiler {
  stage<T>(name: string, fn: () => T | Promise<T>): Promise<T>;
}

const storage = new AsyncLocalStorage<StageProfiler | null>();

/**
 * Makes `profiler` the active one for the rest of the current async context and everything it starts
 * (AsyncLocalStorage `enterWith`, Node's counterpart of a thread-local); `null` clears it. Prefer
 * {@link runWithProfiler}, which scopes the profiler to one call.
 */
export function setActiveProfiler(profiler: StageProfiler | null): void {
  storage.enterWith(profiler);
}

/** The profiler active in the current async context, or `null`. */
export function getActiveProfiler(): StageProfiler | null {
  return storage.getStore() ?? null;
}

/**
 * Runs `fn` with `profiler` active for it and every async continuation it creates, and for nothing else: two
 * pipelines run concurrently under different profilers never see each other's stages.
 * @example await runWithProfiler(profiler, () => runPipeline(options));
 */
export function runWithProfiler<T>(profiler: StageProfiler | null, fn: () => T): T {
  return storage.run(profiler, fn);
}

/**
 * Times `fn` as stage `name`: with an active profiler, delegates to `profiler.stage(name, fn)`; otherwise runs it
 * and logs `name: N.N ms` at info level (also when it throws).
 */
export async function timedStage<T>(name: string, logger: Logger, fn: () => T | Promise<T>): Promise<T> {
  const profiler = getActiveProfiler();
  if (profiler !== null) return profiler.stage(name, fn);
  const start = performance.now();
  try {
    return await fn();
  } finally {
    logger.info(`${name}: ${(performance.now() - start).toFixed(1)} ms`);
  }
}
