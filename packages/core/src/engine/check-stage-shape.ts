import { pluginInvalid } from '../errors.js';
import { isSafeFileName } from '../safe-name.js';

/**
 * Checks that a registered stage has the {@link Stage} shape before the engine relies on it, so a plugin's
 * mistake (e.g. `consumes: 'rawImages'`) is `AQM_ERR_PLUGIN_INVALID` naming the plugin, not a crash.
 */
export function checkStageShape(plugin: string, stage: unknown): void {
  if (typeof stage !== 'object' || stage === null) throw pluginInvalid(plugin, `registered a stage that is not an object (${typeof stage})`);
  const s = stage as Record<string, unknown>;
  if (typeof s.id !== 'string' || s.id === '') throw pluginInvalid(plugin, "registered a stage without a string 'id'");
  for (const key of ['consumes', 'produces']) {
    const value = s[key];
    if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
      throw pluginInvalid(plugin, `stage '${s.id}': '${key}' must be an array of artifact keys, got ${JSON.stringify(value) ?? typeof value}`);
    }
  }
  if (
    s.intermediates !== undefined &&
    !(Array.isArray(s.intermediates) && s.intermediates.every((name) => typeof name === 'string' && isSafeFileName(name)))
  ) {
    throw pluginInvalid(plugin, `stage '${s.id}': 'intermediates' must be an array of folder names, got ${JSON.stringify(s.intermediates)}`);
  }
  if (typeof s.run !== 'function') throw pluginInvalid(plugin, `stage '${s.id}': 'run' must be a function`);
  for (const key of ['prepare', 'finish']) {
    if (s[key] !== undefined && typeof s[key] !== 'function')
      throw pluginInvalid(plugin, `stage '${s.id}': '${key}' must be a function when present`);
  }
}
