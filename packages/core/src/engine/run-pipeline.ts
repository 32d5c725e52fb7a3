import 'reflect-metadata';
import { createHash, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, rm, rmdir } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { container as globalContainer, type DependencyContainer } from 'tsyringe';
import { TypedStore, type ArtifactKey, type Artifacts, type RunResourceKey, type RunResources } from '../artifacts.js';
import { effectiveWorkers } from '../config/effective-workers.js';
import type { AquamvsConfig } from '../config/schema.js';
import { applyRunFallbacks, configToYaml, describeFallback, type RunFallback } from '../config/index.js';
import { frameCameraMissing, inputInvalid, messageOf, outputWrite, pipelineInvalid } from '../errors.js';
import type { Frame, FrameSource } from '../frame-source.js';
import { createLogger, type Logger } from '../logger.js';
import { discardFrameDir, frameStagingName, publishFrameDir, sweepStagedFrames } from '../output/frame-staging.js';
import { assertOutputDirUsable, createOutputWriter, type OutputWriter } from '../output/output-writer.js';
import { acquireOutputLock } from '../output/output-lock.js';
import { readRunManifest, RunManifestStore, type FrameRecord, type JsonValue, type RunManifest } from '../output/run-manifest.js';
import type { AquamvsPlugin } from '../plugin.js';
import type { RunContext, StageContext } from '../stage.js';
import { FRAME_SOURCE, LOGGER } from '../tokens.js';
import { CORE_VERSION } from '../version.js';
import { blankCameras } from './blank-cameras.js';
import { missingCameras } from './frame-cameras.js';
import type { StagePhase } from '../hooks.js';
import { createHookDispatcher, type HookDispatcher } from './hook-dispatcher.js';
import { stageIdsFor } from './pathways.js';
import { loadPluginSpecs } from './plugin-loader.js';
import { registerPlugins, resolveAllOf } from './register-plugins.js';
import { StageRunner } from './stage-runner.js';
import { withRepeatedImageCheck } from './repeated-images.js';
import { selectFrames } from './select-frames.js';
import { resolveStageList, type RegisteredStage } from './validate-stages.js';

/** Progress notifications for the CLI's display. */
export type PipelineProgress =
  | { kind: 'run'; total: number; done: number; failed: number; skipped: number }
  | { kind: 'stage'; frame: number; stage: string; index: number; count: number }
  | { kind: 'stage-progress'; frame: number; stage: string; done: number; total: number };

export interface RunPipelineOptions {
  readonly config: AquamvsConfig;
  /**
   * The frames to run. @default the source the opener registered under {@link FRAME_SOURCE} opens (the CLI registers
   * one for images/videos; a config plugin may replace it), closed after the run
   */
  readonly frameSource?: FrameSource;
  /** Checks the source before frame 0 and returns the one to run (the CLI checks it against the calibration). */
  readonly checkFrameSource?: (source: FrameSource) => Promise<FrameSource>;
  /** Built-in plugins; registered before the config's `plugins:` entries. */
  readonly plugins?: readonly AquamvsPlugin[];
  /** Directory that config `plugins:` paths are resolved from (the config file's directory). @default process.cwd() */
  readonly configDir?: string;
  /** Where a config plugin given by package name is looked up when `configDir` does not have it. @default [] */
  readonly pluginFallbackDirs?: readonly string[];
  /** @default resolve(config.output_dir) */
  readonly outputDir?: string;
  /** Run resources available to every stage's `prepare()` (e.g. the calibration). */
  readonly resources?: { readonly [K in RunResourceKey]?: RunResources[K] };
  /** Parent container; the run uses a child of it. @default tsyringe's global container */
  readonly container?: DependencyContainer;
  readonly log?: Logger;
  readonly signal?: AbortSignal;
  /** Redo frames that an earlier run finished. */
  readonly force?: boolean;
  /**
   * Fingerprint of run-wide inputs that change every frame's result (the calibration file's content, masks), part
   * of the key a finished frame is skipped by. The CLI computes it; see {@link fileFingerprint}.
   */
  readonly inputsFingerprint?: string;
  /**
   * The program making the frames and its version, recorded in each frame's `run.json` entry (`madeBy`).
   * @default `@aquamvs/core <its version>`
   */
  readonly madeBy?: string;
  /** Explicit frame indices. @default the `preprocessing.frame_start/stop/step` range */
  readonly frames?: readonly number[];
  readonly onProgress?: (progress: PipelineProgress) => void;
}

