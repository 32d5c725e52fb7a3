import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { aquamvsConfigSchema } from './schema.js';

function objectShape(schema: z.ZodType): Record<string, z.ZodType> | undefined {
  let s = schema;
  while (s instanceof z.ZodDefault || s instanceof z.ZodPrefault || s instanceof z.ZodNullable) s = s.unwrap() as z.ZodType;
  return s instanceof z.ZodObject ? s.shape : undefined;
}

/** `[section, key]` for every documented leaf: nested objects inside a section become `onnx.model`. */
function leaves(): [string, string][] {
  const out: [string, string][] = [];
  for (const [key, schema] of Object.entries(aquamvsConfigSchema.shape as Record<string, z.ZodType>)) {
    const shape = objectShape(schema);
    if (!shape) {
      out.push(['', key]);
      continue;
    }
    for (const [inner, innerSchema] of Object.entries(shape)) {
      const nested = objectShape(innerSchema);
      if (nested) for (const leaf of Object.keys(nested)) out.push([key, `${inner}.${leaf}`]);
      else out.push([key, inner]);
    }
  }
  return out;
}

describe('docs/config.md', () => {
  const doc = readFileSync(new URL('../../../../docs/config.md', import.meta.url), 'utf8');
  const sectionText = (name: string): string => {
    const start = doc.indexOf(`## \`${name}\``);
    const end = doc.indexOf('\n## ', start + 1);
    return start < 0 ? '' : doc.slice(start, end < 0 ? undefined : end);
  };

  it('documents every key of the schema in its section table', () => {
    const all = leaves();
    expect(all.length).toBe(66);
    // A table row's first cell; Prettier pads cells to the column width.
    const row = (key: string): RegExp => new RegExp(`^\\| \`${key.replace(/[.]/g, '\\.')}\` +\\|`, 'm');
    const missing = all.filter(
      ([section, key]) => !row(key).test(section === '' ? doc.slice(0, doc.indexOf('## `preprocessing`')) : sectionText(section)),
    );
    expect(missing).toEqual([]);
  });
});
