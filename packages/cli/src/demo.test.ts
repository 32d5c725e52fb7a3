import { spawnSync } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseAccuracyReport } from './test-support/accuracy-report.js';

const bin = resolve(dirname(fileURLToPath(import.meta.url)), '../dist/bin.js');

describe('aquamvs run without a config', () => {
  it('renders the synthetic demo, reconstructs it, reports accuracy, and reuses the dataset on a re-run', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'aqm-demo-'));
    const first = spawnSync(process.execPath, [bin, 'run', '--rig', 'ci', '--scene', 'flat'], { cwd: dir, encoding: 'utf8' });
    expect(first.status).toBe(0);
    expect(first.stderr).toContain('rendering the synthetic ci rig, flat scene');
    const accuracy = parseAccuracyReport(first.stdout);
    expect(accuracy, first.stdout).toBeDefined();
    expect(accuracy?.cloudPoints).toBeGreaterThan(10_000);
    expect(accuracy?.cloudMedianMm).toBeLessThan(1);
    expect(accuracy?.f2).toBeGreaterThan(0.8);
    expect(accuracy?.meshMedianMm).toBeLessThan(1);

    const second = spawnSync(process.execPath, [bin, 'run', '--rig', 'ci', '--scene', 'flat', '-q'], { cwd: dir, encoding: 'utf8' });
    expect(second.status).toBe(0);
    expect(second.stderr).not.toContain('rendering');
    expect(second.stdout).toContain('fused cloud:');
  });
});
