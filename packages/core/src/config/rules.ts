import type { AquamvsConfig } from './schema.js';

/** Messages produced by the cross-field rules; rules may also normalise the config in place. */
export interface RuleOutput {
  readonly warnings: string[];
  readonly infos: string[];
}

/** A cross-field rule (spec §2.8 rule 6), run after schema validation. */
export type ConfigRule = (config: AquamvsConfig, out: RuleOutput) => void;

/** RoMa with a very low certainty threshold keeps mostly noise. */
export const warnLowRomaCertainty: ConfigRule = (config, out) => {
  if (config.matcher_type === 'roma' && config.dense_matching.certainty_threshold < 0.1) {
    out.warnings.push(
      `dense_matching.certainty_threshold: ${config.dense_matching.certainty_threshold} is below 0.1 with matcher_type roma; expect many noisy correspondences`,
    );
  }
};

/** The features visualisation needs the saved features, so `save_features` is switched on. */
export const forceSaveFeaturesForViz: ConfigRule = (config, out) => {
  const rt = config.runtime;
  if (rt.viz_enabled && (rt.viz_stages.length === 0 || rt.viz_stages.includes('features')) && !rt.save_features) {
    rt.save_features = true;
    out.infos.push('runtime.save_features set to true because the features visualisation is enabled');
  }
};

/** RoMa computes dense warps; using it only for a sparse cloud wastes most of that work. */
export const warnRomaSparse: ConfigRule = (config, out) => {
  if (config.matcher_type === 'roma' && config.pipeline_mode === 'sparse') {
    out.warnings.push(
      "matcher_type roma with pipeline_mode sparse is a wasteful combination: RoMa's dense warps are reduced to sparse matches",
    );
  }
};

/** `quality_preset` is kept for compatibility but only `aquamvs init --preset` applies presets. */
export const warnQualityPresetIgnored: ConfigRule = (config, out) => {
  if (config.quality_preset !== null) {
    out.warnings.push(
      `quality_preset '${config.quality_preset}' is deprecated and will NOT be applied at runtime; use 'aquamvs init --preset ${config.quality_preset}' to write concrete values`,
    );
  }
};

/** Rules in the order they run. */
export const CONFIG_RULES: readonly ConfigRule[] = [warnLowRomaCertainty, forceSaveFeaturesForViz, warnRomaSparse, warnQualityPresetIgnored];

/** Runs every rule of {@link CONFIG_RULES} on `config`. */
export function applyConfigRules(config: AquamvsConfig, out: RuleOutput): void {
  for (const rule of CONFIG_RULES) rule(config, out);
}
