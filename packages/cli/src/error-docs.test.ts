import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** Every `AQM_ERR_*` code declared in a package's `src/errors.ts`. */
function declaredCodes(): Map<string, string> {
  const codes = new Map<string, string>();
  for (const pkg of readdirSync(join(repo, 'packages'))) {
    const file = join(repo, 'packages', pkg, 'src', 'errors.ts');
    if (!existsSync(file)) continue;
    for (const match of readFileSync(file, 'utf8').matchAll(/'(AQM_ERR_[A-Z0-9_]+)'/g)) codes.set(match[1], pkg);
  }
  return codes;
}

function documentedCodes(): Set<string> {
  const docs = readFileSync(join(repo, 'docs', 'errors.md'), 'utf8');
  return new Set([...docs.matchAll(/^### `(AQM_ERR_[A-Z0-9_]+)`/gm)].map((m) => m[1]));
}

describe('docs/errors.md', () => {
  it('documents every error code a package declares', () => {
    const documented = documentedCodes();
    const missing = [...declaredCodes()].filter(([code]) => !documented.has(code)).map(([code, pkg]) => `${code} (${pkg})`);
    expect(missing).toEqual([]);
  });

  it('lists no code that no package declares', () => {
    const declared = declaredCodes();
    expect([...documentedCodes()].filter((code) => !declared.has(code))).toEqual([]);
  });
});
