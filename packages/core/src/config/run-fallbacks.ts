import { matcherModelMissing } from '../errors.js';
import type { AquamvsConfig } from './schema.js';

/**
 * A setting the run could not honour on this machine, and what it used instead. Recorded in every frame's `run.json`
 * entry and in the run summary, and logged as one warning, so a result is never silently made another way.
 */
export interface RunFallback {
  /** The config key, as a dot path: `matcher_type`, `runtime.device`. */
  readonly key: string;
  readonly requested: string;
  readonly used: string;
  readonly reason: string;
}

/** `matcher_type: lightglue` and `roma` need model files that a config from the reference never names. */
function missingModelKeys(config: AquamvsConfig): string[] {
  const isUnset = (path: string | null): boolean => path === null || path === '';
  if (config.matcher_type === 'lightglue') {
    const onnx = config.sparse_matching.onnx;
    return (['extractor', 'matcher'] as const).filter((k) => isUnset(onnx[k])).map((k) => `sparse_matching.onnx.${k}`);
  }
  if (config.matcher_type === 'roma') return isUnset(config.dense_matching.onnx.model) ? ['dense_matching.onnx.model'] : [];
  return [];
}

/**
 * The config a run actually uses, and the fallbacks that made it differ from `config`:
 * - a learned matcher without its model on the **full** pathway → the built-in `classic` matcher (the pathway's
 *   product is the surface; the matches only bound the depth range);
 * - on the **sparse** pathway the matches *are* the product, so a missing model throws
 *   `AQM_ERR_MATCHER_MODEL_MISSING` instead;
 * - `runtime.device: cuda` on a pathway with no stage that reads it (only RoMa does) → `cpu`.
 *
 * A config with an explicit `pipeline.stages` list gets none of these: it runs exactly the stages it names, and a
 * stage without its model fails in `prepare()`.
 */
export function applyRunFallbacks(config: AquamvsConfig): { config: AquamvsConfig; fallbacks: RunFallback[] } {
  const fallbacks: RunFallback[] = [];
  if (config.pipeline.stages !== null && config.pipeline.stages !== undefined) return { config, fallbacks };
  let effective = config;
  const missing = missingModelKeys(config);
  if (missing.length > 0) {
    if (config.pipeline_mode === 'sparse') throw matcherModelMissing(config.matcher_type, missing);
    fallbacks.push({
      key: 'matcher_type',
      requested: config.matcher_type,
      used: 'classic',
      reason: `no ${config.matcher_type} model installed (${missing.join(', ')} unset); the full pathway uses the built-in matcher for its depth ranges`,
    });
    effective = { ...effective, matcher_type: 'classic' };
  }
  if (effective.runtime.device === 'cuda' && effective.matcher_type !== 'roma') {
    fallbacks.push({
      key: 'runtime.device',
      requested: 'cuda',
      used: 'cpu',
      reason: `no stage of the ${effective.matcher_type} pathway runs on a GPU`,
    });
    effective = { ...effective, runtime: { ...effective.runtime, device: 'cpu' } };
  }
  return { config: effective, fallbacks };
}

/** One line for the log: `matcher_type: lightglue → classic (no lightglue model installed …)`. */
export function describeFallback(fallback: RunFallback): string {
  return `${fallback.key}: ${fallback.requested} → ${fallback.used} (${fallback.reason})`;
}
