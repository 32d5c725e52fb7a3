import type { EnvironmentModule, OpenRunEnvironment } from '@aquamvs/queue';
import { builtinPlugins, CLI_INSTALL_DIR } from './builtin-plugins.js';
import { MADE_BY } from './cli-version.js';
import { openConfiguredFrameSource } from './frame-source-for-config.js';

/**
 * What `aquamvs worker` runs a queued run with: the config's inputs and the built-in stage plugins. Each worker
 * slot's frame thread imports this module ({@link CLI_RUN_ENVIRONMENT}) and calls this export by name.
 * @public
 */
export const openRunEnvironment: OpenRunEnvironment = async (spec, log) => {
  const frameSource = await openConfiguredFrameSource(spec.config, log);
  return { frameSource, plugins: builtinPlugins(), pluginFallbackDirs: [CLI_INSTALL_DIR], madeBy: MADE_BY, close: () => frameSource.close() };
};

/** This module, as the environment module of `aquamvs worker`'s frame threads. */
export const CLI_RUN_ENVIRONMENT: EnvironmentModule = { module: new URL(import.meta.url) };