export interface RunSummary {
  readonly runId: string;
  readonly outputDir: string;
  readonly stages: readonly string[];
  readonly done: readonly number[];
  readonly failed: readonly { frame: number; error: Error }[];
  /** Done frames that went on without some cameras (tolerated by `preprocessing.min_cameras`): camera → reason. */
  readonly degraded: readonly { frame: number; cameras: Readonly<Record<string, string>> }[];
  readonly skipped: readonly number[];
  readonly aborted: boolean;
  readonly durationMs: number;
  /** Settings this machine could not honour and what the run used instead (also in every frame's `run.json` entry). */
  readonly fallbacks: readonly RunFallback[];
  /** Stages whose `finish()` failed (a run-wide pass such as the viz report is missing); also in `run.json`. */
  readonly finishFailed: readonly FinishFailure[];
}

/** A stage whose `finish()` threw: the frames stand, but what the stage does over the whole run is missing. */
export interface FinishFailure {
  readonly stage: string;
  readonly plugin: string;
  readonly error: Error;
}

/**
 * Where a run's effective config is kept for good: `runs/20261203T094512Z-1a2b3c4d.yaml` (start time, run id), so
 * each run that started has a record; `config.yaml` beside it is the latest.
 */
function runRecordName(runId: string, at: Date = new Date()): string {
  return `runs/${at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')}-${runId.slice(0, 8)}.yaml`;
}

/** Formats a frame directory name: `frame_000007`. */
export function frameDirName(frame: number): string {
  return `frame_${String(frame).padStart(6, '0')}`;
}

/**
 * Hash of the config keys that change a frame's outputs, to know when finished frames are stale. Not included:
 * runtime quiet/workers/device, the frame range (which frames to do, not how) and paths (calibration, output, input
 * and mask locations): what the paths hold is fingerprinted instead (`inputsFingerprint`, `FrameSource.fingerprint`),
 * so a moved project resumes and an edited calibration does not. Camera names stay in.
 */
export function processingConfigHash(config: AquamvsConfig, inputsFingerprint = ''): string {
  const { runtime, preprocessing, calibration_path: _calibration, output_dir: _output, camera_input_map: inputs, mask_dir: masks, ...rest } = config;
  const { quiet: _quiet, workers: _workers, device: _device, ...outputRuntime } = runtime;
  const { frame_start: _start, frame_stop: _stop, frame_step: _step, ...outputPreprocessing } = preprocessing;
  const key = { ...rest, cameras: Object.keys(inputs).sort(), masks: masks !== null, preprocessing: outputPreprocessing, runtime: outputRuntime };
  return createHash('sha256').update(JSON.stringify(key)).update(`\0${inputsFingerprint}`).digest('hex').slice(0, 16);
}

/**
 * Runs the pipeline: registers plugins, validates the stage list, prepares every stage once, processes each
 * pending frame, and reports through hooks. A failing frame is recorded and the run goes on.
 * @example
 * const summary = await runPipeline({ config, frameSource, plugins: [builtinStages()] });
 */
