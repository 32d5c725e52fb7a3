#!/usr/bin/env node
// Packs every workspace package and checks the tarballs the way a stranger meets them:
//   1. publint (--strict) and @arethetypeswrong/cli (esm-only profile) on each tarball; each tarball has LICENSE and
//      every source its source maps name;
//   2. installs the CLI with its sibling tarballs and the example plugin into an empty folder with plain npm (no
//      workspace, no ONNXRUNTIME_* skip variables), reports the install size and that onnxruntime-node (an optional
//      peer) stayed out;
//   3. there: imports @aquamvs/core, `aquamvs synth --rig ci`, `aquamvs run` on the synthetic config, `aquamvs run`
//      with the example plugin under `plugins:`, and `aquamvs models add`, which needs onnxruntime-node, fails with
//      its coded one-line error.
// Needs built packages (`pnpm build`). `--keep` leaves the temp folder for a look.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';

const root = resolve(dirname(new URL(import.meta.url).pathname), '..');
const keep = process.argv.includes('--keep');
const work = mkdtempSync(join(tmpdir(), 'aqm-pack-check-'));
const tarballs = join(work, 'tarballs');
const app = join(work, 'app');
const started = Date.now();
const failures = [];

const seconds = () => ((Date.now() - started) / 1000).toFixed(0);
const step = (title) => process.stdout.write(`\n-- ${title} (${seconds()}s)\n`);
const fail = (message) => {
  failures.push(message);
  process.stdout.write(`FAIL ${message}\n`);
};

/** Runs a command; its output is kept for checks and printed when it fails. */
function run(command, args, options = {}) {
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...options });
  if (result.error) throw result.error;
  return result;
}
function mustRun(what, command, args, options) {
  const result = run(command, args, options);
  if (result.status !== 0) {
    process.stdout.write(result.stdout + result.stderr);
    throw new Error(`${what} exited with ${result.status}`);
  }
  return result;
}

// npm sees only a stranger's environment: none of pnpm's npm_* settings and none of CI's onnxruntime skip switches.
const strangerEnv = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key) && !/^ONNXRUNTIME_/i.test(key)));

