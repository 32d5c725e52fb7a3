import type { OpenRunEnvironment } from '@aquamvs/queue';
import { builtinPlugins } from './builtin-plugins.js';
import { openConfiguredFrameSource } from './frame-source-for-config.js';

/** What `aquamvs worker` runs a queued run with: the config's inputs and the built-in stage plugins. */
export const openCliRunEnvironment: OpenRunEnvironment = async (spec, log) => {
  const frameSource = await openConfiguredFrameSource(spec.config, log);
  return { frameSource, plugins: builtinPlugins(), close: () => frameSource.close() };
};
