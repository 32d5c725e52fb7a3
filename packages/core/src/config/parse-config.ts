import { readFile } from 'node:fs/promises';
import { LineCounter, parseDocument } from 'yaml';
import { configInvalid, configNotFound, configYaml } from '../errors.js';
import { issueMessage } from './format-issue.js';
import { dropRemovedKeys, isPlainObject, migrateLegacySections, type Migration } from './migrate.js';
import { applyConfigRules, type RuleError } from './rules.js';
import { aquamvsConfigSchema, type AquamvsConfig } from './schema.js';
import { findUnknownKeys, unknownKeyMessage } from './unknown-keys.js';
import { formatPath, locate, YamlLocator } from './yaml-locator.js';

/** A config that loaded; `warnings` and `infos` are one line each, ready to log. */
export interface ConfigLoadSuccess {
  readonly ok: true;
  readonly config: AquamvsConfig;
  readonly warnings: readonly string[];
  readonly infos: readonly string[];
}

/** Why a config did not load: the file is missing, is not YAML, or does not validate. */
export type ConfigFailureKind = 'not_found' | 'yaml' | 'invalid';

/** A config that did not load. Every problem is in `errors`, one line each (`file:line:col path: message`). */
export interface ConfigLoadFailure {
  readonly ok: false;
  readonly kind: ConfigFailureKind;
  readonly errors: readonly string[];
  readonly warnings: readonly string[];
  readonly infos: readonly string[];
}

export type ConfigLoadResult = ConfigLoadSuccess | ConfigLoadFailure;

export interface ParseConfigOptions {
  /** File name used in messages; default `config.yaml`. */
  readonly file?: string;
}

const SECTIONS = ['preprocessing', 'sparse_matching', 'dense_matching', 'reconstruction', 'runtime'] as const;

/**
 * Parses and validates config YAML text. Never throws for user mistakes: YAML syntax errors, schema
 * violations (all of them, not just the first) and unusable legacy sections come back in `errors`.
 * Order: YAML → removed keys → legacy migration → unknown keys (errors) → zod → cross-field rules (errors, warnings).
 */
export function parseConfig(text: string, options: ParseConfigOptions = {}): ConfigLoadResult {
  const file = options.file ?? 'config.yaml';
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const warnings: string[] = doc.warnings.map((w) => yamlLine(file, lineCounter, w.pos[0], w.message));
  const infos: string[] = [];
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    return { ok: false, kind: 'yaml', errors: [yamlLine(file, lineCounter, e.pos[0], e.message)], warnings, infos };
  }
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: 1000 });
  } catch (error) {
    return { ok: false, kind: 'yaml', errors: [`${file}: ${(error as Error).message}`], warnings, infos };
  }
  raw ??= {};
  const bare = new YamlLocator(doc, lineCounter);
  if (!isPlainObject(raw)) {
    return { ok: false, kind: 'invalid', errors: [locate(file, bare, [], 'expected a mapping of config keys')], warnings, infos };
  }
  const data = raw;
  for (const section of SECTIONS) {
    if (data[section] === null) delete data[section];
  }
  const m: Migration = { aliases: new Map(), warnings, infos, errors: [] };
  for (const path of dropRemovedKeys(data)) {
    warnings.push(locate(file, bare, path, 'this key has been removed and is ignored; all outputs are now always saved', 'key'));
  }
  migrateLegacySections(data, m);
  for (const section of SECTIONS) {
    if (!(section in data)) infos.push(`Using default: ${section} (all defaults)`);
  }
  const locator = new YamlLocator(doc, lineCounter, m.aliases);
  const errors = m.errors.map(([path, message]) => locate(file, locator, path, message));
  // An unknown key is an error, not a warning: a typo such as `num_depth` would otherwise run for hours with the
  // default the user meant to change.
  for (const u of findUnknownKeys(data)) {
    for (const key of u.keys) errors.push(locate(file, locator, [...u.section, key], unknownKeyMessage(u, key), 'key'));
  }
  const parsed = aquamvsConfigSchema.safeParse(data);
  if (!parsed.success) {
    const seen = new Set<string>();
    for (const issue of parsed.error.issues) {
      const key = formatPath(issue.path);
      if (seen.has(key)) continue;
      seen.add(key);
      errors.push(locate(file, locator, issue.path, issueMessage(aquamvsConfigSchema, issue, data)));
    }
  }
  if (errors.length > 0 || !parsed.success) return { ok: false, kind: 'invalid', errors: bySourcePosition(errors), warnings, infos };
  const config = parsed.data;
  const ruleErrors: RuleError[] = [];
  applyConfigRules(config, { warnings, infos, errors: ruleErrors });
  if (ruleErrors.length > 0) {
    const lines = ruleErrors.map(([path, message]) => locate(file, locator, path, message));
    return { ok: false, kind: 'invalid', errors: bySourcePosition(lines), warnings, infos };
  }
  return { ok: true, config, warnings, infos };
}

/** Sorts located lines by `line:col` (stable; lines without a position keep their place at the end). */
function bySourcePosition(lines: string[]): string[] {
  const key = (l: string): number => {
    const m = /^[^ ]*?:(\d+):(\d+) /.exec(l);
    return m ? Number(m[1]) * 1e6 + Number(m[2]) : Number.MAX_SAFE_INTEGER;
  };
  return lines
    .map((l, i) => ({ l, i, k: key(l) }))
    .sort((a, b) => a.k - b.k || a.i - b.i)
    .map((x) => x.l);
}

function yamlLine(file: string, lines: LineCounter, offset: number, message: string): string {
  const { line, col } = lines.linePos(offset);
  return `${file}:${line}:${col} ${message.split('\n')[0]}`;
}

/** Reads and parses the config file at `path` (see {@link parseConfig}); a missing file is an error entry. */
export async function loadConfig(path: string): Promise<ConfigLoadResult> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const detail = code === 'ENOENT' ? '' : ` (${code ?? (error as Error).message})`;
    return { ok: false, kind: 'not_found', errors: [`config file not found: ${path}${detail}`], warnings: [], infos: [] };
  }
  return parseConfig(text, { file: path });
}

/**
 * Like {@link loadConfig} but throws `AQM_ERR_CONFIG_NOT_FOUND`, `AQM_ERR_CONFIG_YAML` or
 * `AQM_ERR_CONFIG_INVALID`. `onMessage` receives the warnings and infos of a successful load.
 */
export async function loadConfigOrThrow(path: string, onMessage?: (level: 'warn' | 'info', line: string) => void): Promise<AquamvsConfig> {
  const result = await loadConfig(path);
  if (!result.ok) {
    if (result.kind === 'not_found') throw configNotFound(path);
    if (result.kind === 'yaml') throw configYaml(path, result.errors.map((e) => e.replace(`${path}:`, '')).join('; '));
    throw configInvalid(path, result.errors);
  }
  for (const w of result.warnings) onMessage?.('warn', w);
  for (const i of result.infos) onMessage?.('info', i);
  return result.config;
}
