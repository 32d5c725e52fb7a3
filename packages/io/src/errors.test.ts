import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { IO_ERROR_CODES } from './errors.js';

const src = dirname(fileURLToPath(import.meta.url));

describe('IO_ERROR_CODES', () => {
  it('is sorted, uses the AQM_ERR_IO_ prefix, and lists exactly the codes thrown in src', () => {
    expect([...IO_ERROR_CODES]).toEqual([...IO_ERROR_CODES].sort());
    for (const code of IO_ERROR_CODES) expect(code).toMatch(/^AQM_ERR_IO_[A-Z_]+$/);
    const errorsSource = readFileSync(join(src, 'errors.ts'), 'utf8');
    const thrown = [...errorsSource.matchAll(/new AquamvsError\('(AQM_ERR_IO_[A-Z_]+)'/g)].map((m) => m[1]).sort();
    expect(thrown).toEqual([...IO_ERROR_CODES]);
    const used = readdirSync(src)
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && f !== 'errors.ts')
      .map((f) => readFileSync(join(src, f), 'utf8'))
      .join('\n');
    const factories = [...errorsSource.matchAll(/export const (\w+) = \(/g)].map((m) => m[1]);
    expect(factories).toHaveLength(IO_ERROR_CODES.length);
    for (const name of factories) expect(used).toMatch(new RegExp(`\\b${name}\\(`));
  });
});
