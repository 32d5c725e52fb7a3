import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configJsonSchema } from './json-schema.js';

describe('configJsonSchema', () => {
  const schema = configJsonSchema();

  it('equals the committed config.schema.json (run `pnpm build` in packages/core to refresh it)', () => {
    const committed: unknown = JSON.parse(readFileSync(new URL('../../config.schema.json', import.meta.url), 'utf8'));
    expect(committed).toEqual(schema);
  });

  it('describes defaults, enums and integer bounds', () => {
    const props = schema.properties as Record<string, { default?: unknown; properties?: Record<string, Record<string, unknown>> }>;
    expect(props.matcher_type).toMatchObject({ default: 'classic', enum: ['classic', 'lightglue', 'roma'] });
    expect(props.reconstruction.properties?.num_depths).toMatchObject({ type: 'integer', minimum: 1, default: 128 });
    expect(props.runtime.properties?.device).toMatchObject({ enum: ['cpu', 'cuda'] });
    expect(schema.required ?? []).toEqual([]);
  });
});
