import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AquamvsPlugin } from '@aquamvs/core';
import { planeSweepPlugin } from '@aquamvs/stage-depth';
import fusionPlugin from '@aquamvs/stage-fusion';
import matchingPlugin from '@aquamvs/stage-matching';
import surfacePlugin from '@aquamvs/stage-surface';
import undistortPlugin from '@aquamvs/stage-undistort';
import vizPlugin from '@aquamvs/viz';
import { frameSourcePlugin } from './frame-source-plugin.js';

/** The plugins every `aquamvs run` registers before the config's own `plugins:`: its frame source and the stages. */
export function builtinPlugins(): AquamvsPlugin[] {
  return [frameSourcePlugin(), undistortPlugin(), matchingPlugin(), planeSweepPlugin(), fusionPlugin(), surfacePlugin(), vizPlugin()];
}

/**
 * The CLI's own installation: where a config plugin given by package name (e.g. `@aquamvs/profiler`, which the CLI
 * ships) is found when the config's folder has no node_modules with it.
 */
export const CLI_INSTALL_DIR: string = dirname(fileURLToPath(import.meta.url));
