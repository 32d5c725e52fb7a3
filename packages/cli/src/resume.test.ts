import { spawnSync } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';

// A re-run skips exactly the frames whose result would not change: it is keyed by the processing config and the
// content of the calibration and of each frame's images, not by their paths.

const bin = resolve(dirname(fileURLToPath(import.meta.url)), '../dist/bin.js');
let project: string;

function run(cwd: string): { code: number | null; log: string } {
  const r = spawnSync(process.execPath, [bin, 'run', 'config.yaml'], { cwd, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } });
  return { code: r.status, log: r.stderr };
}

/** `"2 frame(s) done, 1 skipped"` → `[2, 1]`. */
function counts(log: string): [number, number] {
  const m = /(\d+) frame\(s\) done(?:, (\d+) skipped)?/.exec(log);
  expect(m, log).not.toBeNull();
  return [Number(m?.[1]), Number(m?.[2] ?? 0)];
}

/** Rewrites `dir/config.yaml`, each `[from, to]` in turn. */
async function editConfig(dir: string, ...edits: [string, string][]): Promise<void> {
  const file = join(dir, 'config.yaml');
  let text = await readFile(file, 'utf8');
  for (const [from, to] of edits) text = text.replace(from, to);
  await writeFile(file, text);
}

beforeAll(async () => {
  const root = await mkdtemp(join(tmpdir(), 'aqm-resume-'));
  const synth = spawnSync(process.execPath, [bin, 'synth', '--rig', 'ci', '--scene', 'flat', '--frames', '2', '--out', 'project', '-q'], {
    cwd: root,
    encoding: 'utf8',
  });
  expect(synth.status, synth.stderr).toBe(0);
  project = join(root, 'project');
  await rm(join(project, 'scene.json'));
  await editConfig(project, ['stages: null', 'stages: [undistort]']);
  const first = run(project);
  expect(first.code, first.log).toBe(0);
  expect(counts(first.log)).toEqual([2, 0]);
});

