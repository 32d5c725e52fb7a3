import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const bin = resolve(here, '../dist/bin.js');
// What the reference's `PipelineConfig.to_yaml()` writes with its defaults: every section, every field in
// declaration order, absolute paths, and none of our own keys (onnx paths, workers, plugins, pipeline).
const template = resolve(here, '../test/fixtures/reference-config.yaml');

function cli(args: string[], cwd: string): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', env: { ...process.env, CI: '1' } });
}

const warnings = (stderr: string): string[] => stderr.split('\n').filter((line) => line.includes('[WARN]'));

interface ReferenceSettings {
  mode: 'full' | 'sparse';
  matcher: 'lightglue' | 'roma';
  device: 'cpu' | 'cuda';
}

describe('a config written by the reference runs unchanged', () => {
  let dataset = '';
  let project = '';
  beforeAll(async () => {
    const root = await mkdtemp(join(tmpdir(), 'aqm-reference-'));
    expect(cli(['synth', '--rig', 'ci', '--scene', 'flat', '--out', 'data', '-q'], root).status).toBe(0);
    dataset = join(root, 'data');
    project = join(root, 'project');
    await mkdir(project);
  });

  async function writeReferenceConfig(name: string, settings: ReferenceSettings): Promise<{ config: string; output: string }> {
    const output = join(project, `out-${name}`);
    const text = (await readFile(template, 'utf8'))
      .replaceAll('__DATASET__', dataset)
      .replaceAll('__OUTPUT__', output)
      .replace('__MODE__', settings.mode)
      .replace('__MATCHER__', settings.matcher)
      .replace('__DEVICE__', settings.device);
    const config = join(project, `${name}.yaml`);
    await writeFile(config, text);
    return { config, output };
  }

  it('lightglue without a model: the full pathway runs with the built-in matcher, says so once, and records it', async () => {
    const { config, output } = await writeReferenceConfig('lightglue', { mode: 'full', matcher: 'lightglue', device: 'cpu' });
    const run = cli(['run', config], project);
    expect(run.status, run.stderr).toBe(0);
    expect(warnings(run.stderr)).toHaveLength(1);
    expect(warnings(run.stderr)[0]).toMatch(
      /\[WARN\] aquamvs: matcher_type: lightglue → classic \(no lightglue model installed \(sparse_matching\.onnx\.extractor, sparse_matching\.onnx\.matcher unset\)/,
    );
    expect(run.stderr).toMatch(/1 frame\(s\) done in [\d.]+ s → .*out-lightglue \(with matcher_type classic instead of lightglue\)/);
    const manifest = JSON.parse(await readFile(join(output, 'run.json'), 'utf8')) as {
      frames: Record<string, { status: string; fallbacks?: unknown[] }>;
    };
    expect(manifest.frames['0']).toMatchObject({ status: 'done', fallbacks: [{ key: 'matcher_type', requested: 'lightglue', used: 'classic' }] });
    expect(await readFile(join(output, 'config.yaml'), 'utf8')).toMatch(/^matcher_type: classic$/m);
    expect(existsSync(join(output, 'frame_000000', 'mesh', 'surface.ply'))).toBe(true);

    const report = cli(['report', output, '--link-images'], project);
    expect(report.status, report.stderr).toBe(0);
    const html = await readFile(join(output, 'report.html'), 'utf8');
    expect(html).toContain('made with matcher_type: lightglue → classic');
  });

  it('roma on cuda (the reference example config) without a model or a GPU: classic on the CPU, one warning for each', async () => {
    const { config, output } = await writeReferenceConfig('roma', { mode: 'full', matcher: 'roma', device: 'cuda' });
    const run = cli(['run', config], project);
    expect(run.status, run.stderr).toBe(0);
    expect(warnings(run.stderr).map((line) => line.replace(/^.*\[WARN\] aquamvs: /, '').replace(/ \(.*$/, ''))).toEqual([
      'matcher_type: roma → classic',
      'runtime.device: cuda → cpu',
    ]);
    const manifest = JSON.parse(await readFile(join(output, 'run.json'), 'utf8')) as { frames: Record<string, { fallbacks?: { key: string }[] }> };
    expect(manifest.frames['0'].fallbacks?.map((f) => f.key)).toEqual(['matcher_type', 'runtime.device']);
  });

  it('lightglue on the sparse pathway without a model: a one-line error that says how to get the model, nothing written', async () => {
    const { config, output } = await writeReferenceConfig('sparse', { mode: 'sparse', matcher: 'lightglue', device: 'cpu' });
    const run = cli(['run', config], project);
    expect(run.status).toBe(1);
    const errors = run.stderr.split('\n').filter((line) => line.startsWith('error '));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(
      /^error AQM_ERR_MATCHER_MODEL_MISSING: matcher_type lightglue with pipeline_mode sparse needs its model .*stage-matching README/,
    );
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(output)).toBe(false);
  });
});
