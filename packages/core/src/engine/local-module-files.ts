import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { init, parse } from 'es-module-lexer';

/**
 * A module file and every file it imports through a path (`./x.mjs`, `../lib/y.js`, an absolute path or a `file:`
 * URL), recursively, static and dynamic imports with a literal specifier alike: the code of a lab's plugin, which a
 * change to any of its own files changes. Packages it imports (bare specifiers) are not followed. A file that is not an
 * ES module (CommonJS) or does not parse counts with its own content only.
 * @example
 * await localModuleFiles('/lab/stage.mjs'); // ['/lab/stage.mjs', '/lab/lib/gain.mjs']
 */
export async function localModuleFiles(entry: string): Promise<string[]> {
  await init;
  const files: string[] = [];
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
      const path = specifier === undefined ? undefined : localPath(specifier, file);
      if (path !== undefined && existsSync(path) && !seen.has(path)) queue.push(path);
    }
  }
  return files;
}

/** The file a specifier names when it is a path or a `file:` URL; `undefined` for a package or a builtin. */
function localPath(specifier: string, from: string): string | undefined {
  if (specifier.startsWith('file:')) return fileURLToPath(specifier);
  if (specifier.startsWith('./') || specifier.startsWith('../')) return resolve(dirname(from), specifier);
  return isAbsolute(specifier) ? specifier : undefined;
}