export async function runPipeline(options: RunPipelineOptions): Promise<RunSummary> {
  const startedAt = performance.now();
  const log = options.log ?? createLogger({ level: 'info' });
  const { config, fallbacks } = applyRunFallbacks(options.config);
  for (const fallback of fallbacks) log.warn(describeFallback(fallback));
  const signal = options.signal ?? new AbortController().signal;
  const runId = randomUUID();

  const container = (options.container ?? globalContainer).createChildContainer();
  container.register(LOGGER, { useValue: log });
  const configPlugins = await loadPluginSpecs(config.plugins, options.configDir ?? process.cwd(), options.pluginFallbackDirs);
  const registrations = registerPlugins(container, [...(options.plugins ?? []), ...configPlugins]);
  const stages = resolveStageList(stageIdsFor(config), registrations.stages);
  const hooks = createHookDispatcher(registrations.hooks, log);

  const { frameSource, close: closeFrameSource } = await frameSourceFor(options, container, config, log);
  try {
    const outputDir = options.outputDir ?? resolve(config.output_dir);
    await assertOutputDirUsable(outputDir);
    const requested = options.frames ?? selectFrames(frameSource.frameCount, config.preprocessing);
    const minCameras = requiredCameras(config.preprocessing.min_cameras, frameSource.cameras);

    const createdOutputDir = !existsSync(outputDir);
    const lock = await acquireOutputLock(outputDir, log);
    try {
      const output = createOutputWriter(outputDir);
      await sweepStagedFrames(outputDir);
      const manifest = new RunManifestStore(await readRunManifest(outputDir), output);
      const configHash = processingConfigHash(config, options.inputsFingerprint);
      const pending = options.force ? [...requested] : await framesToDo(requested, manifest, configHash, frameSource);
      const skipped = requested.filter((f) => !pending.includes(f));
      if (skipped.length > 0) log.info(`skipping ${skipped.length} frame(s) finished by an earlier run (use --force to redo)`);
      const madeBy = options.madeBy ?? `@aquamvs/core ${CORE_VERSION}`;
      const older = keptFramesNotice(manifest.manifest, skipped, madeBy);
      if (older !== undefined) log.warn(older);

      const resources = new TypedStore<RunResources>('run');
      for (const [key, value] of Object.entries(options.resources ?? {})) {
        resources.set(key as RunResourceKey, value as RunResources[RunResourceKey]);
      }
      const runner = new StageRunner(hooks);
      const workers = effectiveWorkers(config);
      const cores = availableParallelism();
      // A config from a bigger machine: the threads beyond the cores cost memory (each keeps its stage's buffers), not time saved.
      if (workers > cores)
        log.warn(
          `runtime.workers ${workers} is more than the ${cores} CPU core(s) this process may use: the extra threads add memory, not speed (null: one per core)`,
        );
      const consumedLater = consumedAfterEach(stages);
      const runContextFor = (entry: RegisteredStage, phase: StagePhase = 'prepare'): RunContext => ({
        runId,
        config,
        outputDir,
        resources,
        log: log.child(entry.stage.id),
        signal,
        consumedLater: consumedLater.get(entry) ?? new Set(),
        workers,
        output,
        span: runner.spanRunner({ runId, entry, phase, frame: undefined }),
      });
      const stageIds = stages.map((s) => s.stage.id);
      const intermediates = config.runtime.keep_intermediates ? [] : intermediateFolders(stages);
      const done: number[] = [];
      const failed: { frame: number; error: Error }[] = [];
      const degraded: { frame: number; cameras: Record<string, string> }[] = [];
      const finishFailed: FinishFailure[] = [];
      const progress = (): void =>
        options.onProgress?.({ kind: 'run', total: pending.length, done: done.length, failed: failed.length, skipped: skipped.length });

      try {
        if (hooks.has('runStart')) {
          await hooks.emit('runStart', {
            runId,
            at: performance.now(),
            outputDir,
            stages: stageIds,
            frames: pending,
            skippedFrames: skipped,
            intermediates,
          });
        }
        await prepareStages(stages, runner, runId, runContextFor);
        // Only a run that got this far records its config: a start that fails leaves the folder as it was.
        await mkdir(outputDir, { recursive: true });
        const effective = configToYaml(config);
        await output.writeFile('config.yaml', effective);
        await output.writeFile(runRecordName(runId), effective);
        progress();
        if (pending.length > 0) {
          for await (const frame of frameSource.frames(pending)) {
            if (signal.aborted) break;
            const { error, dropped } = await processFrame(frame, {
              runId,
              stages,
              runner,
              hooks,
              manifest,
              configHash,
              output,
              log,
              signal,
              runContextFor,
              onProgress: options.onProgress,
              fallbacks,
              madeBy,
              cameras: frameSource.cameras,
              minCameras,
              blankImageRatio: config.preprocessing.blank_image_ratio,
              fingerprint: frameSource.fingerprint?.bind(frameSource),
            });
            if (error !== undefined) failed.push({ frame: frame.index, error });
            else {
              done.push(frame.index);
              if (dropped.size > 0) degraded.push({ frame: frame.index, cameras: Object.fromEntries(dropped) });
            }
            progress();
          }
        }
        finishFailed.push(...(await finishStages(stages, runner, runId, runContextFor, log)));
        await manifest.recordFinishFailures(finishFailed.map((f) => ({ stage: f.stage, plugin: f.plugin, error: f.error.message })));
        await removeIntermediates(outputDir, intermediates);
      } finally {
        runner.dispose();
      }
      const at = performance.now();
      if (hooks.has('runEnd')) {
        await hooks.emit('runEnd', {
          runId,
          at,
          startedAt,
          durationMs: at - startedAt,
          done,
          failed: failed.map((f) => f.frame),
          skipped,
          aborted: signal.aborted,
          finishFailed: finishFailed.map((f) => f.stage),
        });
      }
      return {
        runId,
        outputDir,
        stages: stageIds,
        done,
        failed,
        degraded,
        skipped,
        aborted: signal.aborted,
        durationMs: at - startedAt,
        fallbacks,
        finishFailed,
      };
    } finally {
      await lock.release();
      // A start that failed before writing anything leaves no empty folder behind (rmdir only removes an empty one).
      if (createdOutputDir) await rmdir(outputDir).catch(() => undefined);
    }
  } finally {
    await closeFrameSource();
  }
}

