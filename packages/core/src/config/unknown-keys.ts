import { z } from 'zod';
import { isPlainObject } from './migrate.js';
import { aquamvsConfigSchema } from './schema.js';
import type { ConfigPath } from './yaml-locator.js';

/** One group of unknown keys found in one section. */
export interface UnknownKeys {
  readonly section: ConfigPath;
  readonly keys: string[];
  readonly valid: string[];
}

/**
 * Finds keys that the schema does not declare, per section (top level, each section and nested
 * object such as `sparse_matching.onnx`). The reference kept them (`extra="allow"`); aquamvs rejects them,
 * because a misspelt key silently runs with the default.
 */
export function findUnknownKeys(data: unknown, schema: z.ZodType = aquamvsConfigSchema, at: ConfigPath = []): UnknownKeys[] {
  const object = unwrapObject(schema);
  if (!object || !isPlainObject(data)) return [];
  const shape = object.shape as Record<string, z.ZodType>;
  const valid = Object.keys(shape);
  const unknown = Object.keys(data).filter((k) => !(k in shape));
  const found: UnknownKeys[] = unknown.length > 0 ? [{ section: at, keys: unknown, valid }] : [];
  for (const key of valid) {
    if (key in data) found.push(...findUnknownKeys(data[key], shape[key], [...at, key]));
  }
  return found;
}

function unwrapObject(schema: z.ZodType): z.ZodObject | undefined {
  let s: z.ZodType = schema;
  while (s instanceof z.ZodDefault || s instanceof z.ZodPrefault || s instanceof z.ZodOptional || s instanceof z.ZodNullable)
    s = s.unwrap() as z.ZodType;
  return s instanceof z.ZodObject ? s : undefined;
}

/** `unknown key in reconstruction: num_depth (did you mean num_depths?); valid keys: …` */
export function unknownKeyMessage(found: UnknownKeys, key: string): string {
  const where = found.section.length === 0 ? 'top level' : found.section.join('.');
  const guess = closestKey(key, found.valid);
  return `unknown key in ${where}: ${key}${guess === undefined ? '' : ` (did you mean ${guess}?)`}; valid keys: ${found.valid.join(', ')}`;
}

/** The valid key nearest to `key` by edit distance, when it is a plausible typo (at most 2 edits). */
function closestKey(key: string, valid: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of valid) {
    const d = editDistance(key, candidate);
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}
