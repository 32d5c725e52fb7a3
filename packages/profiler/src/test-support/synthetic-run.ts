import { performance } from 'node:perf_hooks';
import { StageError, TypedStore, type Artifacts, type HookSubscriber } from '@aquamvs/core';

/** Spins the CPU for `ms` milliseconds. */
export function busy(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    /* spin */
  }
}

/** Drives a subscriber with hook events in the engine's order and with engine-style timestamps. */
export class SyntheticRun {
  #nextSpan = 0;

  constructor(
    private readonly sub: HookSubscriber,
    readonly runId = 'run-1',
  ) {}

  async start(frames: number[] = []): Promise<void> {
    await this.sub.runStart?.({
      runId: this.runId,
      at: performance.now(),
      outputDir: '/tmp',
      stages: [],
      frames,
      skippedFrames: [],
      intermediates: [],
    });
  }

  async frame(frame: number, body: () => Promise<void>): Promise<void> {
    const startedAt = performance.now();
    await this.sub.frameStart?.({ runId: this.runId, at: startedAt, frame });
    let failed = false;
    try {
      await body();
    } catch {
      failed = true;
    }
    const at = performance.now();
    await this.sub.frameEnd?.({
      runId: this.runId,
      at,
      frame,
      status: failed ? 'failed' : 'done',
      startedAt,
      durationMs: at - startedAt,
      record: {},
      artifacts: new TypedStore<Artifacts>('frame'),
    });
  }

  async stage(stage: string, frame: number | undefined, body: () => Promise<void> | void): Promise<void> {
    const base = { runId: this.runId, stage, plugin: 'test-stages', phase: frame === undefined ? ('prepare' as const) : ('run' as const), frame };
    await this.sub.beforeStage?.({ ...base, at: performance.now() });
    const startedAt = performance.now();
    let error: StageError | undefined;
    try {
      await body();
    } catch (cause) {
      error = new StageError({ plugin: 'test-stages', stage, phase: base.phase, frame, cause });
      await this.sub.stageError?.({ ...base, at: performance.now(), error });
    } finally {
      const at = performance.now();
      await this.sub.afterStage?.({ ...base, at, startedAt, durationMs: at - startedAt, ...(error ? { error } : {}) });
    }
    if (error !== undefined) throw error;
  }

  async span(
    stage: string,
    frame: number | undefined,
    span: string,
    body: (spanId: number) => Promise<void> | void,
    options: { parentSpanId?: number; threadId?: number } = {},
  ): Promise<void> {
    const spanId = ++this.#nextSpan;
    const base = {
      runId: this.runId,
      stage,
      plugin: 'test-stages',
      phase: frame === undefined ? ('prepare' as const) : ('run' as const),
      frame,
      span,
      spanId,
      parentSpanId: options.parentSpanId,
      ...(options.threadId === undefined ? {} : { threadId: options.threadId }),
    };
    await this.sub.spanStart?.({ ...base, at: performance.now() });
    const startedAt = performance.now();
    let failure: unknown;
    try {
      await body(spanId);
    } catch (error) {
      failure = error;
      throw error;
    } finally {
      const at = performance.now();
      await this.sub.spanEnd?.({ ...base, at, startedAt, durationMs: at - startedAt, ...(failure === undefined ? {} : { error: failure }) });
    }
  }

  async end(): Promise<void> {
    const at = performance.now();
    await this.sub.runEnd?.({
      runId: this.runId,
      at,
      startedAt: 0,
      durationMs: at,
      done: [],
      failed: [],
      skipped: [],
      aborted: false,
      finishFailed: [],
    });
  }
}
