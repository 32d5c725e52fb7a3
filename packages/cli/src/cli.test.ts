import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';

const bin = resolve(dirname(fileURLToPath(import.meta.url)), '../dist/bin.js');

function aquamvs(args: string[], cwd: string): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

let dir: string;

/** Two cameras × three frames of 8×6 PNGs, plus a plugin file with a stage that writes the mean grey level. */
async function makeProject(root: string): Promise<void> {
  for (const cam of ['cam0', 'cam1']) {
    await mkdir(join(root, 'images', cam), { recursive: true });
    for (let f = 0; f < 3; f += 1) {
      const pixels = Buffer.alloc(8 * 6 * 3, 10 * (f + 1));
      await sharp(pixels, { raw: { width: 8, height: 6, channels: 3 } })
        .png()
        .toFile(join(root, 'images', cam, `frame_${f}.png`));
    }
  }
  await writeFile(
    join(root, 'mean-plugin.mjs'),
    `export default () => ({ name: 'mean-plugin', register(c) { c.register(Symbol.for('@aquamvs/core:stage'), { useValue: {
      id: 'mean', consumes: ['rawImages'], produces: [],
      async run(ctx) {
        const lines = [];
        for (const [cam, img] of [...ctx.artifacts.get('rawImages')].sort()) {
          let s = 0; for (const v of img.data) s += v; lines.push(cam + ' ' + (s / img.data.length));
        }
        if (ctx.frame === 1 && process.env.AQUAMVS_TEST_FAIL_FRAME === '1') throw new Error('frame one is cursed');
        await ctx.output.writeFile('mean.txt', lines.join('\\n'));
      } } }); } });`,
  );
}

const config = (extra = ''): string => `output_dir: out
camera_input_map:
  cam0: images/cam0
  cam1: images/cam1
plugins: ['./mean-plugin.mjs']
pipeline:
  stages: [mean]
${extra}`;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'aqm-cli-'));
  await makeProject(dir);
});

describe('aquamvs CLI', () => {
  it('prints its version and help', () => {
    expect(aquamvs(['--version'], dir).stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    const help = aquamvs(['run', '--help'], dir);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--force');
  });

  it('prints help and exits 1 without a subcommand', () => {
    const result = aquamvs([], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Usage: aquamvs');
  });

  it('runs a pipeline with a plugin stage over image directories, then skips finished frames', async () => {
    await writeFile(join(dir, 'config.yaml'), config());
    const first = aquamvs(['run', 'config.yaml'], dir);
    expect(first.stderr).toContain('3 frame(s) done');
    expect(first.code).toBe(0);
    expect(await readFile(join(dir, 'out', 'frame_000002', 'mean.txt'), 'utf8')).toBe('cam0 30\ncam1 30');
    expect(existsSync(join(dir, 'out', 'config.yaml'))).toBe(true);
    const second = aquamvs(['run', 'config.yaml', '-q'], dir);
    expect(second.code).toBe(0);
    expect(second.stderr).toBe('');
    const forced = aquamvs(['run', 'config.yaml', '--force'], dir);
    expect(forced.stderr).toContain('3 frame(s) done');
  });

  it('profiles a run: prints the stage table and writes profile.json and a Chrome trace', async () => {
    await writeFile(join(dir, 'profile.yaml'), config().replace('output_dir: out', 'output_dir: out-profile'));
    const result = aquamvs(['profile', 'profile.yaml', '--frames', '0:2', '-q'], dir);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('mean');
    expect(result.stdout).toMatch(/Top 3 bottlenecks/i);
    const profile = JSON.parse(await readFile(join(dir, 'out-profile', 'profile', 'profile.json'), 'utf8')) as {
      stages: { name: string; calls: number }[];
    };
    expect(profile.stages.find((s) => s.name === 'mean')?.calls).toBe(2);
    const trace = JSON.parse(await readFile(join(dir, 'out-profile', 'profile', 'trace.json'), 'utf8')) as {
      traceEvents: { ph: string; name: string }[];
    };
    expect(trace.traceEvents.filter((e) => e.ph === 'X' && e.name === 'mean')).toHaveLength(2);
    expect(existsSync(join(dir, 'out-profile', 'frame_000002'))).toBe(false);
  });

  it('goes on after a failing frame and exits 1 naming it', async () => {
    await writeFile(join(dir, 'fail.yaml'), config().replace('output_dir: out', 'output_dir: out-fail'));
    const result = spawnSync(process.execPath, [bin, 'run', 'fail.yaml', '-q'], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, AQUAMVS_TEST_FAIL_FRAME: '1' },
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('frame one is cursed');
    expect(result.stderr).toContain('error AQM_ERR_FRAMES_FAILED: 1 frame(s) failed (1: [stage mean · mean-plugin] frame 1: frame one is cursed)');
    expect(existsSync(join(dir, 'out-fail', 'frame_000002', 'mean.txt'))).toBe(true);
  });

  it.each([
    ['a missing config', ['run', 'nope.yaml'], 'error AQM_ERR_CONFIG_NOT_FOUND: config file not found: nope.yaml'],
    [
      'an unknown stage',
      ['run', 'unknown-stage.yaml'],
      "error AQM_ERR_PIPELINE_INVALID: unknown stage 'nosuch' in the stage list; registered stages: dense-matching, fusion, mean, plane-sweep, roma-depth, sparse-cloud, sparse-matching, surface, triangulation, undistort, viz",
    ],
    ['a missing plugin', ['run', 'missing-plugin.yaml'], "error AQM_ERR_PLUGIN_LOAD: cannot load plugin './nope.mjs'"],
    ['bad YAML', ['run', 'bad.yaml'], 'error AQM_ERR_CONFIG_YAML: bad.yaml'],
    ['an invalid value', ['run', 'invalid.yaml'], 'reconstruction.window_size'],
  ])('reports %s in one line and exits 1', async (_what, args, expected) => {
    await writeFile(join(dir, 'unknown-stage.yaml'), config().replace('[mean]', '[mean, nosuch]'));
    await writeFile(join(dir, 'missing-plugin.yaml'), config().replace('./mean-plugin.mjs', './nope.mjs'));
    await writeFile(join(dir, 'bad.yaml'), 'output_dir: [unclosed\n');
    await writeFile(join(dir, 'invalid.yaml'), config('reconstruction:\n  window_size: 4\n'));
    const result = aquamvs(args, dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(expected);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
