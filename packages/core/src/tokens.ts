import type { HookSubscriber } from './hooks.js';
import type { Stage } from './stage.js';
import type { Logger } from './logger.js';

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
