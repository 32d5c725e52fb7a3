import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localModuleFiles } from './local-module-files.js';

let dir: string;
const at = (...parts: string[]): string => join(dir, ...parts);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'aquamvs-module-files-'));
  await mkdir(at('lib'));
  await mkdir(at('node_modules', 'dep'), { recursive: true });
  await writeFile(
    at('stage.mjs'),
    [
      "import { readFile } from 'node:fs/promises';",
      "import dep from 'dep';",
      "import { gain } from './lib/gain.mjs';",
      "export { offset } from './lib/offset.mjs';",
      `const late = () => import(${JSON.stringify(pathToFileURL(at('lib', 'late.mjs')).href)});`,
      'const computed = (name) => import(`./lib/${name}.mjs`);',
      "import('./missing.mjs').catch(() => undefined);",
      'export default () => ({ name: "lab", register() {} });',
    ].join('\n'),
  );
  // gain.mjs and offset.mjs import each other: each file is listed once.
  await writeFile(at('lib', 'gain.mjs'), "import { offset } from './offset.mjs';\nexport const gain = 2 + offset;\n");
  await writeFile(at('lib', 'offset.mjs'), "import { gain } from './gain.mjs';\nexport const offset = () => gain;\n");
  await writeFile(at('lib', 'late.mjs'), "const { helper } = require('./cjs-helper.js');\nmodule.exports = helper;\n");
  await writeFile(at('lib', 'unused.mjs'), 'export const unused = 1;\n');
  await writeFile(at('node_modules', 'dep', 'index.js'), 'export default 1;\n');
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('localModuleFiles', () => {
  it('lists a module and the files it imports through paths, recursively, once each', async () => {
    expect(await localModuleFiles(at('stage.mjs'))).toEqual([at('stage.mjs'), at('lib', 'gain.mjs'), at('lib', 'offset.mjs'), at('lib', 'late.mjs')]);
  });

  it('lists a file that does not parse as an ES module with its own content only', async () => {
    await writeFile(at('broken.mjs'), "import { x } from './lib/gain.mjs';\n}}}\n");
    expect(await localModuleFiles(at('broken.mjs'))).toEqual([at('broken.mjs')]);
  });
});
