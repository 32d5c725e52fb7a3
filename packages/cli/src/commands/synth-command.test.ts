import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerSynthCommand } from './synth-command.js';
import { runRegisteredCommand, type CommandRun } from '../test-support/run-registered-command.js';

let dir: string;

function synth(args: string[]): Promise<CommandRun> {
  return runRegisteredCommand(registerSynthCommand, ['synth', ...args]);
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
  });

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
