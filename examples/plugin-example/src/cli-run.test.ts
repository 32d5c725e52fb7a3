import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { configToYaml, loadConfigOrThrow } from '@aquamvs/core';
import { decodePly } from '@aquamvs/io';
import { describe, expect, it } from 'vitest';
import type { CloudStats } from './cloud-stats-stage.js';

const bin = join(dirname(createRequire(import.meta.url).resolve('@aquamvs/cli/package.json')), 'dist', 'bin.js');
/** The built plugin, as a user's config names it (a path; a package name resolves the same way). */
const pluginEntry = fileURLToPath(new URL('../dist/index.js', import.meta.url));

function cli(args: string[], cwd: string): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8' });
}

// The plugin as a user runs it: `plugins:` in config.yaml, `aquamvs run`, on a synthetic flat bed (ci rig).
describe('aquamvs run with the example plugin in config `plugins:`', () => {
  it('meshes with the overriding surface method, runs the added stage and its hook subscriber', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'aqm-plugin-example-'));
    expect(cli(['synth', '--rig', 'ci', '--scene', 'flat', '--out', 'data', '-q'], dir).status).toBe(0);
    const configPath = join(dir, 'data', 'config.yaml');
    const config = await loadConfigOrThrow(configPath);
    await writeFile(
      configPath,
      configToYaml({
        ...config,
        pipeline_mode: 'sparse',
        plugins: [[pluginEntry, { statsFile: 'floor.json' }]],
        pipeline: { ...config.pipeline, stages: ['undistort', 'sparse-matching', 'triangulation', 'sparse-cloud', 'surface', 'cloud-stats'] },
      }),
    );
    const run = cli(['run', configPath], dir);
    expect(run.status, run.stderr).toBe(0);
    // The plugin's hook subscriber saw every stage of the run, its own included.
    expect(run.stderr).toMatch(/aquamvs-plugin-example: stage time over 1 frame\(s\): .*\bcloud-stats \d+ ms/);

    const frame = join(dir, 'data', 'output', 'frame_000000');
    const stats = JSON.parse(await readFile(join(frame, 'stats', 'floor.json'), 'utf8')) as CloudStats;
    expect(stats.points).toBeGreaterThan(100);
    expect(stats.zMin).toBeLessThanOrEqual(stats.zMean);
    expect(stats.zMean).toBeLessThanOrEqual(stats.zMax);

    // The built-in Poisson mesh of this cloud has thousands of faces; the plane fit has two, level with the cloud.
    const mesh = decodePly(await readFile(join(frame, 'mesh', 'surface.ply')));
    expect(mesh.faceCount).toBe(2);
    expect(mesh.positions.length).toBe(12);
    for (let k = 2; k < 12; k += 3) expect(Math.abs(mesh.positions[k] - stats.zMean)).toBeLessThan(0.005);
  });
});
