import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pluginCodeFingerprint } from './plugin-loader.js';
import { pluginModuleGraph } from './plugin-module-graph.js';

let dir: string;
const at = (...parts: string[]): string => join(dir, ...parts);
const manifest = (fields: object): string => `${JSON.stringify(fields)}\n`;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'aquamvs-module-graph-'));
  await mkdir(at('lib'));
  await mkdir(at('node_modules', 'dep'), { recursive: true });
  await mkdir(at('node_modules', '@lab', 'tools'), { recursive: true });
  await mkdir(at('node_modules', 'vendored'), { recursive: true });
  await writeFile(
    at('package.json'),
    manifest({
      name: 'lab',
      imports: { '#calib': { types: './types.d.ts', import: './lib/calib.mjs' }, '#util/*': './lib/util-*.mjs', '#vendor': 'vendored' },
    }),
  );
  await writeFile(
    at('stage.mjs'),
    [
      "import { readFile } from 'node:fs/promises';",
      "import { join } from 'path';",
      "import dep from 'dep';",
      "import { sum } from '@lab/tools/math.js';",
      "import { gain } from './lib/gain.mjs';",
      "import { calib } from '#calib';",
      "import { clamp } from '#util/clamp';",
      "export { offset } from './lib/offset.mjs';",
      `const late = () => import(${JSON.stringify(pathToFileURL(at('lib', 'late.mjs')).href)});`,
      'const computed = (name) => import(`./lib/${name}.mjs`);',
      "import('./missing.mjs').catch(() => undefined);",
      "import('data:text/javascript,export default 1');",
      'export default () => ({ name: "lab", register() {} });',
    ].join('\n'),
  );
  // gain.mjs and offset.mjs import each other: each file is listed once.
  await writeFile(at('lib', 'gain.mjs'), "import { offset } from './offset.mjs';\nimport dep from 'dep';\nexport const gain = 2 + offset;\n");
  await writeFile(at('lib', 'offset.mjs'), "import { gain } from './gain.mjs';\nexport const offset = () => gain;\n");
  await writeFile(at('lib', 'calib.mjs'), "import v from '#vendor';\nexport const calib = v;\n");
  await writeFile(at('lib', 'util-clamp.mjs'), 'export const clamp = (v) => v;\n');
  await writeFile(at('lib', 'late.mjs'), "const { helper } = require('./cjs-helper.js');\nmodule.exports = helper;\n");
  await writeFile(at('lib', 'unused.mjs'), 'export const unused = 1;\n');
  await writeFile(at('node_modules', 'dep', 'package.json'), manifest({ name: 'dep', version: '1.0.0' }));
  await writeFile(at('node_modules', 'dep', 'index.js'), 'export default 1;\n');
  await writeFile(at('node_modules', '@lab', 'tools', 'package.json'), manifest({ name: '@lab/tools', version: '0.3.1' }));
  await writeFile(at('node_modules', 'vendored', 'package.json'), manifest({ name: 'vendored', version: '2.0.0' }));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('pluginModuleGraph', () => {
  it('lists a module and the files it imports through paths and its imports map, recursively, once each', async () => {
    const { files } = await pluginModuleGraph(at('stage.mjs'));
    expect(files).toEqual([
      at('stage.mjs'),
      at('lib', 'gain.mjs'),
      at('lib', 'calib.mjs'),
      at('lib', 'util-clamp.mjs'),
      at('lib', 'offset.mjs'),
      at('lib', 'late.mjs'),
    ]);
  });

  it('lists the packages its files import by name, once each, without builtins and URLs', async () => {
    const { packages } = await pluginModuleGraph(at('stage.mjs'));
    expect(packages).toEqual([
      { name: 'dep', from: at('stage.mjs') },
      { name: '@lab/tools', from: at('stage.mjs') },
      { name: 'vendored', from: at('package.json') },
    ]);
  });

  it('lists a file that does not parse as an ES module with its own content only', async () => {
    await writeFile(at('broken.mjs'), "import { x } from './lib/gain.mjs';\n}}}\n");
    expect(await pluginModuleGraph(at('broken.mjs'))).toEqual({ files: [at('broken.mjs')], packages: [] });
  });
});

describe('pluginCodeFingerprint', () => {
  it("changes when a package a path plugin's helper imports is upgraded, and with nothing else", async () => {
    const before = await pluginCodeFingerprint(['./stage.mjs'], dir);
    expect(await pluginCodeFingerprint(['./stage.mjs'], dir)).toBe(before);
    await writeFile(at('node_modules', 'vendored', 'package.json'), manifest({ name: 'vendored', version: '2.1.0' }));
    const upgraded = await pluginCodeFingerprint(['./stage.mjs'], dir);
    expect(upgraded).not.toBe(before);
    expect(upgraded).toContain('vendored=2.1.0');
    expect(upgraded).toContain('@lab/tools=0.3.1');
  });

  it('names a package that is not installed as unresolved', async () => {
    await writeFile(at('uses-missing.mjs'), "import x from 'not-installed';\nexport default () => x;\n");
    expect(await pluginCodeFingerprint(['./uses-missing.mjs'], dir)).toContain('not-installed=unresolved');
  });
});
