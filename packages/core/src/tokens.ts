import type { HookSubscriber } from './hooks.js';
import type { Stage } from './stage.js';
import type { AquamvsConfig } from './config/schema.js';
import type { Logger } from './logger.js';

/** A DI token that carries the type of the value registered under it. */
export type Token<T> = symbol & { readonly __value?: T };

/** Pipeline stages. Every plugin registers its stages under this token. */
export const STAGE = Symbol.for('@aquamvs/core:stage') as Token<Stage>;
/** Hook subscribers. */
export const HOOKS = Symbol.for('@aquamvs/core:hooks') as Token<HookSubscriber>;
/** The validated config of the current run (registered by the engine before plugins). */
export const CONFIG = Symbol.for('@aquamvs/core:config') as Token<AquamvsConfig>;
/** The run's root logger. */
export const LOGGER = Symbol.for('@aquamvs/core:logger') as Token<Logger>;
