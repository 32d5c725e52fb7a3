import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const bin = resolve(dirname(fileURLToPath(import.meta.url)), '../dist/bin.js');
const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

function cli(args: string[], cwd: string): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', env: { ...process.env, CI: '1' } });
}

// A project folder outside the repository has no node_modules: a plugin named by package must come from the CLI's
// own installation, which ships @aquamvs/profiler.
describe('config plugins given by package name, from a folder outside the repository', () => {
  let dir = '';
  let config = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'aqm-plugin-name-'));
    expect(dir.startsWith(repo)).toBe(false);
    expect(cli(['synth', '--rig', 'ci', '--scene', 'flat', '--out', 'data', '-q'], dir).status).toBe(0);
    config = join(dir, 'data', 'config.yaml');
  });

  async function setPlugins(plugins: string): Promise<void> {
    const text = await readFile(config, 'utf8');
    expect(text).toMatch(/^plugins: /m);
    // Undistortion alone is enough to show the plugin loaded and ran.
    await writeFile(config, text.replace(/^plugins: .*$/m, `plugins: ${plugins}`).replace(/^ {2}stages: .*$/m, '  stages: [undistort]'));
  }

  it("loads plugins: ['@aquamvs/profiler'] from the CLI's installation and profiles the run", async () => {
    await setPlugins("['@aquamvs/profiler']");
    const run = cli(['run', 'data/config.yaml', '-q'], dir);
    expect(run.status, run.stderr).toBe(0);
    const profile = JSON.parse(await readFile(join(dir, 'data', 'output', 'profile', 'profile.json'), 'utf8')) as { stages: { path: string }[] };
    expect(profile.stages.map((s) => s.path)).toContain('undistort');
  });

  it('names the folders it looked in when the package is nowhere', async () => {
    await setPlugins("['aquamvs-plugin-that-does-not-exist']");
    const run = cli(['run', 'data/config.yaml', '-q'], dir);
    expect(run.status).toBe(1);
    expect(run.stderr.trim()).toMatch(
      /^error AQM_ERR_PLUGIN_LOAD: cannot load plugin 'aquamvs-plugin-that-does-not-exist': package not found from .*aqm-plugin-name-.*data or .*packages\/cli\/dist \(install it next to the config: npm i aquamvs-plugin-that-does-not-exist\)$/,
    );
    expect(existsSync(join(dir, 'data', 'output', 'run.json'))).toBe(true); // from the first run: untouched, not removed
  });
});
