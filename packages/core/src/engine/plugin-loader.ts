import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { pluginInvalid, pluginLoad } from '../errors.js';
import { fileFingerprint } from '../output/file-fingerprint.js';
import type { AquamvsPlugin, PluginSpec } from '../plugin.js';
import { pluginModuleGraph } from './plugin-module-graph.js';

function isRelativeOrAbsolutePath(spec: string): boolean {
  return spec.startsWith('./') || spec.startsWith('../') || isAbsolute(spec);
}

/**
 * Resolves a plugin spec to an importable URL: paths against `baseDir`; package names from `baseDir`'s node_modules,
 * then from each of `fallbackDirs` (the CLI's own installation, which ships plugins of its own).
 */
function resolveSpecifier(spec: string, baseDir: string, fallbackDirs: readonly string[]): string {
  if (isRelativeOrAbsolutePath(spec)) {
    const path = resolve(baseDir, spec);
    if (!existsSync(path)) throw new Error(`file not found: ${path}`);
    return pathToFileURL(path).href;
  }
  for (const dir of [baseDir, ...fallbackDirs]) {
    try {
      return pathToFileURL(createRequire(join(dir, 'noop.js')).resolve(spec)).href;
    } catch {
      // not installed there: try the next folder
    }
  }
  throw new Error(`package not found from ${[baseDir, ...fallbackDirs].join(' or ')} (install it next to the config: npm i ${spec})`);
}

/** Checks that `value` looks like an {@link AquamvsPlugin}; returns a description of what is wrong, or null. */
function describeInvalidPlugin(value: unknown): string | null {
  if (typeof value !== 'object' || value === null) return 'the factory did not return an object';
  const plugin = value as Partial<AquamvsPlugin>;
  if (typeof plugin.name !== 'string' || plugin.name.length === 0) return 'the plugin has no `name`';
  if (typeof plugin.register !== 'function') return `plugin '${plugin.name}' has no register(container) function`;
  if (plugin.aquamvs !== undefined && typeof plugin.aquamvs !== 'string') return '`aquamvs` must be a semver range string';
  if (plugin.dependencies !== undefined && !Array.isArray(plugin.dependencies)) return '`dependencies` must be a string list';
  return null;
}

/**
 * Loads the config `plugins:` entries by dynamic import. Each module's default export must be a factory
 * `(options) => AquamvsPlugin`.
 */
export async function loadPluginSpecs(specs: readonly PluginSpec[], baseDir: string, fallbackDirs: readonly string[] = []): Promise<AquamvsPlugin[]> {
  const plugins: AquamvsPlugin[] = [];
  for (const entry of specs) {
    const [spec, options] = typeof entry === 'string' ? [entry, {}] : entry;
    let module: { default?: unknown };
    try {
      module = (await import(resolveSpecifier(spec, baseDir, fallbackDirs))) as { default?: unknown };
    } catch (error) {
      throw pluginLoad(spec, error);
    }
    if (typeof module.default !== 'function') {
      throw pluginInvalid(spec, 'the module has no default export factory `(options) => AquamvsPlugin`');
    }
    let plugin: unknown;
    try {
      plugin = (module.default as (options: unknown) => unknown)(options);
    } catch (error) {
      throw pluginLoad(spec, error);
    }
    const problem = describeInvalidPlugin(plugin);
    if (problem !== null) throw pluginInvalid(spec, problem);
    plugins.push(plugin as AquamvsPlugin);
  }
  return plugins;
}

/**
 * What the code of the config's `plugins:` is, for the key `run.json` skips finished frames by. A path plugin: its
 * module file and the files it imports through paths, recursively (their content: editing a lab's stage or one of its
 * helper modules redoes the frames it made), and the name and installed version of each package those files import
 * (upgrading one redoes them too; {@link pluginModuleGraph}). A package plugin: its name and version (from the nearest
 * `package.json` above its entry). A spec that does not resolve gives its name alone (loading it then fails the run).
 * @example
 * const key = await pluginCodeFingerprint(config.plugins, configDir);
 */
export async function pluginCodeFingerprint(specs: readonly PluginSpec[], baseDir: string, fallbackDirs: readonly string[] = []): Promise<string> {
  const parts: string[] = [];
  for (const entry of specs) {
    const spec = typeof entry === 'string' ? entry : entry[0];
    let path: string;
    try {
      path = fileURLToPath(resolveSpecifier(spec, baseDir, fallbackDirs));
    } catch {
      parts.push(`${spec}\0unresolved`);
      continue;
    }
    parts.push(`${spec}\0${isRelativeOrAbsolutePath(spec) ? await moduleCodeFingerprint(path) : await packageVersion(path)}`);
  }
  return parts.join('\n');
}

/**
 * Each file of a path plugin's own code (relative to its entry's folder) with its content's fingerprint, then each
 * package it imports with the version installed where it imports it from.
 */
async function moduleCodeFingerprint(entry: string): Promise<string> {
  const graph = await pluginModuleGraph(entry);
  const parts: string[] = [];
  for (const file of graph.files) parts.push(`${relative(dirname(entry), file)}=${await fileFingerprint(file)}`);
  for (const { name, from } of graph.packages) parts.push(`${name}=${await installedVersion(name, from)}`);
  return parts.join(',');
}

/**
 * The version of package `name` that an import in file `from` loads: Node's search of the `node_modules` folders from
 * the file's folder up. `unresolved` where none has it (the import then fails when it runs).
 */
async function installedVersion(name: string, from: string): Promise<string> {
  for (let dir = dirname(from); ; dir = dirname(dir)) {
    const manifest = await readFile(join(dir, 'node_modules', name, 'package.json'), 'utf8').catch(() => undefined);
    if (manifest !== undefined) {
      const { version } = JSON.parse(manifest) as { version?: unknown };
      return typeof version === 'string' ? version : 'unversioned';
    }
    if (dirname(dir) === dir) return 'unresolved';
  }
}

/** `name@version` of the package a module file belongs to; the file's fingerprint when no `package.json` says. */
async function packageVersion(file: string): Promise<string> {
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    const manifest = await readFile(join(dir, 'package.json'), 'utf8').catch(() => undefined);
    if (manifest !== undefined) {
      const { name, version } = JSON.parse(manifest) as { name?: string; version?: string };
      if (typeof name === 'string' && typeof version === 'string') return `${name}@${version}`;
    }
    if (dirname(dir) === dir) return fileFingerprint(file);
  }
}
