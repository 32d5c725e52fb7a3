import type { AquamvsPlugin } from '@aquamvs/core';

/** The stage plugins every `aquamvs run` registers before the config's own `plugins:`. */
export function builtinPlugins(): AquamvsPlugin[] {
  return [];
}
