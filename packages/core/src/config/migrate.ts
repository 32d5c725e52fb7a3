import type { ConfigPath } from './yaml-locator.js';

/** Keys removed from the reference config (top level or in `runtime`); all outputs are always saved now. */
const REMOVED_KEYS = ['save_depth_maps', 'save_point_cloud', 'save_mesh'] as const;

type Data = Record<string, unknown>;

/** Result of normalising raw YAML data before validation. */
export interface Migration {
  /** New dotted path → original path in the YAML source (for error positions). */
  readonly aliases: Map<string, ConfigPath>;
  readonly warnings: string[];
  readonly infos: string[];
  /** Legacy sections whose value was not usable: [path, message]. */
  readonly errors: [ConfigPath, string][];
}

interface LegacyRule {
  readonly target: 'preprocessing' | 'sparse_matching' | 'reconstruction' | 'runtime';
  readonly rename: (key: string) => string;
}

const verbatim = (key: string): string => key;
const renames =
  (map: Record<string, string>) =>
  (key: string): string =>
    map[key] ?? key;

/** Spec §2.8 rule 3: legacy flat sections and where their keys go. */
const LEGACY: Readonly<Record<string, LegacyRule>> = {
  color_norm: { target: 'preprocessing', rename: renames({ enabled: 'color_norm_enabled', method: 'color_norm_method' }) },
  frame_sampling: { target: 'preprocessing', rename: (k) => `frame_${k}` },
  feature_extraction: { target: 'sparse_matching', rename: verbatim },
  pair_selection: { target: 'sparse_matching', rename: verbatim },
  matching: { target: 'sparse_matching', rename: verbatim },
  dense_stereo: { target: 'reconstruction', rename: verbatim },
  fusion: { target: 'reconstruction', rename: verbatim },
  surface: { target: 'reconstruction', rename: verbatim },
  outlier_removal: {
    target: 'reconstruction',
    rename: renames({ enabled: 'outlier_removal_enabled', nb_neighbors: 'outlier_nb_neighbors', std_ratio: 'outlier_std_ratio' }),
  },
  output: { target: 'runtime', rename: verbatim },
  evaluation: { target: 'runtime', rename: verbatim },
  visualization: { target: 'runtime', rename: renames({ enabled: 'viz_enabled', stages: 'viz_stages' }) },
  benchmark: { target: 'runtime', rename: renames({ extractors: 'benchmark_extractors', clahe: 'benchmark_clahe' }) },
};

export const isPlainObject = (v: unknown): v is Data => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Deletes removed keys from the top level and from `runtime`; returns their paths (for warnings). */
export function dropRemovedKeys(data: Data): string[][] {
  const removed: string[][] = [];
  const scopes: [Data, string[]][] = [[data, []]];
  if (isPlainObject(data.runtime)) scopes.push([data.runtime, ['runtime']]);
  for (const [scope, prefix] of scopes) {
    for (const key of REMOVED_KEYS) {
      if (!(key in scope)) continue;
      delete scope[key];
      removed.push([...prefix, key]);
    }
  }
  return removed;
}

/**
 * Moves legacy flat sections into the current sections (spec §2.8 rule 3). Keys already present in
 * the current section win over legacy ones.
 */
export function migrateLegacySections(data: Data, m: Migration): void {
  for (const [legacy, rule] of Object.entries(LEGACY)) {
    if (!(legacy in data)) continue;
    const value = data[legacy];
    if (!isPlainObject(value)) {
      m.errors.push([[legacy], `legacy section '${legacy}' must be a mapping`]);
      continue;
    }
    const target = ensureSection(data, rule.target, m);
    if (!target) continue;
    for (const [key, v] of Object.entries(value)) moveKey(target, rule.rename(key), v, [rule.target], [legacy, key], m);
    delete data[legacy];
    m.infos.push(`Migrating legacy config key '${legacy}' into '${rule.target}'`);
  }
  if ('device' in data) {
    const value = data.device;
    const device = isPlainObject(value) ? value.device : value;
    const target = ensureSection(data, 'runtime', m);
    if (target) {
      moveKey(target, 'device', device, ['runtime'], isPlainObject(value) ? ['device', 'device'] : ['device'], m);
      delete data.device;
      m.infos.push(`Migrating legacy config key 'device' into 'runtime'`);
    }
  }
}

function ensureSection(data: Data, name: string, m: Migration): Data | undefined {
  if (data[name] === undefined || data[name] === null) data[name] = {};
  const section = data[name];
  if (isPlainObject(section)) return section;
  m.errors.push([[name], `expected mapping, got ${Array.isArray(section) ? 'a list' : JSON.stringify(section)}`]);
  return undefined;
}

function moveKey(target: Data, key: string, value: unknown, at: string[], from: ConfigPath, m: Migration): void {
  if (key in target) {
    m.warnings.push(`legacy config key '${from.join('.')}' ignored: '${[...at, key].join('.')}' is also set`);
    return;
  }
  target[key] = value;
  m.aliases.set([...at, key].join('.'), from);
}
