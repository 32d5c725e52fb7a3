import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
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

  it('writes H.264 videos with --format mp4 at the --crf asked', async () => {
    const out = join(dir, 'ci-flat-mp4');
    const r = await synth(['--rig', 'ci', '--scene', 'flat', '--format', 'mp4', '--crf', '30', '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/wrote 5 cameras × 1 frame\(s\) to .*ci-flat-mp4 \(mp4, render/);
    expect((await readdir(join(out, 'videos'))).sort()).toEqual(['center.mp4', 'ring00.mp4', 'ring01.mp4', 'ring02.mp4', 'ring03.mp4']);
    expect(JSON.parse(await readFile(join(out, 'scene.json'), 'utf8'))).toMatchObject({ format: 'mp4', scene: { h264: { crf: 30 } } });
  });

  it("renders a lab's own calibration.json as given, the bed --water-depth below its water", async () => {
    // The ci dataset's calibration.json, read back as a lab's own file: the same images as the built-in rig.
    const own = join(dir, 'ci-flat', 'calibration.json');
    const out = join(dir, 'own-flat');
    const r = await synth(['--rig', own, '--scene', 'flat', '--seed', '4', '--out', out]);
    expect(r.code).toBe(0);
    const frame = (root: string): Promise<Buffer> => readFile(join(root, 'images', 'ring01', 'frame_000000.png'));
    expect((await frame(out)).equals(await frame(join(dir, 'ci-flat')))).toBe(true);
    expect(JSON.parse(await readFile(join(out, 'scene.json'), 'utf8'))).toMatchObject({ rig: 'calibration.json' });
    // The bower on a lab's rig keeps its cameras and water as calibrated (no field mounting), the bed 0.25 m down.
    const deep = join(dir, 'own-bower');
    const b = await synth(['--rig', own, '--scene', 'bower', '--water-depth', '0.25', '--format', 'png', '--out', deep]);
    expect(b.code).toBe(0);
    const scene = JSON.parse(await readFile(join(deep, 'scene.json'), 'utf8')) as { water_z: number; scene: { baseZ: number; rigVariant?: unknown } };
    const calibrated = JSON.parse(await readFile(own, 'utf8')) as { cameras: Record<string, { water_z: number }> };
    expect(scene.water_z).toBe(calibrated.cameras.ring00.water_z);
    expect(scene.scene.baseZ).toBeCloseTo(scene.water_z + 0.25, 12);
    expect(scene.scene.rigVariant).toBeUndefined();
  });

  it('rejects a bad calibration file and water depth with one line each, before rendering', async () => {
    const { writeFile } = await import('node:fs/promises');
    const broken = join(dir, 'broken.json');
    await writeFile(broken, '{ "version": "1.0", "cameras": {} }');
    await expect(synth(['--rig', broken, '--scene', 'flat', '--out', join(dir, 'b')])).rejects.toMatchObject({
      code: expect.stringMatching(/^AQM_ERR_CALIBRATION_/) as unknown,
    });
    const d = await synth(['--rig', 'ci', '--scene', 'flat', '--water-depth', '-0.1', '--out', join(dir, 'd')]);
    expect(d.code).toBe(1);
    expect(d.stderr).toContain("--water-depth must be the bed's depth below the water in metres, > 0 (got '-0.1')");
    await expect(readdir(join(dir, 'b'))).rejects.toThrow();
    await expect(readdir(join(dir, 'd'))).rejects.toThrow();
  });

  it('rejects an unknown rig and a bad frame count with one line each', async () => {
    const a = await synth(['--rig', 'huge', '--scene', 'flat', '--out', join(dir, 'x')]);
    expect(a.code).toBe(1);
    expect(a.stderr).toContain("--rig must be one of standard, ci or an AquaCal calibration.json file (got 'huge': no such file)");
    const b = await synth(['--rig', 'ci', '--scene', 'flat', '--frames', '0', '--out', join(dir, 'y')]);
    expect(b.code).toBe(1);
    expect(b.stderr).toContain("--frames must be an integer ≥ 1 (got '0')");
    const c = await synth(['--rig', 'ci', '--scene', 'flat', '--format', 'avi', '--out', join(dir, 'w')]);
    expect(c.code).toBe(1);
    expect(c.stderr).toContain("--format must be png or mp4 (got 'avi')");
  });

  it('requires --rig, --scene and --out', async () => {
    const r = await synth(['--rig', 'ci', '--out', join(dir, 'z')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("required option '--scene <name>' not specified");
  });
});
