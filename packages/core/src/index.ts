import 'reflect-metadata';

export type {
  ArtifactKey,
  ArtifactStore,
  Artifacts,
  CoreArtifacts,
  DepthMap,
  DepthRange,
  FrameImage,
  PointCloud,
  ResourceStore,
  RunResourceKey,
  RunResources,
  SparseCloud,
  SurfaceMesh,
} from './artifacts.js';
export { TypedStore } from './artifacts.js';
export { cellAxis, normalisedToPixel } from './dense-warp.js';
export type { DensePair, DenseWarp, DenseWarpSource, WarpPixelConvention } from './dense-warp.js';
export { AquamvsError, CORE_ERROR_CODES, StageError, configInvalid, inputInvalid, isAquamvsError, messageOf, outputWrite } from './errors.js';
export type { AquamvsErrorOptions } from './errors.js';
export { frameRange } from './frame-source.js';
export { selectFrames } from './engine/select-frames.js';
export { withRepeatedImageCheck } from './engine/repeated-images.js';
export type { Frame, FrameSource } from './frame-source.js';
export { createMemoryFrameSource } from './memory-frame-source.js';
export { HOOK_NAMES, HOOK_ORDER } from './hooks.js';
export type {
  AfterStageEvent,
  Awaitable,
  BeforeStageEvent,
  FrameArtifacts,
  FrameEndEvent,
  FrameStartEvent,
  FrameStatus,
  HookEvent,
  HookName,
  HookSubscriber,
  PipelineHooks,
  RunEndEvent,
  RunStartEvent,
  SpanEndEvent,
  SpanStartEvent,
  StageErrorEvent,
  StagePhase,
} from './hooks.js';
export { createLogger, formatLogLine, LOG_FORMATS, silentLogger } from './logger.js';
export type { LogFormat, LogLevel, LogSink, Logger } from './logger.js';
export { createOutputWriter } from './output/output-writer.js';
export { collectWorkerGarbage, releaseWorkerThread } from './worker-garbage.js';
export type { ReleaseTask } from './worker-garbage.js';
export type { OutputWriter } from './output/output-writer.js';
export { fileFingerprint } from './output/file-fingerprint.js';
export { MANIFEST_FILE, readRunManifest } from './output/run-manifest.js';
export type { FrameRecord, JsonValue, ManifestFinishFailure, ManifestFrame, RunManifest } from './output/run-manifest.js';
export { definePlugin } from './plugin.js';
export type { AquamvsPlugin, AquamvsPluginFactory, PluginSpec } from './plugin.js';
export { assertSafeFileName, isSafeFileName } from './safe-name.js';
export type { RunContext, SpanOptions, SpanRunner, Stage, StageContext } from './stage.js';
export { FRAME_SOURCE, HOOKS, LOGGER, STAGE } from './tokens.js';
// Stage packages take tsyringe's decorators from here, so they use core's copy (and reflect-metadata is loaded first).
export { inject, injectable } from 'tsyringe';
export type { DependencyContainer } from 'tsyringe';
export type { FrameSourceOpener, Token } from './tokens.js';
export { CORE_VERSION } from './version.js';
export { cloneableWorkerError, reviveWorkerError, workerScriptUrl } from './worker-support.js';
export { instantiateKernels } from './wasm-kernels.js';
export { spanOptionsFor, timeWork, WorkerActivity } from './work-timing.js';
export { releaseThreads, WorkerPool, withWorkerPool } from './worker-pool.js';
export { startWorkerThreads } from './worker-threads.js';
export type { TimedValue, WorkTiming } from './work-timing.js';
export { PATHWAYS } from './engine/pathways.js';
export type { PathwayKey } from './engine/pathways.js';
export { resolveAllOf } from './engine/register-plugins.js';
export { pluginCodeFingerprint } from './engine/plugin-loader.js';
export { frameDirName, keptFramesNotice, processingConfigHash, runPipeline } from './engine/run-pipeline.js';
export type { FinishFailure, PipelineProgress, RunPipelineOptions, RunSummary } from './engine/run-pipeline.js';
export type { RegisteredStage } from './engine/validate-stages.js';
export type { AquamvsConfig } from './config/schema.js';
export {
  aquamvsConfigSchema,
  applyPreset,
  CONFIG_SCHEMA_URL,
  configJsonSchema,
  configToYaml,
  defaultConfig,
  detectInputType,
  isPresetName,
  loadConfig,
  loadConfigOrThrow,
  parseConfig,
  PRESET_NAMES,
  PRESETS,
  resolveConfigPaths,
  applyRunFallbacks,
  VIZ_STAGES,
} from './config/index.js';
export type {
  AquamvsConfigInput,
  ConfigFailureKind,
  ConfigLoadFailure,
  ConfigLoadResult,
  ConfigLoadSuccess,
  ConfigRule,
  DenseMatchingConfig,
  FsProbe,
  InputType,
  MatcherType,
  ParseConfigOptions,
  PipelineSectionConfig,
  PluginEntry,
  PreprocessingConfig,
  PresetName,
  PresetValues,
  ResolvedPathNote,
  ReconstructionConfig,
  RuleOutput,
  RunFallback,
  RuntimeConfig,
  SparseMatchingConfig,
} from './config/index.js';
export { isRunning as isProcessRunning } from './output/output-lock.js';
