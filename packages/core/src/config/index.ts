export {
  aquamvsConfigSchema,
  PRESET_NAMES,
  VIZ_STAGES,
  type AquamvsConfigInput,
  type DenseMatchingConfig,
  type MatcherType,
  type PipelineSectionConfig,
  type PluginEntry,
  type PreprocessingConfig,
  type PresetName,
  type ReconstructionConfig,
  type RuntimeConfig,
  type SparseMatchingConfig,
} from './schema.js';
export {
  loadConfig,
  loadConfigOrThrow,
  parseConfig,
  type ConfigFailureKind,
  type ConfigLoadFailure,
  type ConfigLoadResult,
  type ConfigLoadSuccess,
  type ParseConfigOptions,
} from './parse-config.js';
export { configToYaml, defaultConfig } from './config-to-yaml.js';
export { applyPreset, isPresetName, PRESETS, type PresetValues } from './presets.js';
export { CONFIG_SCHEMA_URL, configJsonSchema } from './json-schema.js';
export { detectInputType, type FsProbe, type InputType } from './input-type.js';
export { type ConfigRule, type RuleOutput } from './rules.js';
export { resolveConfigPaths, type ResolvedPathNote } from './resolve-paths.js';
export { applyRunFallbacks, describeFallback, type RunFallback } from './run-fallbacks.js';