/**
 * The run's frames: `options.frameSource` when the caller opened one, else the opener registered under
 * {@link FRAME_SOURCE} (the last registration wins, so a config plugin replaces the CLI's), opened here, checked
 * for repeated images (`preprocessing.repeated_image_check`) and closed after the run; a caller's own source is
 * used as given (`withRepeatedImageCheck` adds the check). `options.checkFrameSource` sees either before frame 0.
 */
async function frameSourceFor(
  options: RunPipelineOptions,
  container: DependencyContainer,
  config: AquamvsConfig,
  log: Logger,
): Promise<{ frameSource: FrameSource; close: () => Promise<void> }> {
  let source = options.frameSource;
  let close = (): Promise<void> => Promise.resolve();
  if (source === undefined) {
    const open = resolveAllOf(container, FRAME_SOURCE).at(-1);
    if (open === undefined) throw pipelineInvalid('no frame source: pass one to runPipeline or register an opener under FRAME_SOURCE');
    const opened = await open(config, log);
    source = opened;
    close = () => opened.close();
  }
  const given = source;
  try {
    const checked = (await options.checkFrameSource?.(given)) ?? given;
    const repeats = options.frameSource === undefined && config.preprocessing.repeated_image_check;
    return { frameSource: repeats ? withRepeatedImageCheck(checked) : checked, close };
  } catch (error) {
    await close();
    throw error;
  }
}

async function prepareStages(
  stages: readonly RegisteredStage[],
  runner: StageRunner,
  runId: string,
  runContextFor: (entry: RegisteredStage, phase: StagePhase) => RunContext,
): Promise<void> {
  for (const entry of stages) {
    const prepare = entry.stage.prepare?.bind(entry.stage);
    if (prepare === undefined) continue;
    await runner.run({ runId, entry, phase: 'prepare', frame: undefined }, () => prepare(runContextFor(entry, 'prepare')));
  }
}

