import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { isBuiltin } from 'node:module';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { init, parse } from 'es-module-lexer';

/** A package a plugin's own code imports: its name and the file Node resolves it from (the importer, or the package.json whose `imports` map names it). */
export interface PackageImport {
  readonly name: string;
  readonly from: string;
}

/** The code a path plugin consists of: its own module files and the packages they import. */
export interface PluginModuleGraph {
  /** The entry and every file it imports through a path, recursively, each once, in the order first reached. */
  readonly files: readonly string[];
  /** The packages those files import (bare specifiers, builtins excluded), each name once. */
  readonly packages: readonly PackageImport[];
}

/**
 * What a lab's path plugin consists of, for the resume key: its entry module, every file it imports through a path
 * (`./x.mjs`, `../lib/y.js`, an absolute path, a `file:` URL, or a `#name` of its package's `imports` map that leads to
 * one), recursively, and the packages those files import (`lodash`, `@lab/tools/sub` → `@lab/tools`). Static and
 * dynamic imports with a literal specifier count alike; a computed specifier cannot be followed. A file that is not an
 * ES module (CommonJS) or does not parse counts with its own content only. Packages are not followed into: their
 * version stands for their code.
 * @example
 * await pluginModuleGraph('/lab/stage.mjs'); // { files: ['/lab/stage.mjs', '/lab/lib/gain.mjs'], packages: [{ name: 'mathjs', from: '/lab/lib/gain.mjs' }] }
 */
export async function pluginModuleGraph(entry: string): Promise<PluginModuleGraph> {
  await init;
  const files: string[] = [];
  const packages = new Map<string, PackageImport>();
  const seen = new Set<string>();
  const queue = [resolve(entry)];
  while (queue.length > 0) {
    const file = queue.shift() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    files.push(file);
    const source = await readFile(file, 'utf8').catch(() => undefined);
    if (source === undefined) continue;
    let imports: readonly { readonly n?: string | undefined }[];
    try {
      [imports] = parse(source, file);
    } catch {
      continue;
    }
    for (const { n: specifier } of imports) {
      if (specifier === undefined) continue;
      const target = await importTarget(specifier, file);
      if (target === undefined) continue;
      if ('path' in target) {
        if (existsSync(target.path) && !seen.has(target.path)) queue.push(target.path);
      } else if (!packages.has(target.name)) {
        packages.set(target.name, target);
      }
    }
  }
  return { files, packages: [...packages.values()] };
}

type ImportTarget = { readonly path: string } | PackageImport;

/** The file or package a specifier in `from` names; `undefined` for a builtin, a `data:` URL and the like. */
async function importTarget(specifier: string, from: string): Promise<ImportTarget | undefined> {
  if (specifier.startsWith('file:')) return { path: fileURLToPath(specifier) };
  if (specifier.startsWith('./') || specifier.startsWith('../')) return { path: resolve(dirname(from), specifier) };
  if (isAbsolute(specifier)) return { path: specifier };
  if (specifier.startsWith('#')) return subpathImport(specifier, from);
  if (isBuiltin(specifier) || /^[a-z][a-z0-9+.-]*:/i.test(specifier)) return undefined;
  const parts = specifier.split('/');
  return { name: specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0], from };
}

/** Where a `#name` specifier leads through the `imports` map of the package.json nearest above `from`. */
async function subpathImport(specifier: string, from: string): Promise<ImportTarget | undefined> {
  for (let dir = dirname(from); ; dir = dirname(dir)) {
    const manifest = await readFile(join(dir, 'package.json'), 'utf8').catch(() => undefined);
    if (manifest !== undefined) {
      const { imports } = JSON.parse(manifest) as { imports?: Record<string, unknown> };
      const target = conditionalTarget(mappedImport(imports ?? {}, specifier));
      if (target === undefined) return undefined;
      if (target.startsWith('./')) return { path: resolve(dir, target) };
      return importTarget(target, join(dir, 'package.json'));
    }
    if (dirname(dir) === dir) return undefined;
  }
}

/** The `imports` entry for a specifier: an exact key, or a `#prefix*suffix` pattern with its `*` filled in. */
function mappedImport(imports: Record<string, unknown>, specifier: string): unknown {
  if (specifier in imports) return imports[specifier];
  for (const [key, value] of Object.entries(imports)) {
    const star = key.indexOf('*');
    if (star < 0) continue;
    const prefix = key.slice(0, star);
    const suffix = key.slice(star + 1);
    if (specifier.length >= key.length - 1 && specifier.startsWith(prefix) && specifier.endsWith(suffix)) {
      const fill = specifier.slice(prefix.length, specifier.length - suffix.length);
      return JSON.parse(JSON.stringify(value).replaceAll('*', fill)) as unknown;
    }
  }
  return undefined;
}

/** Conditions Node matches when it imports a module: an `imports` target object takes its first key among them. */
const IMPORT_CONDITIONS = new Set(['import', 'node', 'module-sync', 'node-addons', 'default']);

/** The target Node would take for an import: a string as it is, a conditions object by its first matching key. */
function conditionalTarget(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  for (const [condition, target] of Object.entries(value as Record<string, unknown>)) {
    if (IMPORT_CONDITIONS.has(condition)) return conditionalTarget(target);
  }
  return undefined;
}
