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
 * object such as `sparse_matching.onnx`). They are kept in the config (the reference used
 * `extra="allow"`) but reported once per section.
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
