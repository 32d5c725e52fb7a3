import { AsyncLocalStorage } from 'node:async_hooks';
import { performance } from 'node:perf_hooks';
import { StageError, stageNeverSettled } from '../errors.js';
import type { StagePhase } from '../hooks.js';
import type { SpanOptions, SpanRunner } from '../stage.js';
import type { HookDispatcher } from './hook-dispatcher.js';
import { withStrayErrors } from './stray-errors.js';
import type { RegisteredStage } from './validate-stages.js';

/** Where a stage call happens. */
export interface StageCallSite {
  readonly runId: string;
  readonly entry: RegisteredStage;
  readonly phase: StagePhase;
  readonly frame: number | undefined;
}

/**
 * Runs stage calls with the hook protocol: `beforeStage` → call → [`stageError`] → `afterStage` (in `finally`),
 * wraps failures once in {@link StageError}, emits spans, and turns a call that can never settle (the event loop
 * ran dry while it was pending) into an `AQM_ERR_STAGE_NEVER_SETTLED` failure instead of a silent exit.
 */
export class StageRunner {
  readonly #hooks: HookDispatcher;
  readonly #spans = new AsyncLocalStorage<number>();
  #nextSpanId = 0;
  #inFlight: { site: StageCallSite; reject: (error: Error) => void } | undefined;
  readonly #onBeforeExit = (): void => {
    const current = this.#inFlight;
    if (current === undefined) return;
    const { entry, frame } = current.site;
    current.reject(stageNeverSettled(entry.plugin, entry.stage.id, frame));
  };

  constructor(hooks: HookDispatcher) {
    this.#hooks = hooks;
    process.on('beforeExit', this.#onBeforeExit);
  }

  dispose(): void {
    process.off('beforeExit', this.#onBeforeExit);
  }

  /** A `span(name, fn)` bound to a call site. */
  spanRunner(site: StageCallSite): SpanRunner {
    return async <T>(name: string, fn: () => Promise<T> | T, options?: SpanOptions): Promise<T> => {
      const spanId = ++this.#nextSpanId;
      const base = {
        runId: site.runId,
        stage: site.entry.stage.id,
        plugin: site.entry.plugin,
        phase: site.phase,
        frame: site.frame,
        span: name,
        spanId,
        parentSpanId: this.#spans.getStore(),
        ...(options?.threadId === undefined ? {} : { threadId: options.threadId }),
      };
      if (this.#hooks.has('spanStart')) await this.#hooks.emit('spanStart', { ...base, at: options?.startedAt ?? performance.now() });
      const startedAt = options?.startedAt ?? performance.now();
      let failure: unknown;
      try {
        return await this.#spans.run(spanId, fn);
      } catch (error) {
        failure = error;
        throw error;
      } finally {
        const at = options?.endedAt ?? performance.now();
        if (this.#hooks.has('spanEnd')) {
          await this.#hooks.emit('spanEnd', {
            ...base,
            at,
            startedAt,
            durationMs: at - startedAt,
            ...(failure === undefined ? {} : { error: failure }),
          });
        }
      }
    };
  }

  /** Calls `call` for `site` under the hook protocol; rethrows failures as {@link StageError}. */
  async run(site: StageCallSite, call: () => Promise<void>): Promise<void> {
    const { runId, entry, phase, frame } = site;
    const base = { runId, stage: entry.stage.id, plugin: entry.plugin, phase, frame };
    if (this.#hooks.has('beforeStage')) await this.#hooks.emit('beforeStage', { ...base, at: performance.now() });
    let error: StageError | undefined;
    const startedAt = performance.now();
    try {
      await new Promise<void>((resolve, reject) => {
        this.#inFlight = { site, reject };
        // An exception thrown by the stage's own async work fails this call (and so the frame), not the run.
        withStrayErrors(reject, call).then(resolve, reject);
      });
    } catch (thrown) {
      error = toStageError(thrown, entry, phase, frame);
      if (this.#hooks.has('stageError')) await this.#hooks.emit('stageError', { ...base, at: performance.now(), error });
    } finally {
      const at = performance.now();
      this.#inFlight = undefined;
      if (this.#hooks.has('afterStage')) {
        await this.#hooks.emit('afterStage', {
          ...base,
          at,
          startedAt,
          durationMs: at - startedAt,
          ...(error === undefined ? {} : { error }),
        });
      }
    }
    if (error !== undefined) throw error;
  }
}

function toStageError(thrown: unknown, entry: RegisteredStage, phase: StagePhase, frame: number | undefined): StageError {
  if (thrown instanceof StageError) return thrown;
  return new StageError({ plugin: entry.plugin, stage: entry.stage.id, phase, frame, cause: thrown });
}
