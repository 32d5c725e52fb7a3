import { PRESET_NAMES, type AquamvsConfig, type PresetName } from './schema.js';
import { defaultConfig } from './config-to-yaml.js';

/** Values a quality preset sets (spec §2.7). */
export interface PresetValues {
  readonly num_depths: number;
  readonly window_size: number;
  readonly depth_batch_size: number;
  readonly max_keypoints: number;
  readonly voxel_size: number;
  readonly poisson_depth: number;
}

/** Quality presets exactly as the reference `PRESET_CONFIGS`; `balanced` equals the defaults. */
export const PRESETS: Readonly<Record<PresetName, PresetValues>> = {
  fast: { num_depths: 64, window_size: 7, depth_batch_size: 8, max_keypoints: 1024, voxel_size: 0.002, poisson_depth: 8 },
  balanced: { num_depths: 128, window_size: 11, depth_batch_size: 4, max_keypoints: 2048, voxel_size: 0.001, poisson_depth: 9 },
  quality: { num_depths: 256, window_size: 15, depth_batch_size: 1, max_keypoints: 4096, voxel_size: 0.0005, poisson_depth: 10 },
};

/** True when `name` is a preset name. */
export function isPresetName(name: string): name is PresetName {
  return (PRESET_NAMES as readonly string[]).includes(name);
}

const RECONSTRUCTION_KEYS = ['num_depths', 'window_size', 'depth_batch_size', 'voxel_size', 'poisson_depth'] as const;

/**
 * Returns a copy of `config` with preset `name` applied: each preset field is overwritten only
 * where the current value equals the schema default, so explicit user values win. Only
 * `aquamvs init --preset` uses this; `quality_preset` in a loaded config is never applied.
 */
export function applyPreset(config: AquamvsConfig, name: PresetName): AquamvsConfig {
  const preset = PRESETS[name];
  const defaults = defaultConfig();
  const out = structuredClone(config);
  for (const key of RECONSTRUCTION_KEYS) {
    if (out.reconstruction[key] === defaults.reconstruction[key]) out.reconstruction[key] = preset[key];
  }
  if (out.sparse_matching.max_keypoints === defaults.sparse_matching.max_keypoints) {
    out.sparse_matching.max_keypoints = preset.max_keypoints;
  }
  return out;
}
