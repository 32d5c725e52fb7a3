import type { DependencyContainer } from 'tsyringe';

/**
 * A plugin: registers stages (under `STAGE`) and hook subscribers (under `HOOKS`) in the container it is given.
 * Built-in stages are plugins exactly like third-party ones.
 * @example
 * export default function myPlugin(options: { gain?: number } = {}): AquamvsPlugin {
 *   return {
 *     name: 'aquamvs-plugin-gain',
 *     register(container) { container.register(STAGE, { useValue: new GainStage(options.gain ?? 1) }); },
 *   };
 * }
 */
export interface AquamvsPlugin {
  /** Equals the npm package name. Must be unique among loaded plugins. */
  readonly name: string;
  /** Optional semver range of `@aquamvs/core` this plugin works with, checked at load time. */
  readonly aquamvs?: string;
  /** Names of plugins that must also be loaded. */
  readonly dependencies?: readonly string[];
  /** Registers stages and hooks. Use only the container passed in, never the global one. */
  register(container: DependencyContainer): void;
}

/** The default export of a plugin module: a factory taking the options from config. */
export type AquamvsPluginFactory<Options = Record<string, unknown>> = (options?: Options) => AquamvsPlugin;

/** A `plugins:` entry in config: `'spec'` or `['spec', { ...options }]`. */
export type PluginSpec = string | readonly [string, Record<string, unknown>];

/** Identity helper that types a plugin factory. */
export function definePlugin<Options = Record<string, unknown>>(factory: AquamvsPluginFactory<Options>): AquamvsPluginFactory<Options> {
  return factory;
}
