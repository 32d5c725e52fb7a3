import type { ArtifactKey, ArtifactStore, ResourceStore } from './artifacts.js';
import type { AquamvsConfig } from './config/schema.js';
import type { Logger } from './logger.js';
import type { OutputWriter } from './output/output-writer.js';
import type { JsonValue } from './output/run-manifest.js';

/** Options of a span. */
export interface SpanOptions {
  /** The worker thread (`worker_threads` `threadId`) that does the span's work; 0 or absent = this thread. */
  readonly threadId?: number;
  /**
   * When the work already ran elsewhere (a worker thread, see `timeWork`): its start and end on this thread's
   * `performance.now()` clock, used as the span's times instead of the call's own (`spanOptionsFor` makes them).
   */
  readonly startedAt?: number;
  readonly endedAt?: number;
}

/** Runs `fn` inside a named span; the engine emits `spanStart`/`spanEnd` around it. */
export type SpanRunner = <T>(name: string, fn: () => Promise<T> | T, options?: SpanOptions) => Promise<T>;

/** What a stage sees once per run, in `prepare()`. */
export interface RunContext {
  readonly runId: string;
  readonly config: AquamvsConfig;
  /** Absolute output directory of the run. */
  readonly outputDir: string;
  /** Per-run resources shared between stages (calibration, undistortion maps, projection models). */
  readonly resources: ResourceStore;
  /** Logger bound to plugin and stage. */
  readonly log: Logger;
  /** Cancels the run. */
  readonly signal: AbortSignal;
  /**
   * Artifacts that the stages after this one in the run's list consume (their `consumes`): a stage that can make an
   * artifact some pathways do not need (e.g. `dense-matching`'s `matches`, read only by `triangulation`) makes it only
   * when it is in here, so the stage list, not a config flag, decides.
   */
  readonly consumedLater: ReadonlySet<ArtifactKey>;
  /** Worker threads the stage may use (`runtime.workers`). */
  readonly workers: number;
  /** Atomic writer rooted at the output directory. */
  readonly output: OutputWriter;
  readonly span: SpanRunner;
}

/** What a stage sees per frame, in `run()`. */
export interface StageContext {
  readonly frame: number;
  /** Absolute `output_dir/frame_NNNNNN`. */
  readonly frameDir: string;
  readonly artifacts: ArtifactStore;
  readonly run: RunContext;
  /** Logger bound to plugin, stage and frame. */
  readonly log: Logger;
  readonly signal: AbortSignal;
  /** Atomic writer rooted at the frame directory. */
  readonly output: OutputWriter;
  readonly span: SpanRunner;
  /** Reports progress inside the stage (e.g. cameras done); feeds the CLI's progress display. */
  progress(done: number, total: number): void;
  /**
   * Records how the stage made this frame where a result depends on more than the frame's inputs and the config
   * (e.g. the previous frame's depths): written to the frame's `run.json` entry under `provenance.<stage id>`, and
   * shown in the report. A later call replaces the earlier value.
   */
  recordProvenance(value: JsonValue): void;
  /**
   * Leaves a camera out of the rest of this frame, as one whose image could not be read: it leaves every per-camera
   * artifact (each `Map` keyed by camera name, e.g. `rawImages`, `undistortedImages`, `masks`), the frame's `run.json`
   * entry names it under `droppedCameras` with `reason` (one line, e.g. "its image does not fit calibration.json: …"),
   * and when fewer than `preprocessing.min_cameras` cameras are left the frame fails with
   * `AQM_ERR_FRAME_CAMERA_MISSING` once the stage returns. For evidence a stage finds that a camera's data cannot be
   * used; the stage itself drops what it already derived from the camera.
   */
  dropCamera(camera: string, reason: string): void;
}

/**
 * A pipeline stage. Built-in and third-party stages implement the same contract and are registered by a
 * plugin under the `STAGE` token.
 * @example
 * class Blur implements Stage {
 *   readonly id = 'blur';
 *   readonly consumes = ['rawImages'] as const;
 *   readonly produces = [] as const;
 *   async run(ctx: StageContext) { const images = ctx.artifacts.get('rawImages'); ... }
 * }
 */
export interface Stage {
  /** Kebab-case id used in `pipeline.stages`, e.g. `plane-sweep`. */
  readonly id: string;
  /** Artifacts read from the frame store; each must be produced by an earlier stage. */
  readonly consumes: readonly ArtifactKey[];
  /** Artifacts written to the frame store. */
  readonly produces: readonly ArtifactKey[];
  /**
   * Folders of the frame directory (e.g. `depth_maps`) that only serve later stages or the viz pass: the engine deletes
   * them from every frame after the run when `runtime.keep_intermediates` is false (spec §3.0 step 4).
   */
  readonly intermediates?: readonly string[];
  /** Once per run, before the first frame: precompute from calibration. */
  prepare?(run: RunContext): Promise<void>;
  /** Once per frame. */
  run(frame: StageContext): Promise<void>;
  /** Once per run, after the last frame (also when frames failed), before intermediates are deleted. */
  finish?(run: RunContext): Promise<void>;
}