try {
  step('pack every workspace package');
  // The README-examples tool is a workspace package, but nothing anyone installs.
  mustRun('pnpm -r pack', 'pnpm', ['-r', '--filter=!aquamvs-readme-examples', 'pack', '--pack-destination', tarballs], { cwd: root });
  const packed = readdirSync(tarballs)
    .filter((f) => f.endsWith('.tgz'))
    .sort();
  process.stdout.write(`${packed.length} tarballs: ${packed.join(' ')}\n`);

  step('publint --strict, attw --profile esm-only, LICENSE and source-map sources in each tarball');
  const bin = (name) => join(root, 'node_modules', '.bin', name);
  for (const tgz of packed) {
    const file = join(tarballs, tgz);
    const lint = run(bin('publint'), ['run', '--strict', file]);
    const lintText = lint.stdout + lint.stderr;
    if (lint.status !== 0 || !lintText.includes('All good!')) fail(`${tgz}: publint\n${lintText}`);
    const types = run(bin('attw'), ['--profile', 'esm-only', '--format', 'ascii', '--no-emoji', file]);
    if (types.status !== 0) fail(`${tgz}: attw\n${types.stdout}${types.stderr}`);
    const unpacked = join(work, 'unpacked', basename(tgz, '.tgz'));
    mkdirSync(unpacked, { recursive: true });
    mustRun('tar', 'tar', ['-xzf', file, '-C', unpacked]);
    const pkg = join(unpacked, 'package');
    if (!existsSync(join(pkg, 'LICENSE'))) fail(`${tgz}: no LICENSE`);
    const missing = missingMapSources(pkg);
    if (missing.length > 0) fail(`${tgz}: source maps name ${missing.length} file(s) the tarball lacks, e.g. ${missing[0]}`);
  }

  step('npm install the CLI, its sibling tarballs and the example plugin into an empty folder');
  mkdirSync(app, { recursive: true });
  writeFileSync(join(app, 'package.json'), `${JSON.stringify({ name: 'pack-check-app', private: true, type: 'module' }, null, 2)}\n`);
  const install = run('npm', ['install', '--no-audit', '--no-fund', ...packed.map((t) => join(tarballs, t))], { cwd: app, env: strangerEnv });
  process.stdout.write(install.stdout + install.stderr);
  if (install.status !== 0) throw new Error(`npm install exited with ${install.status}`);
  const size = run('du', ['-sk', join(app, 'node_modules')]).stdout.split('\t')[0];
  process.stdout.write(`install size: ${(Number(size) / 1024).toFixed(0)} MB (du -sk node_modules)\n`);
  if (existsSync(join(app, 'node_modules', 'onnxruntime-node'))) fail('onnxruntime-node was installed: it must stay an optional peer');

  const aquamvs = (args, env = strangerEnv) => run(join(app, 'node_modules', '.bin', 'aquamvs'), args, { cwd: app, env });

  step('import @aquamvs/core and aquamvs-plugin-example from the install');
  const probe = run(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      "const core = await import('@aquamvs/core'); const plugin = (await import('aquamvs-plugin-example')).default(); console.log(core.HOOKS.toString(), plugin.name);",
    ],
    { cwd: app },
  );
  if (probe.status !== 0 || !probe.stdout.includes('aquamvs-plugin-example')) fail(`library import\n${probe.stdout}${probe.stderr}`);

  step('aquamvs synth --rig ci --scene flat');
  const synth = aquamvs(['synth', '--rig', 'ci', '--scene', 'flat', '--out', 'data', '-q']);
  if (synth.status !== 0) throw new Error(`aquamvs synth exited with ${synth.status}\n${synth.stderr}`);

  step('aquamvs run data/config.yaml');
  const plain = aquamvs(['run', 'data/config.yaml', '-q']);
  if (plain.status !== 0) fail(`aquamvs run exited with ${plain.status}\n${plain.stderr}`);
  else if (!existsSync(join(app, 'data', 'output', 'frame_000000', 'mesh', 'surface.ply'))) fail('aquamvs run wrote no mesh');

  step('aquamvs run with aquamvs-plugin-example under plugins:');
  // The config is rewritten with the installed core's own loader and writer, as a user's script would.
  const rewrite = `
    import { configToYaml, loadConfigOrThrow } from '@aquamvs/core';
    import { writeFileSync } from 'node:fs';
    const config = await loadConfigOrThrow('data/config.yaml');
    writeFileSync('data/plugin.yaml', configToYaml({
      ...config,
      output_dir: 'plugin-output',
      pipeline_mode: 'sparse',
      plugins: [['aquamvs-plugin-example', { statsFile: 'floor.json' }]],
      pipeline: { ...config.pipeline, stages: ['undistort', 'sparse-matching', 'triangulation', 'sparse-cloud', 'surface', 'cloud-stats'] },
    }));`;
  mustRun('config rewrite', process.execPath, ['--input-type=module', '-e', rewrite], { cwd: app });
  const withPlugin = aquamvs(['run', 'data/plugin.yaml']);
  const frame = join(app, 'data', 'plugin-output', 'frame_000000');
  if (withPlugin.status !== 0) fail(`aquamvs run with the plugin exited with ${withPlugin.status}\n${withPlugin.stderr}`);
  else {
    const stats = JSON.parse(readFileSync(join(frame, 'stats', 'floor.json'), 'utf8'));
    const faces = /element face (\d+)/.exec(readFileSync(join(frame, 'mesh', 'surface.ply'), 'latin1'))?.[1];
    if (!(stats.points > 100)) fail(`cloud-stats wrote ${JSON.stringify(stats)}`);
    if (faces !== '2') fail(`the plugin's plane-fit surface has ${faces} faces, expected 2`);
    if (!/aquamvs-plugin-example: stage time over 1 frame\(s\): .*cloud-stats/.test(withPlugin.stderr))
      fail(`the plugin's hook did not log\n${withPlugin.stderr}`);
    process.stdout.write(`plugin: cloud-stats ${stats.points} points, plane-fit mesh ${faces} faces, hook logged\n`);
  }

  step('aquamvs models add without onnxruntime-node: one coded line, exit 1');
  const models = aquamvs(['models', 'add', 'probe', 'data/config.yaml'], { ...strangerEnv, AQUAMVS_MODELS_DIR: join(work, 'models') });
  const line = models.stderr.trim();
  if (models.status !== 1 || !/^error AQM_ERR_MATCHING_ONNXRUNTIME_MISSING: .*npm i onnxruntime-node/.test(line)) {
    fail(`models add: exit ${models.status}, stderr: ${line}`);
  } else process.stdout.write(`${line}\n`);
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
} finally {
  if (keep) process.stdout.write(`kept ${work}\n`);
  else rmSync(work, { recursive: true, force: true });
}

/** Files named by the `sources` of each `.map` under `dir` that do not exist. */
function missingMapSources(dir) {
  const missing = [];
  const walk = (folder) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.map')) {
        const map = JSON.parse(readFileSync(path, 'utf8'));
        for (const source of map.sources ?? []) {
          const target = resolve(folder, map.sourceRoot ?? '', source);
          if (!existsSync(target)) missing.push(target.slice(dir.length + 1));
        }
      }
    }
  };
  walk(dir);
  return missing;
}

process.stdout.write(`\n== pack check: ${failures.length === 0 ? 'passed' : `${failures.length} failure(s)`} (${seconds()}s)\n`);
process.exit(failures.length === 0 ? 0 : 1);