interface FrameDeps {
  readonly runId: string;
  readonly stages: readonly RegisteredStage[];
  readonly runner: StageRunner;
  readonly hooks: HookDispatcher;
  readonly manifest: RunManifestStore;
  readonly configHash: string;
  readonly fallbacks: readonly RunFallback[];
  readonly madeBy: string;
  readonly output: OutputWriter;
  readonly log: Logger;
  readonly signal: AbortSignal;
  readonly runContextFor: (entry: RegisteredStage) => RunContext;
  readonly onProgress: ((progress: PipelineProgress) => void) | undefined;
  /** The source's cameras and how many of them a frame needs. */
  readonly cameras: readonly string[];
  readonly minCameras: number;
  /** `preprocessing.blank_image_ratio`: images this far below the cameras' upper-quartile structure count as missing. */
  readonly blankImageRatio: number;
  readonly fingerprint: ((index: number) => Promise<string>) | undefined;
}

/** The requested frames not finished with this config and these inputs (inputs are fingerprinted only for those). */
async function framesToDo(requested: readonly number[], manifest: RunManifestStore, configHash: string, source: FrameSource): Promise<number[]> {
  const todo: number[] = [];
  for (const frame of requested) {
    if (!manifest.isDoneWithConfig(frame, configHash)) todo.push(frame);
    else if (!manifest.isDone(frame, configHash, await fingerprintOf(source.fingerprint?.bind(source), frame))) todo.push(frame);
  }
  return todo;
}

/**
 * The notice for kept (skipped) frames that another program or version made (`undefined` when every one was made by
 * `madeBy`): a run's outputs then mix versions, which `run.json` records frame by frame.
 * @example
 * const notice = keptFramesNotice(await readRunManifest(outputDir), skipped, 'aquamvs 0.4.2');
 */
export function keptFramesNotice(manifest: RunManifest, skipped: readonly number[], madeBy: string): string | undefined {
  const others = new Map<string, number>();
  for (const frame of skipped) {
    const by = manifest.frames[String(frame)]?.madeBy ?? 'an unrecorded version';
    if (by !== madeBy) others.set(by, (others.get(by) ?? 0) + 1);
  }
  if (others.size === 0) return undefined;
  const list = [...others].map(([by, n]) => `${n} by ${by}`).join(', ');
  return `kept frames made by another version (${list}; this run: ${madeBy}): run.json records which made each; --force redoes them`;
}

/** A frame's input fingerprint; `undefined` when the source has none or cannot read an input (then the frame is redone). */
async function fingerprintOf(fingerprint: ((index: number) => Promise<string>) | undefined, frame: number): Promise<string | undefined> {
  try {
    return await fingerprint?.(frame);
  } catch {
    return undefined;
  }
}

/** `preprocessing.min_cameras`, or every camera of the source; more than the source has is an input error. */
function requiredCameras(minCameras: number | null, cameras: readonly string[]): number {
  if (minCameras === null) return cameras.length;
  if (minCameras > cameras.length) {
    throw inputInvalid(`preprocessing.min_cameras ${minCameras} is more than the ${cameras.length} camera(s) of camera_input_map`);
  }
  return minCameras;
}

/** Removes `camera` from every per-camera artifact of the frame (each `Map` keyed by camera name). */
function withoutCamera(artifacts: TypedStore<Artifacts>, camera: string): void {
  for (const key of artifacts.keys() as (keyof Artifacts)[]) {
    const value: unknown = artifacts.find(key);
    if (value instanceof Map && value.has(camera)) {
      artifacts.set(key, new Map([...(value as Map<string, unknown>)].filter(([name]) => name !== camera)) as never);
    }
  }
}