describe('resuming a finished run', () => {
  it('skips every frame when nothing changed; run.json names the version that made each', async () => {
    expect(counts(run(project).log)).toEqual([0, 2]);
    const { version } = JSON.parse(await readFile(resolve(dirname(bin), '../package.json'), 'utf8')) as { version: string };
    const manifest = JSON.parse(await readFile(join(project, 'output', 'run.json'), 'utf8')) as { frames: Record<string, { madeBy?: string }> };
    expect(Object.values(manifest.frames).map((f) => f.madeBy)).toEqual([`aquamvs ${version}`, `aquamvs ${version}`]);
  });

  it('redoes every frame after calibration.json changed (water_z edited)', async () => {
    const file = join(project, 'calibration.json');
    const text = await readFile(file, 'utf8');
    expect(text).toContain('"water_z": 0.978');
    await writeFile(file, text.replaceAll('"water_z": 0.978', '"water_z": 0.979'));
    expect(counts(run(project).log)).toEqual([2, 0]);
    expect(counts(run(project).log)).toEqual([0, 2]);
  });

  it('redoes only the frame whose image was replaced (same size, same name)', async () => {
    const file = join(project, 'images', 'ring01', 'frame_000001.png');
    // Mirrored: the same bed and size, other pixels (a blank image would count as no image: blank_image_ratio).
    await sharp(file).flop().png().toFile(`${file}.new`);
    await cp(`${file}.new`, file);
    await rm(`${file}.new`);
    expect(counts(run(project).log)).toEqual([1, 1]);
  });

  it('skips every frame of a project copied to another folder (new paths and modification times)', async () => {
    const moved = join(dirname(project), 'moved');
    await cp(project, moved, { recursive: true, preserveTimestamps: false });
    expect(counts(run(moved).log)).toEqual([0, 2]);
  });

  it("redoes every frame after the code of a config's plugin stage, of a module it imports or of a package that module imports changed, and skips them again after", async () => {
    const lab = join(dirname(project), 'lab');
    await cp(project, lab, { recursive: true });
    // The stage's value comes from a helper module of the lab's, which the stage imports.
    const stage = (gain: number): string =>
      `import { offset } from './lib/offset.mjs';
export default () => ({ name: 'lab', register(c) { c.register(Symbol.for('@aquamvs/core:stage'), { useValue: { id: 'gain', consumes: [], produces: [],
  run: (ctx) => ctx.output.writeFile('gain.txt', \`\${${gain} + offset}\\n\`) } }); } });\n`;
    const helper = (offset: number): string => `import { base } from 'lab-constants';\nexport const offset = base + ${offset};\n`;
    // …and the helper's from a package the lab installed.
    const constants = async (version: string, base: number): Promise<void> => {
      await mkdir(join(lab, 'node_modules', 'lab-constants'), { recursive: true });
      await writeFile(
        join(lab, 'node_modules', 'lab-constants', 'package.json'),
        JSON.stringify({ name: 'lab-constants', version, type: 'module', main: 'index.js' }),
      );
      await writeFile(join(lab, 'node_modules', 'lab-constants', 'index.js'), `export const base = ${base};\n`);
    };
    await constants('1.0.0', 0);
    await mkdir(join(lab, 'lib'));
    await writeFile(join(lab, 'lib', 'offset.mjs'), helper(0));
    await writeFile(join(lab, 'lab-stage.mjs'), stage(2));
    await editConfig(lab, ['plugins: []', "plugins: ['./lab-stage.mjs']"], ['stages: [undistort]', 'stages: [undistort, gain]']);
    expect(counts(run(lab).log)).toEqual([2, 0]);
    expect(counts(run(lab).log)).toEqual([0, 2]);
    // The lab fixes its stage; the frames its old code made are stale.
    await writeFile(join(lab, 'lab-stage.mjs'), stage(3));
    expect(counts(run(lab).log)).toEqual([2, 0]);
    expect(await readFile(join(lab, 'output', 'frame_000001', 'gain.txt'), 'utf8')).toBe('3\n');
    expect(counts(run(lab).log)).toEqual([0, 2]);
    // …or only its helper module: stale as well.
    await writeFile(join(lab, 'lib', 'offset.mjs'), helper(10));
    expect(counts(run(lab).log)).toEqual([2, 0]);
    expect(await readFile(join(lab, 'output', 'frame_000001', 'gain.txt'), 'utf8')).toBe('13\n');
    expect(counts(run(lab).log)).toEqual([0, 2]);
    // …or the package upgraded: stale as well.
    await constants('1.1.0', 100);
    expect(counts(run(lab).log)).toEqual([2, 0]);
    expect(await readFile(join(lab, 'output', 'frame_000001', 'gain.txt'), 'utf8')).toBe('113\n');
    expect(counts(run(lab).log)).toEqual([0, 2]);
  });

  it("keeps the finished run's config.yaml when a later run fails to start (roma without a model)", async () => {
    const recorded = await readFile(join(project, 'output', 'config.yaml'), 'utf8');
    const records = await readdir(join(project, 'output', 'runs'));
    expect(records.length).toBeGreaterThan(0);
    // An explicit stage list: the pathway's fallback to the classic matcher does not apply, so the start fails.
    await editConfig(project, ['matcher_type: classic', 'matcher_type: roma'], ['stages: [undistort]', 'stages: [undistort, dense-matching]']);
    const failed = run(project);
    expect(failed.code).toBe(1);
    expect(failed.log).toMatch(
      /^error AQM_ERR_STAGE_FAILED: \[stage dense-matching · @aquamvs\/stage-matching\] prepare: matcher_type roma needs dense_matching\.onnx\.model/m,
    );
    expect(await readFile(join(project, 'output', 'config.yaml'), 'utf8')).toBe(recorded);
    expect(await readdir(join(project, 'output', 'runs'))).toEqual(records);
  });
});
