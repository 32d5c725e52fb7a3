import type { HookSubscriber } from './hooks.js';
import type { Stage } from './stage.js';
import type { Logger } from './logger.js';
import type { AquamvsConfig } from './config/schema.js';
import type { FrameSource } from './frame-source.js';

/** A DI token that carries the type of the value registered under it. */
export type Token<T> = symbol & { readonly __value?: T };

/**
 * Pipeline stages. A plugin registers a stage *class* (`useClass`, constructed by the run container with its
 * `@inject`ed services) or a factory (`useFactory`); the engine constructs every stage after all plugins registered,
 * so a service a later plugin overrides is the one each stage gets.
 */
export const STAGE = Symbol.for('@aquamvs/core:stage') as Token<Stage>;
/** Hook subscribers, registered and constructed like stages. */
export const HOOKS = Symbol.for('@aquamvs/core:hooks') as Token<HookSubscriber>;
/** The run's root logger, for services that log outside a stage call. */
export const LOGGER = Symbol.for('@aquamvs/core:logger') as Token<Logger>;

/** Opens the frames a run reads, from the run's config (paths already resolved). */
export type FrameSourceOpener = (config: AquamvsConfig, log: Logger) => FrameSource | Promise<FrameSource>;

/**
 * Where `runPipeline` gets its frames when the caller passes none. The CLI registers the image-folder/video opener
 * (`@aquamvs/cli`, a built-in); a config plugin registered later replaces it (last registration wins), e.g. a lab's
 * own camera format. The engine closes the source after the run.
 * @example
 * container.register(FRAME_SOURCE, { useValue: (config) => openMyCameras(config.camera_input_map) });
 */
export const FRAME_SOURCE = Symbol.for('@aquamvs/core:frame-source') as Token<FrameSourceOpener>;