/** Runs every stage on one frame; returns the error that failed it, if any, and the cameras it went on without. */
async function processFrame(frame: Frame, deps: FrameDeps): Promise<{ error?: Error; dropped: ReadonlyMap<string, string> }> {
  const { runId, stages, runner, hooks, manifest, configHash } = deps;
  const index = frame.index;
  // Outputs are assembled in a staging folder and swapped in whole when the frame is done (frame-staging.ts).
  const finalName = frameDirName(index);
  const stagingName = frameStagingName(finalName);
  const frameOutput = deps.output.sub(stagingName);
  const startedAtIso = new Date().toISOString();
  await manifest.update(index, { status: 'running', configHash, startedAt: startedAtIso });
  // A camera whose image is blank next to the others' is gone without, as one whose image could not be read.
  const dropped = missingCameras(frame, deps.cameras);
  const blank = blankCameras(frame.images, deps.blankImageRatio);
  for (const [camera, reason] of blank) dropped.set(camera, reason);
  const images = blank.size === 0 ? frame.images : new Map([...frame.images].filter(([camera]) => !blank.has(camera)));
  const artifacts = new TypedStore<Artifacts>('frame');
  artifacts.set('rawImages', images);
  const frameStartedAt = performance.now();
  if (hooks.has('frameStart')) await hooks.emit('frameStart', { runId, at: frameStartedAt, frame: index });
  let failure: Error | undefined;
  if (dropped.size > 0 && images.size < deps.minCameras) {
    failure = frameCameraMissing(index, dropped, images.size, deps.minCameras);
    deps.log.error(`frame ${index} failed: ${failure.message}`);
  } else if (dropped.size > 0) {
    deps.log.warn(`frame ${index}: going on without camera(s) ${[...dropped.keys()].join(', ')} (preprocessing.min_cameras ${deps.minCameras})`);
  }
  const provenance: Record<string, JsonValue> = {};
  const left = new Set(images.keys());
  for (const [position, entry] of failure === undefined ? stages.entries() : []) {
    if (deps.signal.aborted) {
      const reason: unknown = deps.signal.reason;
      failure = new Error(
        `run interrupted before stage '${entry.stage.id}'${typeof reason === 'string' ? ` (${reason})` : ''}; the frame was abandoned`,
      );
      break;
    }
    deps.onProgress?.({ kind: 'stage', frame: index, stage: entry.stage.id, index: position, count: stages.length });
    const site = { runId, entry, phase: 'run' as const, frame: index };
    const ctx: StageContext = {
      frame: index,
      frameDir: frameOutput.root,
      artifacts,
      run: deps.runContextFor(entry),
      log: deps.log.child(`${entry.stage.id} · frame ${index}`), // the one place a stage's lines get their frame
      signal: deps.signal,
      output: frameOutput,
      span: runner.spanRunner(site),
      progress: (done, total) => deps.onProgress?.({ kind: 'stage-progress', frame: index, stage: entry.stage.id, done, total }),
      recordProvenance: (value) => {
        provenance[entry.stage.id] = value;
      },
      dropCamera: (camera, reason) => {
        if (!left.delete(camera)) return;
        dropped.set(camera, reason);
        withoutCamera(artifacts, camera);
      },
    };
    const before = left.size;
    try {
      await runner.run(site, () => entry.stage.run(ctx));
    } catch (error) {
      failure = error instanceof Error ? error : new Error(messageOf(error));
      deps.log.error(`frame ${index} failed: ${failure.message}`);
      break;
    }
    if (left.size < before) {
      if (left.size < deps.minCameras) {
        failure = frameCameraMissing(index, dropped, left.size, deps.minCameras);
        deps.log.error(`frame ${index} failed: ${failure.message}`);
        break;
      }
      deps.log.warn(`frame ${index}: going on without camera(s) ${[...dropped.keys()].join(', ')} (preprocessing.min_cameras ${deps.minCameras})`);
    }
  }
  if (failure === undefined) {
    try {
      await publishFrameDir(deps.output.root, stagingName, finalName);
    } catch (error) {
      failure = outputWrite(deps.output.resolve(finalName), error);
      deps.log.error(`frame ${index} failed: ${failure.message}`);
    }
  }
  if (failure !== undefined) await discardFrameDir(deps.output.root, stagingName, finalName);
  const inputHash = failure === undefined ? await fingerprintOf(deps.fingerprint, index) : undefined;
  const at = performance.now();
  const status = failure === undefined ? 'done' : 'failed';
  const record: FrameRecord = {
    madeBy: deps.madeBy,
    ...(dropped.size > 0 ? { droppedCameras: Object.fromEntries(dropped) } : {}),
    ...(deps.fallbacks.length > 0 ? { fallbacks: deps.fallbacks } : {}),
    ...(Object.keys(provenance).length > 0 ? { provenance } : {}),
  };
  if (hooks.has('frameEnd')) {
    await hooks.emit('frameEnd', {
      runId,
      at,
      frame: index,
      status,
      startedAt: frameStartedAt,
      durationMs: at - frameStartedAt,
      artifacts,
      record,
      ...(failure ? { error: failure } : {}),
    });
  }
  await manifest.update(index, {
    status,
    configHash,
    ...(inputHash === undefined ? {} : { inputHash }),
    startedAt: startedAtIso,
    finishedAt: new Date().toISOString(),
    durationMs: Math.round(at - frameStartedAt),
    ...(failure ? { error: failure.message } : {}),
    ...record,
  });
  return failure === undefined ? { dropped } : { error: failure, dropped };
}

