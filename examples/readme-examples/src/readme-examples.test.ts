import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import { extractExamples, packageDirs, type ReadmeExample } from './extract-examples.js';

const here = fileURLToPath(new URL('..', import.meta.url));
const root = join(here, '..', '..');
// Generated inside this package so that `@aquamvs/*` imports resolve through its node_modules.
const generated = join(here, '.generated');
const examples = extractExamples(root, packageDirs(root));
const fileOf = (index: number): string => join(generated, `example-${String(index).padStart(2, '0')}.ts`);
/** The module a block becomes: hidden prelude, the block, hidden epilogue (a module, so top-level await works). */
const sourceOf = (example: ReadmeExample): string => `${example.prelude}\n${example.code}\n${example.epilogue}\nexport {};\n`;

let diagnostics: Map<string, string[]>;

beforeAll(() => {
  rmSync(generated, { recursive: true, force: true });
  mkdirSync(generated, { recursive: true });
  examples.forEach((example, index) => writeFileSync(fileOf(index), sourceOf(example)));
  // The repo's strict settings (tsconfig.base.json through this package's tsconfig), on the generated files only.
  const parsed = ts.getParsedCommandLineOfConfigFile(
    join(here, 'tsconfig.json'),
    {},
    { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined },
  );
  if (!parsed) throw new Error('cannot read tsconfig.json');
  const program = ts.createProgram(
    examples.map((_e, index) => fileOf(index)),
    { ...parsed.options, noEmit: true },
  );
  diagnostics = new Map();
  examples.forEach((example, index) => {
    const source = program.getSourceFile(fileOf(index));
    const preludeLines = example.prelude === '' ? 1 : example.prelude.split('\n').length + 1;
    const fenceLine = Number(example.where.split(':').at(-1));
    const readme = example.where.split(':')[0];
    diagnostics.set(
      example.where,
      ts.getPreEmitDiagnostics(program, source).map((d) => {
        const line = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line : -1;
        const at = line < preludeLines - 1 ? `${example.where} (prelude)` : `${readme}:${fenceLine + line - preludeLines + 1}`;
        return `${at}: TS${d.code} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
      }),
    );
  });
});

describe('README examples', () => {
  it('finds the examples of every package README', () => {
    expect(examples.length).toBeGreaterThan(15);
  });

  it.each(examples.map((e) => [e.where, e] as const))('%s type-checks under the strict settings', (where) => {
    expect(diagnostics.get(where)).toEqual([]);
  });

  const runnable = examples.map((e, index) => [e.where, index] as const).filter(([, index]) => examples[index].isRunnable);
  it.each(runnable)('%s runs', (_where, index) => {
    const example = examples[index];
    const js = ts.transpileModule(sourceOf(example), {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, experimentalDecorators: true },
    }).outputText;
    const file = fileOf(index).replace(/\.ts$/, '.mjs');
    writeFileSync(file, js);
    const cwd = mkdtempSync(join(tmpdir(), 'aqm-readme-'));
    try {
      const result = spawnSync(process.execPath, [file], { cwd, encoding: 'utf8' });
      expect(result.status, `${example.where}\n${result.stdout}\n${result.stderr}`).toBe(0);
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });
});
