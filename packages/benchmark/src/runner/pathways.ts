import { PATHWAYS, type AquamvsConfig, type PathwayKey } from '@aquamvs/core';
import { benchmarkPathway } from '../errors.js';

/** One pathway of the comparison: a matcher and a pipeline mode applied to the base config. */
export interface BenchmarkPathway {
  /** `matcher:mode`, e.g. `classic:full` (also the record key). */
  readonly key: PathwayKey;
  /** Table label, e.g. `Classic full`, `LG+SP sparse`, `RoMa full`. */
  readonly label: string;
}

const EXTRACTOR_LABELS: Record<string, string> = { superpoint: 'SP', aliked: 'ALIKED', disk: 'DISK' };
const ALIASES: Record<string, PathwayKey> = { full: 'classic:full', sparse: 'classic:sparse' };

/** True when `key` names a pathway of core's `PATHWAYS`. */
function isPathwayKey(key: string): key is PathwayKey {
  return Object.hasOwn(PATHWAYS, key);
}

/** Why a pathway cannot run with `config` (its models are not configured), or `undefined` when it can. */
function missingModels(key: PathwayKey, config: AquamvsConfig): string | undefined {
  if (key.startsWith('lightglue:')) {
    const onnx = config.sparse_matching.onnx;
    if (onnx.extractor === null || onnx.matcher === null) return 'needs sparse_matching.onnx.extractor and .matcher in the config';
  }
  if (key.startsWith('roma:') && config.dense_matching.onnx.model === null) return 'needs dense_matching.onnx.model in the config';
  return undefined;
}

/** The table label of a pathway under `config` (the LightGlue label names the configured extractor). */
export function pathwayLabel(key: PathwayKey, config: AquamvsConfig): string {
  const [matcher, mode] = key.split(':');
  if (matcher === 'classic') return `Classic ${mode}`;
  if (matcher === 'roma') return `RoMa ${mode}`;
  const extractor = config.sparse_matching.extractor_type;
  return `LG+${EXTRACTOR_LABELS[extractor] ?? extractor.toUpperCase()} ${mode}`;
}

/**
 * The pathways to compare. With `requested` (keys such as `classic:full`, or `full`/`sparse` for the classic
 * ones) exactly those, in that order; otherwise RoMa full first when a RoMa model is configured (highest peak
 * memory, as in the reference), then classic full and sparse, then LightGlue full and sparse when its models are
 * configured. Throws `AQM_ERR_BENCHMARK_PATHWAY` for an unknown key or a pathway without its models.
 * @example
 * buildPathways(defaultConfig()).map((p) => p.key); // ['classic:full', 'classic:sparse']
 */
export function buildPathways(config: AquamvsConfig, requested?: readonly string[]): BenchmarkPathway[] {
  let keys: PathwayKey[];
  if (requested !== undefined && requested.length > 0) {
    keys = requested.map((raw) => {
      const key = ALIASES[raw] ?? raw;
      if (!isPathwayKey(key)) throw benchmarkPathway(raw, `unknown; expected one of full, sparse, ${Object.keys(PATHWAYS).join(', ')}`);
      const missing = missingModels(key, config);
      if (missing !== undefined) throw benchmarkPathway(raw, missing);
      return key;
    });
    keys = [...new Set(keys)];
  } else {
    const candidates: PathwayKey[] = ['roma:full', 'classic:full', 'classic:sparse', 'lightglue:full', 'lightglue:sparse'];
    keys = candidates.filter((key) => missingModels(key, config) === undefined);
  }
  return keys.map((key) => ({ key, label: pathwayLabel(key, config) }));
}

/** A copy of `config` set up for `pathway`: its matcher and mode, and no `pipeline.stages` override. */
export function applyPathway(config: AquamvsConfig, pathway: BenchmarkPathway): AquamvsConfig {
  const [matcher, mode] = pathway.key.split(':') as [AquamvsConfig['matcher_type'], AquamvsConfig['pipeline_mode']];
  return structuredClone({ ...config, matcher_type: matcher, pipeline_mode: mode, pipeline: { ...config.pipeline, stages: null } });
}
