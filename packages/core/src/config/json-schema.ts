import { z } from 'zod';
import { aquamvsConfigSchema } from './schema.js';

/** Public URL of the committed schema (for `# yaml-language-server: $schema=`). */
export const CONFIG_SCHEMA_URL = 'https://unpkg.com/@aquamvs/core/config.schema.json';

/**
 * JSON Schema (draft 2020-12) of what a user may write in `config.yaml` (every key optional, defaults
 * listed). Generated with `z.toJSONSchema`; committed as `packages/core/config.schema.json`.
 */
export function configJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(aquamvsConfigSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return {
    ...schema,
    $id: CONFIG_SCHEMA_URL,
    title: 'aquamvs config.yaml',
    description: 'Pipeline configuration of aquamvs. Unknown keys are kept but reported as warnings.',
  };
}