/**
 * Calls every stage's `finish()` through the same protocol as `prepare`/`run` (hooks, `StageError`, never-settled
 * guard). A failing `finish` is logged and the others still run: the frames are already published. The failures
 * are returned: the run did not do everything it was asked to, and the CLI exits non-zero for it.
 */
async function finishStages(
  stages: readonly RegisteredStage[],
  runner: StageRunner,
  runId: string,
  runContextFor: (entry: RegisteredStage, phase: StagePhase) => RunContext,
  log: Logger,
): Promise<FinishFailure[]> {
  const failures: FinishFailure[] = [];
  for (const entry of stages) {
    const finish = entry.stage.finish?.bind(entry.stage);
    if (finish === undefined) continue;
    try {
      await runner.run({ runId, entry, phase: 'finish', frame: undefined }, () => finish(runContextFor(entry, 'finish')));
    } catch (error) {
      log.error(messageOf(error));
      failures.push({ stage: entry.stage.id, plugin: entry.plugin, error: error instanceof Error ? error : new Error(messageOf(error)) });
    }
  }
  return failures;
}

/** For each stage, the artifacts that the stages after it consume. */
function consumedAfterEach(stages: readonly RegisteredStage[]): Map<RegisteredStage, ReadonlySet<ArtifactKey>> {
  const result = new Map<RegisteredStage, ReadonlySet<ArtifactKey>>();
  const later = new Set<ArtifactKey>();
  for (let i = stages.length - 1; i >= 0; i--) {
    result.set(stages[i], new Set(later));
    for (const key of stages[i].stage.consumes) later.add(key);
  }
  return result;
}

/** The frame folders the stages declare as `intermediates`, each once. */
function intermediateFolders(stages: readonly RegisteredStage[]): string[] {
  return [...new Set(stages.flatMap((entry) => entry.stage.intermediates ?? []))];
}

/** `keep_intermediates: false`: delete `folders` (the stages' declared intermediates) from every frame. */
async function removeIntermediates(outputDir: string, folders: readonly string[]): Promise<void> {
  if (folders.length === 0) return;
  for (const entry of await readdir(outputDir, { withFileTypes: true })) {
    if (!entry.isDirectory() || !/^frame_\d+$/.test(entry.name)) continue;
    for (const sub of folders) await rm(join(outputDir, entry.name, sub), { recursive: true, force: true });
  }
}
