import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseAccuracyReport, type PrintedAccuracy } from './test-support/accuracy-report.js';

const bin = resolve(dirname(fileURLToPath(import.meta.url)), '../dist/bin.js');

function cli(args: string[], cwd: string): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8' });
}

/** Sets `reconstruction.<key>: value` in a dataset's config.yaml (the key is already there with its default). */
async function setReconstruction(configPath: string, key: string, value: string): Promise<void> {
  const text = await readFile(configPath, 'utf8');
  const line = new RegExp(`^(  ${key}:) .*$`, 'm');
  expect(text).toMatch(line);
  await writeFile(configPath, text.replace(line, `$1 ${value}`));
}

function parseAccuracy(stdout: string): PrintedAccuracy {
  const accuracy = parseAccuracyReport(stdout);
  expect(accuracy, stdout).toBeDefined();
  return accuracy as PrintedAccuracy;
}

// Issue floors of the full pathway on the ci rig, through the CLI as a user runs it: synth, then run the config.
describe('full pathway end to end on the ci rig (synth → run CONFIG → accuracy against ground truth)', () => {
  it('undulating bed, default config: cloud ≤ 1 mm, F@2mm ≥ 0.8; Poisson, heightfield and ball-pivoting meshes ≤ 1 mm', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'aqm-e2e-'));
    expect(cli(['synth', '--rig', 'ci', '--scene', 'undulating', '--out', 'data', '-q'], dir).status).toBe(0);
    const config = join(dir, 'data', 'config.yaml');
    for (const method of ['poisson', 'heightfield', 'bpa']) {
      await setReconstruction(config, 'surface_method', method);
      const run = cli(['run', config, '-q'], dir);
      expect(run.status, run.stderr).toBe(0);
      const a = parseAccuracy(run.stdout);
      expect(a.cloudMedianMm).toBeLessThanOrEqual(1);
      expect(a.f2).toBeGreaterThanOrEqual(0.8);
      expect(a.meshMedianMm, method).toBeLessThanOrEqual(1);
    }
  });

  it('flat bed, default config, heightfield and ball-pivoting meshes ≤ 1 mm (Poisson: the demo test)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'aqm-e2e-'));
    expect(cli(['synth', '--rig', 'ci', '--scene', 'flat', '--out', 'data', '-q'], dir).status).toBe(0);
    const config = join(dir, 'data', 'config.yaml');
    for (const method of ['heightfield', 'bpa']) {
      await setReconstruction(config, 'surface_method', method);
      const run = cli(['run', config, '-q'], dir);
      expect(run.status, run.stderr).toBe(0);
      const a = parseAccuracy(run.stdout);
      expect(a.cloudMedianMm).toBeLessThanOrEqual(1);
      expect(a.f2).toBeGreaterThanOrEqual(0.8);
      expect(a.meshMedianMm, method).toBeLessThanOrEqual(1);
    }

    // Not a dataset of ours any more: the (skipped, finished) run says nothing about accuracy.
    await writeFile(join(dir, 'data', 'scene.json'), '{"generator":"someone else"}');
    const again = cli(['run', config, '-q'], dir);
    expect(again.status, again.stderr).toBe(0);
    expect(again.stdout).not.toContain('accuracy against ground truth');
  });
});
