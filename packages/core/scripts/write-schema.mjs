// Writes packages/core/config.schema.json from the built zod schema (run after tsc, see package.json "build").
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { configJsonSchema } from '../dist/config/index.js';

const target = join(dirname(fileURLToPath(import.meta.url)), '..', 'config.schema.json');
writeFileSync(target, `${JSON.stringify(configJsonSchema(), null, 2)}\n`);
