import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { Command, CommanderError } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerSynthCommand } from './synth-command.js';

let dir: string;

async function synth(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d: Buffer) => (out += d.toString()));
  stderr.on('data', (d: Buffer) => (err += d.toString()));
  let code = 0;
  const program = new Command('aquamvs')
    .exitOverride()
    .configureOutput({ writeOut: (s) => stdout.write(s), writeErr: (s) => stderr.write(s) });
  registerSynthCommand(program, { streams: { stdout, stderr }, setExitCode: (c) => (code = c) });
  try {
    await program.parseAsync(['node', 'aquamvs', 'synth', ...args]);
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    code = error.exitCode;
  }
  return { code, stdout: out, stderr: err };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'aqm-synth-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('aquamvs synth', () => {
  it('writes the ci flat dataset with two frames and reports where', async () => {
    const out = join(dir, 'ci-flat');
    const r = await synth(['--rig', 'ci', '--scene', 'flat', '--frames', '2', '--seed', '4', '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/wrote 5 cameras × 2 frame\(s\) to .*ci-flat/);
    expect((await readdir(out)).sort()).toEqual(['calibration.json', 'config.yaml', 'ground_truth', 'images', 'scene.json']);
    expect((await readdir(join(out, 'images', 'center'))).sort()).toEqual(['frame_000000.png', 'frame_000001.png']);
  }, 60_000);

  it('rejects an unknown rig and a bad frame count with one line each', async () => {
    const a = await synth(['--rig', 'huge', '--scene', 'flat', '--out', join(dir, 'x')]);
    expect(a.code).toBe(1);
    expect(a.stderr).toContain("--rig must be one of standard, ci (got 'huge')");
    const b = await synth(['--rig', 'ci', '--scene', 'flat', '--frames', '0', '--out', join(dir, 'y')]);
    expect(b.code).toBe(1);
    expect(b.stderr).toContain("--frames must be an integer ≥ 1 (got '0')");
  });

  it('requires --rig, --scene and --out', async () => {
    const r = await synth(['--rig', 'ci', '--out', join(dir, 'z')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("required option '--scene <name>' not specified");
  });
});
