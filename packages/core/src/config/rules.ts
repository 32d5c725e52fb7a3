import type { AquamvsConfig } from './schema.js';

/** A problem found by a rule: the config path it is about and what was expected. */
export type RuleError = readonly [path: readonly (string | number)[], message: string];

/** Messages produced by the cross-field rules; rules may also normalise the config in place. */
export interface RuleOutput {
  readonly warnings: string[];
  readonly infos: string[];
  /** Values no run can use; any entry fails the load. */
  readonly errors: RuleError[];
}

/** A cross-field rule (spec §2.8 rule 6), run after schema validation. */
export type ConfigRule = (config: AquamvsConfig, out: RuleOutput) => void;

/** RoMa with a very low certainty threshold keeps mostly noise. */
const warnLowRomaCertainty: ConfigRule = (config, out) => {
  if (config.matcher_type === 'roma' && config.dense_matching.certainty_threshold < 0.1) {
    out.warnings.push(
      `dense_matching.certainty_threshold: ${config.dense_matching.certainty_threshold} is below 0.1 with matcher_type roma; expect many noisy correspondences`,
    );
  }
};

/** The features visualisation needs the saved features, so `save_features` is switched on. */
const forceSaveFeaturesForViz: ConfigRule = (config, out) => {
  const rt = config.runtime;
  if (rt.viz_enabled && (rt.viz_stages.length === 0 || rt.viz_stages.includes('features')) && !rt.save_features) {
    rt.save_features = true;
    out.infos.push('runtime.save_features set to true because the features visualisation is enabled');
  }
};

/** RoMa computes dense warps; using it only for a sparse cloud wastes most of that work. */
const warnRomaSparse: ConfigRule = (config, out) => {
  if (config.matcher_type === 'roma' && config.pipeline_mode === 'sparse') {
    out.warnings.push("matcher_type roma with pipeline_mode sparse is a wasteful combination: RoMa's dense warps are reduced to sparse matches");
  }
};

/** `quality_preset` is kept for compatibility but only `aquamvs init --preset` applies presets. */
const warnQualityPresetIgnored: ConfigRule = (config, out) => {
  if (config.quality_preset !== null) {
    out.warnings.push(
      `quality_preset '${config.quality_preset}' is deprecated and will NOT be applied at runtime; use 'aquamvs init --preset ${config.quality_preset}' to write concrete values`,
    );
  }
};

/** Smallest and largest voxel edge fusion accepts, metres: finer than any camera resolves, coarser than the rig. */
const VOXEL_SIZE_RANGE = [1e-5, 1] as const;

/** A voxel outside {@link VOXEL_SIZE_RANGE} is a unit mistake (µm or mm typed as m). */
const checkVoxelSize: ConfigRule = (config, out) => {
  const v = config.reconstruction.voxel_size;
  const [min, max] = VOXEL_SIZE_RANGE;
  if (v < min || v > max) out.errors.push([['reconstruction', 'voxel_size'], `expected a voxel edge in metres from ${min} to ${max}, got ${v}`]);
};

/**
 * Bounds of `num_depths`: a sweep needs two planes, and past 4096 the planes are closer than any depth the
 * images resolve while time and memory grow linearly. The memory of the cost volume itself is checked against
 * the calibrated image size before the first frame (CLI `check-run-inputs`).
 */
const NUM_DEPTHS_RANGE = [2, 4096] as const;

const checkNumDepths: ConfigRule = (config, out) => {
  const n = config.reconstruction.num_depths;
  const [min, max] = NUM_DEPTHS_RANGE;
  if (n < min || n > max) out.errors.push([['reconstruction', 'num_depths'], `expected an integer from ${min} to ${max} depth planes, got ${n}`]);
};

/** Rules in the order they run. */
const CONFIG_RULES: readonly ConfigRule[] = [
  warnLowRomaCertainty,
  forceSaveFeaturesForViz,
  warnRomaSparse,
  warnQualityPresetIgnored,
  checkVoxelSize,
  checkNumDepths,
];

/** Runs every rule of {@link CONFIG_RULES} on `config`. */
export function applyConfigRules(config: AquamvsConfig, out: RuleOutput): void {
  for (const rule of CONFIG_RULES) rule(config, out);
}
