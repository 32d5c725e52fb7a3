#!/usr/bin/env node
// `pnpm test`: every package's suite through turbo, all of them even when one fails (--continue), then one summary
// at the very end naming each failing test and its assertion (read from the JSON report vitest.shared.ts has every
// package write), so a failure is never buried in the interleaved output of two suites running at once.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const RESULTS = join('.test-results', 'vitest.json');
const packages = ['packages', 'examples']
  .flatMap((group) => readdirSync(join(root, group)).map((name) => join(root, group, name)))
  .filter((dir) => existsSync(join(dir, 'package.json')));
for (const dir of packages) rmSync(join(dir, RESULTS), { force: true });

const turbo = spawn('pnpm', ['exec', 'turbo', 'run', 'test', '--concurrency=2', '--continue', ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
});
const code = await new Promise((resolve) => turbo.on('close', (c, signal) => resolve(c ?? (signal ? 1 : 0))));

const failures = [];
let reported = 0;
for (const dir of packages) {
  const file = join(dir, RESULTS);
  if (!existsSync(file) || statSync(file).size === 0) continue;
  reported += 1;
  const name = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).name;
  const results = JSON.parse(readFileSync(file, 'utf8'));
  for (const suite of results.testResults ?? []) {
    const where = relative(dir, suite.name);
    const failed = (suite.assertionResults ?? []).filter((t) => t.status === 'failed');
    if (failed.length === 0 && suite.status === 'failed')
      failures.push(`${name} › ${where}: ${firstLine(suite.message) || 'the file failed to run'}`);
    for (const test of failed) failures.push(`${name} › ${where} › ${test.fullName}\n      ${firstLine(test.failureMessages?.[0])}`);
  }
}

function firstLine(text) {
  // eslint-disable-next-line no-control-regex
  return (
    String(text ?? '')
      .replace(/\u001b\[[0-9;]*m/g, '')
      .split('\n')
      .find((l) => l.trim().length > 0)
      ?.trim() ?? ''
  );
}

process.stdout.write('\n== test summary\n');
if (failures.length > 0) process.stdout.write(`${failures.length} failing test(s):\n${failures.map((f) => `  ✗ ${f}`).join('\n')}\n`);
else if (code !== 0)
  process.stdout.write(`turbo exited with ${code} but no test reported a failure: a package's build or test command itself failed (see above)\n`);
else process.stdout.write(`all tests passed (${reported} package(s) reported)\n`);
process.exit(code === 0 && failures.length === 0 ? 0 : 1);
