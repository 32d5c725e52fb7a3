import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const PACKAGES = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/**
 * Packages allowed to depend on the profiler: itself, the CLI that wires it, the benchmark runner, the queue worker
 * (a profiler per worker) and the report (reads profiles). Stages never.
 */
const ALLOWED = new Set(['profiler', 'cli', 'benchmark', 'queue', 'viz']);

function sourceFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return entry === 'node_modules' || entry === 'dist' ? [] : sourceFiles(path);
    return /\.(ts|tsx|js|mjs|cjs|mts|cts)$/.test(entry) ? [path] : [];
  });
}

function profilerReferences(pkg: string): string[] {
  const root = join(PACKAGES, pkg);
  const files = [join(root, 'package.json'), ...sourceFiles(join(root, 'src'))].filter((f) => existsSync(f));
  return files.filter((file) => readFileSync(file, 'utf8').includes('@aquamvs/profiler')).map((f) => f.slice(PACKAGES.length + 1));
}

describe('stages contain no profiling code', () => {
  const packages = readdirSync(PACKAGES).filter((p) => existsSync(join(PACKAGES, p, 'package.json')));

  it('no stage package (packages/stage-*) imports or depends on @aquamvs/profiler', () => {
    const stages = packages.filter((p) => p.startsWith('stage-'));
    expect(stages.flatMap(profilerReferences)).toEqual([]);
  });

  it('no package other than profiler, cli, benchmark, queue and viz mentions @aquamvs/profiler', () => {
    expect(packages).toContain('core');
    expect(packages.filter((p) => !ALLOWED.has(p)).flatMap(profilerReferences)).toEqual([]);
  });

  it('the scan sees a reference where one exists (the profiler itself)', () => {
    expect(profilerReferences('profiler')).toContain('profiler/package.json');
  });
});
