#!/usr/bin/env node
// Counts the names each workspace package exports from src/index.ts (its front door), and how many of them another
// workspace package imports (tests excluded): `node scripts/count-exports.mjs [checkout]`. Used to keep the public surfaces small (issue 21).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

const root = process.argv[2] ?? new URL('..', import.meta.url).pathname; // another checkout, to compare
const workspace = ['packages', 'examples']
  .flatMap((group) => (existsSync(join(root, group)) ? readdirSync(join(root, group)).map((name) => join(root, group, name)) : []))
  .filter((dir) => existsSync(join(dir, 'src')));
const dirs = workspace.filter((dir) => existsSync(join(dir, 'src', 'index.ts')));
const packageName = (dir) => JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).name;

const exportsOf = new Map();
for (const dir of dirs) {
  const name = packageName(dir);
  const program = ts.createProgram([join(dir, 'src', 'index.ts')], {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    allowJs: false,
    noEmit: true,
    skipLibCheck: true,
  });
  const checker = program.getTypeChecker();
  const symbol = checker.getSymbolAtLocation(program.getSourceFile(join(dir, 'src', 'index.ts')));
  exportsOf.set(name, { dir, names: new Set(symbol ? checker.getExportsOfModule(symbol).map((s) => s.name) : []) });
}

/** Names imported from `pkg` (or a subpath) by source files of other packages, tests and test-support excluded. */
function sourceFiles(dir) {
  const out = [];
  const walk = (d) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules' && entry.name !== 'dist') walk(path);
      } else if (/\.(ts|mts|mjs)$/.test(entry.name) && !/\.test(-d)?\.ts$/.test(entry.name) && !path.includes('test-support')) out.push(path);
    }
  };
  walk(join(dir, 'src'));
  return out;
}
const used = new Map([...exportsOf.keys()].map((k) => [k, new Set()]));
for (const dir of workspace) {
  const consumer = packageName(dir);
  for (const file of sourceFiles(dir)) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/import\s+(type\s+)?(\w+)?\s*,?\s*(?:\{([^}]*)\})?\s*from\s*'([^']+)'/g)) {
      const pkg = m[4];
      if (!used.has(pkg) || pkg === consumer) continue;
      if (m[2]) used.get(pkg).add('default');
      for (const part of (m[3] ?? '').split(',')) {
        const n = part
          .trim()
          .replace(/^type\s+/, '')
          .split(/\s+as\s+/)[0]
          .trim();
        if (n) used.get(pkg).add(n);
      }
    }
    for (const m of text.matchAll(/export\s+(?:type\s+)?\{([^}]*)\}\s*from\s*'([^']+)'/g)) {
      if (!used.has(m[2]) || m[2] === consumer) continue;
      for (const part of m[1].split(',')) {
        const n = part
          .trim()
          .replace(/^type\s+/, '')
          .split(/\s+as\s+/)[0]
          .trim();
        if (n) used.get(m[2]).add(n);
      }
    }
  }
}
let total = 0,
  unused = 0;
const rows = [];
for (const [name, { names }] of exportsOf) {
  const consumed = [...names].filter((n) => used.get(name).has(n)).length;
  total += names.size;
  unused += names.size - consumed;
  rows.push(`${name.padEnd(28)} ${String(names.size).padStart(4)} exported ${String(consumed).padStart(4)} used by another package`);
}
process.stdout.write(
  `${rows.join('\n')}\n${'total'.padEnd(28)} ${String(total).padStart(4)} exported ${String(total - unused).padStart(4)} used by another package (${unused} unused)\n`,
);
