import { stringify } from 'yaml';
import { z } from 'zod';
import { isPlainObject } from './migrate.js';
import { aquamvsConfigSchema, type AquamvsConfig } from './schema.js';

/** A fresh config with every default (spec §2.1–2.6 plus aquamvs additions). */
export function defaultConfig(): AquamvsConfig {
  return aquamvsConfigSchema.parse({});
}

/**
 * Serialises every field (defaults included, plus kept unknown keys after the declared ones) in
 * declaration order, block style. `parseConfig(configToYaml(c))` deep-equals `c`.
 */
export function configToYaml(config: AquamvsConfig): string {
  return stringify(ordered(config, aquamvsConfigSchema), {
    indent: 2,
    lineWidth: 0,
    nullStr: 'null',
    aliasDuplicateObjects: false,
  });
}

/** Copies `value` with object keys in the order the schema declares them, extras after. */
function ordered(value: unknown, schema: z.ZodType | undefined): unknown {
  const object = objectSchema(schema);
  if (Array.isArray(value)) return value.map((v) => ordered(v, undefined));
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  const shape = object ? (object.shape as Record<string, z.ZodType>) : {};
  for (const key of Object.keys(shape)) {
    if (key in value) out[key] = ordered(value[key], shape[key]);
  }
  for (const [key, v] of Object.entries(value)) {
    if (!(key in out)) out[key] = ordered(v, undefined);
  }
  return out;
}

function objectSchema(schema: z.ZodType | undefined): z.ZodObject | undefined {
  let s = schema;
  while (s instanceof z.ZodDefault || s instanceof z.ZodPrefault || s instanceof z.ZodNullable || s instanceof z.ZodOptional)
    s = s.unwrap() as z.ZodType;
  return s instanceof z.ZodObject ? s : undefined;
}
