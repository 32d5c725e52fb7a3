import { z } from 'zod';
import { EXPECTATIONS } from './schema.js';
import type { ConfigPath } from './yaml-locator.js';

/** The schema that validates the value at `path`, or undefined when the path leaves the schema. */
function schemaAt(root: z.ZodType, path: ConfigPath): z.ZodType | undefined {
  let schema: z.ZodType | undefined = root;
  for (const seg of path) {
    schema = unwrap(schema);
    if (schema instanceof z.ZodObject) schema = (schema.shape as Record<string, z.ZodType>)[String(seg)];
    else if (schema instanceof z.ZodArray) schema = schema.element as z.ZodType;
    else if (schema instanceof z.ZodRecord) schema = schema.valueType as z.ZodType;
    else if (schema instanceof z.ZodTuple) schema = (schema.def.items as z.ZodType[])[Number(seg)];
    else return undefined;
    if (!schema) return undefined;
  }
  return schema;
}

function unwrap(schema: z.ZodType): z.ZodType {
  let s = schema;
  for (;;) {
    if (s instanceof z.ZodDefault || s instanceof z.ZodPrefault || s instanceof z.ZodOptional) s = s.unwrap() as z.ZodType;
    else if (s instanceof z.ZodNullable) s = s.unwrap() as z.ZodType;
    else return s;
  }
}

/** Human wording of what `schema` accepts: `integer >= 1`, `one of "ncc", "ssim"`, `list of boolean`. */
function describeSchema(schema: z.ZodType): string {
  const own = EXPECTATIONS.get(schema);
  if (own) return own;
  if (schema instanceof z.ZodDefault || schema instanceof z.ZodPrefault || schema instanceof z.ZodOptional)
    return describeSchema(schema.unwrap() as z.ZodType);
  if (schema instanceof z.ZodNullable) return `${describeSchema(schema.unwrap() as z.ZodType)} or null`;
  if (schema instanceof z.ZodEnum) return `one of ${schema.options.map((o) => JSON.stringify(o)).join(', ')}`;
  if (schema instanceof z.ZodArray) return `list of ${describeSchema(schema.element as z.ZodType)}`;
  if (schema instanceof z.ZodRecord) return `mapping of ${describeSchema(schema.valueType as z.ZodType)}`;
  if (schema instanceof z.ZodObject) return 'mapping';
  if (schema instanceof z.ZodString) return 'string';
  if (schema instanceof z.ZodBoolean) return 'boolean (true or false)';
  // eslint-disable-next-line @typescript-eslint/no-deprecated -- zod 4 derives isInt from the int check and integer multipleOf; `format` alone misses the latter
  if (schema instanceof z.ZodNumber) return schema.isInt ? 'integer' : 'number';
  return 'a valid value';
}

/** Short rendering of a user value for `got …`. */
function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return value.length === 0 ? '[]' : `a list (${JSON.stringify(value).slice(0, 40)})`;
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return typeof value;
}

/** The value at `path` inside plain data. */
function valueAt(data: unknown, path: ConfigPath): unknown {
  let cur = data;
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[seg];
  }
  return cur;
}

/** One message for a zod issue, without location: `expected integer >= 1, got -3`. */
export function issueMessage(root: z.ZodType, issue: z.core.$ZodIssue, input: unknown): string {
  const got = describeValue(valueAt(input, issue.path));
  if (issue.code === 'custom') return `${issue.message}, got ${got}`;
  const schema = schemaAt(root, issue.path);
  const expected = schema ? describeSchema(schema) : issue.message;
  return `expected ${expected}, got ${got}`;
}
