import type { ArtifactStore } from './artifacts.js';
import type { StageError } from './errors.js';
import type { FrameRecord } from './output/run-manifest.js';

/** Anything a hook may return. Return values are ignored. */
export type Awaitable<T> = T | PromiseLike<T>;

/** Which of a stage's calls an event or failure belongs to: once-per-run `prepare()`, per-frame `run()`, after-the-last-frame `finish()`. */
export type StagePhase = 'prepare' | 'run' | 'finish';

interface RunEventBase {
  /** Identifies the run; unique per `runPipeline` call. */
  readonly runId: string;
  /** `performance.now()` stamped by the engine when the event happened. */
  readonly at: number;
}

export interface RunStartEvent extends RunEventBase {
  readonly outputDir: string;
  /** Stage ids in execution order. */
  readonly stages: readonly string[];
  /** Frame indices this run will process (after skipping finished frames). */
  readonly frames: readonly number[];
  /** Frame indices skipped because an earlier run finished them. */
  readonly skippedFrames: readonly number[];
  /**
   * Frame folders the run deletes at its end (the stages' declared `intermediates`); empty with
   * `runtime.keep_intermediates`.
   */
  readonly intermediates: readonly string[];
}

export interface FrameStartEvent extends RunEventBase {
  readonly frame: number;
}

interface StageEventBase extends RunEventBase {
  readonly stage: string;
  readonly plugin: string;
  readonly phase: StagePhase;
  /** Frame index; `undefined` during `prepare` and `finish`. */
  readonly frame: number | undefined;
}

export type BeforeStageEvent = StageEventBase;

export interface StageErrorEvent extends StageEventBase {
  readonly error: StageError;
}

export interface AfterStageEvent extends StageEventBase {
  /** `at` of the matching `beforeStage`. */
  readonly startedAt: number;
  readonly durationMs: number;
  /** Set when the stage threw. */
  readonly error?: StageError;
}

export interface SpanStartEvent extends StageEventBase {
  readonly span: string;
  /** Unique within the run. */
  readonly spanId: number;
  /** The enclosing span, if any. */
  readonly parentSpanId: number | undefined;
  /** The worker thread that did the span's work, when the stage said so (`ctx.span(name, fn, { threadId })`). */
  readonly threadId?: number;
}

export interface SpanEndEvent extends SpanStartEvent {
  readonly startedAt: number;
  readonly durationMs: number;
  readonly error?: unknown;
}

/** How a frame ended. */
export type FrameStatus = 'done' | 'failed';

/** A frame's artifacts as its stages left them, read-only. */
export type FrameArtifacts = Pick<ArtifactStore, 'get' | 'find' | 'has' | 'keys'>;

export interface FrameEndEvent extends RunEventBase {
  readonly frame: number;
  readonly status: FrameStatus;
  readonly startedAt: number;
  readonly durationMs: number;
  readonly error?: Error;
  /**
   * The frame's artifacts (for a failed frame, those made before the failure): the one way for a consumer (benchmark,
   * a GUI, a queue worker) to receive a frame's results in memory. Valid during the hook; the engine drops them after.
   */
  readonly artifacts: FrameArtifacts;
  /** How the frame was made beyond its status, as its `run.json` entry records it (cameras gone without, provenance). */
  readonly record: FrameRecord;
}

export interface RunEndEvent extends RunEventBase {
  readonly startedAt: number;
  readonly durationMs: number;
  readonly done: readonly number[];
  readonly failed: readonly number[];
  readonly skipped: readonly number[];
  readonly aborted: boolean;
  /** Ids of the stages whose `finish()` failed (a run-level pass such as the viz; also in `run.json`). */
  readonly finishFailed: readonly string[];
}

/**
 * Observe-only pipeline hooks. Every member is optional; hooks are sequential and awaited, their return
 * values are ignored, and a hook that throws is logged without breaking the run.
 *
 * Order: `runStart` → (`beforeStage` → `afterStage` per prepare) → per frame `frameStart` → per stage
 * `beforeStage` → (`spanStart`/`spanEnd`)* → [`stageError`] → `afterStage` → … → `frameEnd` → `runEnd`.
 */
export interface PipelineHooks {
  runStart?(event: RunStartEvent): Awaitable<void>;
  frameStart?(event: FrameStartEvent): Awaitable<void>;
  beforeStage?(event: BeforeStageEvent): Awaitable<void>;
  spanStart?(event: SpanStartEvent): Awaitable<void>;
  spanEnd?(event: SpanEndEvent): Awaitable<void>;
  stageError?(event: StageErrorEvent): Awaitable<void>;
  afterStage?(event: AfterStageEvent): Awaitable<void>;
  frameEnd?(event: FrameEndEvent): Awaitable<void>;
  runEnd?(event: RunEndEvent): Awaitable<void>;
}

/** Name of a hook. */
export type HookName = keyof PipelineHooks;
/** The event type a hook receives. */
export type HookEvent<K extends HookName> = Parameters<NonNullable<PipelineHooks[K]>>[0];

/** Every hook, in firing order. Adding a hook to {@link PipelineHooks} without listing it here does not compile. */
export const HOOK_ORDER = {
  runStart: 0,
  frameStart: 1,
  beforeStage: 2,
  spanStart: 3,
  spanEnd: 4,
  stageError: 5,
  afterStage: 6,
  frameEnd: 7,
  runEnd: 8,
} as const satisfies Record<HookName, number>;

/** The hook names as a list, in firing order. */
export const HOOK_NAMES: readonly HookName[] = Object.keys(HOOK_ORDER) as HookName[];

/** A hook subscriber as registered under the `HOOKS` token. */
export interface HookSubscriber extends PipelineHooks {
  /** The plugin that registered it (used in error messages). */
  readonly name: string;
  /** Ordering tier: `pre` subscribers run first, `post` last; registration order within a tier. */
  readonly enforce?: 'pre' | 'post';
}
