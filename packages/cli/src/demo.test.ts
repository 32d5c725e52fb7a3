import { spawnSync } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const bin = resolve(dirname(fileURLToPath(import.meta.url)), '../dist/bin.js');

describe('aquamvs run without a config', () => {
  it('renders the synthetic demo, reconstructs it, reports accuracy, and reuses the dataset on a re-run', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'aqm-demo-'));
    const first = spawnSync(process.execPath, [bin, 'run', '--rig', 'ci', '--scene', 'flat'], { cwd: dir, encoding: 'utf8' });
    expect(first.status).toBe(0);
    expect(first.stderr).toContain('rendering the synthetic ci rig, flat scene');
    const cloud = /fused cloud: (\d+) points, median ([\d.]+) mm, p90 [\d.]+ mm; F@1mm [\d.]+, F@2mm ([\d.]+)/.exec(first.stdout);
    expect(cloud).not.toBeNull();
    expect(Number(cloud?.[1])).toBeGreaterThan(10_000);
    expect(Number(cloud?.[2])).toBeLessThan(1);
    expect(Number(cloud?.[3])).toBeGreaterThan(0.8);
    const mesh = /mesh: \d+ vertices, median ([\d.]+) mm/.exec(first.stdout);
    expect(Number(mesh?.[1])).toBeLessThan(1);

    const second = spawnSync(process.execPath, [bin, 'run', '--rig', 'ci', '--scene', 'flat', '-q'], { cwd: dir, encoding: 'utf8' });
    expect(second.status).toBe(0);
    expect(second.stderr).not.toContain('rendering');
    expect(second.stdout).toContain('fused cloud:');
  });
});
