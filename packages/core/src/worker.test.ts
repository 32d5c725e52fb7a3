import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as main from './index.js';
import * as worker from './worker.js';

const here = dirname(fileURLToPath(import.meta.url));

/** The modules a source file loads at run time (type-only imports and exports are erased), followed through relative imports. */
function runtimeGraph(file: string, seen = new Set<string>(), bare = new Set<string>()): { files: Set<string>; bare: Set<string> } {
  if (seen.has(file)) return { files: seen, bare };
  seen.add(file);
  const source = readFileSync(file, 'utf8');
  for (const m of source.matchAll(/^(?:import|export)\s+(?!type\b)(?:[^'";]*?\sfrom\s+)?'([^']+)'/gm)) {
    const spec = m[1];
    if (spec.startsWith('.')) runtimeGraph(join(dirname(file), spec.replace(/\.js$/, '.ts')), seen, bare);
    else bare.add(spec);
  }
  return { files: seen, bare };
}

describe('@aquamvs/core/worker (the entry worker threads load)', () => {
  it('loads neither the engine, the config schema, zod nor tsyringe', () => {
    const { files, bare } = runtimeGraph(join(here, 'worker.ts'));
    const names = [...files].map((f) => f.slice(here.length + 1)).sort();
    expect(names).toEqual(['errors.ts', 'safe-name.ts', 'wasm-kernels.ts', 'work-timing.ts', 'worker-garbage.ts', 'worker-support.ts', 'worker.ts']);
    expect([...bare].sort()).toEqual(['node:fs', 'node:url', 'node:v8', 'node:vm', 'node:worker_threads']);
  });

  it('exports the very functions of the main entry', () => {
    for (const [name, value] of Object.entries(worker)) expect(main[name as keyof typeof main], name).toBe(value);
  });
});
