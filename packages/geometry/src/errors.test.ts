import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GEOMETRY_ERROR_CODES } from './errors.js';

describe('GEOMETRY_ERROR_CODES', () => {
  it('is sorted, unique and follows AQM_ERR_<AREA>_<WHAT>', () => {
    expect([...GEOMETRY_ERROR_CODES].sort()).toEqual([...GEOMETRY_ERROR_CODES]);
    expect(new Set(GEOMETRY_ERROR_CODES).size).toBe(GEOMETRY_ERROR_CODES.length);
    for (const code of GEOMETRY_ERROR_CODES) expect(code).toMatch(/^AQM_ERR_[A-Z]+_[A-Z_]+$/);
  });

  it('lists exactly the codes thrown by the factories in errors.ts and documented in the README', () => {
    const source = readFileSync(new URL('./errors.ts', import.meta.url), 'utf8');
    const thrown = new Set([...source.matchAll(/new AquamvsError\(\s*'(AQM_ERR_[A-Z_]+)'/g)].map((m) => m[1]));
    expect([...thrown].sort()).toEqual([...GEOMETRY_ERROR_CODES]);
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    for (const code of GEOMETRY_ERROR_CODES) expect(readme).toContain(`\`${code}\``);
  });
});
