import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodePly, readNpz } from '@aquamvs/io';
import { beforeAll, describe, expect, it } from 'vitest';

// `aquamvs compare` on small analytic clouds (a bed sampled every 2 mm, a cosine mound of known volume), through the
// built binary as a user runs it.

const bin = resolve(dirname(fileURLToPath(import.meta.url)), '../../dist/bin.js');
const cli = (args: string[], cwd: string): { status: number | null; stdout: string; stderr: string } =>
  spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', env: { ...process.env, CI: '1' } });

/** A bed at Z = 1 (+Z down) over [x0, x0 + 0.3] × [0, 0.3], with a cosine mound of `height` at its centre. */
function bed(x0: number, height: number, dz = 0): Float32Array {
  const out: number[] = [];
  for (let y = 0; y <= 0.3 + 1e-9; y += 0.002) {
    for (let x = x0; x <= x0 + 0.3 + 1e-9; x += 0.002) {
      const r = Math.hypot(x - x0 - 0.15, y - 0.15);
      out.push(x, y, 1 + dz - (r < 0.08 ? 0.5 * height * (1 + Math.cos((Math.PI * r) / 0.08)) : 0));
    }
  }
  return Float32Array.from(out);
}
const moundVolume = (h: number): number => h * 0.08 ** 2 * (Math.PI / 2 - 2 / Math.PI);

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'aqm-compare-'));
  await writeFile(join(dir, 'bed.ply'), encodePly({ positions: bed(0, 0) }));
  await writeFile(join(dir, 'lower.ply'), encodePly({ positions: bed(0, 0, 0.003) }));
  await writeFile(join(dir, 'far.ply'), encodePly({ positions: bed(2, 0) }));
  await writeFile(join(dir, 'notes.txt'), 'not a cloud');
  // A run whose frames grow a mound: 0, 10 and 20 mm; frame 3 failed (no cloud).
  for (const [frame, h] of [
    [0, 0],
    [1, 0.01],
    [2, 0.02],
  ] as const) {
    await mkdir(join(dir, 'run', `frame_00000${frame}`, 'point_cloud'), { recursive: true });
    await writeFile(join(dir, 'run', `frame_00000${frame}`, 'point_cloud', 'fused.ply'), encodePly({ positions: bed(0, h) }));
  }
  await mkdir(join(dir, 'run', 'frame_000003'));
});

describe('aquamvs compare', () => {
  it('compares two clouds: distances both ways, height difference as .npz and .png, one-screen summary', async () => {
    const r = cli(['compare', 'bed.ply', 'lower.ply', '--out', 'pair'], dir);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/A→B mean 3\.0\d\d mm/);
    expect(r.stdout).toContain('zA − zB mean -3.000 mm');
    // B is 3 mm lower everywhere: A is 3 mm higher, 0.27 m² × 3 mm = 0.27 L gained.
    expect(r.stdout).toMatch(/gained 0\.27\d\d L {2}lost 0\.0000 L/);
    const npz = await readNpz(join(dir, 'pair', 'height_difference.npz'));
    expect(Object.keys(npz).sort()).toEqual(['diff', 'grid_x', 'grid_y', 'height_change', 'z_a', 'z_b']);
    expect(npz.diff.shape).toEqual([npz.grid_y.shape[0], npz.grid_x.shape[0]]);
    const png = await readFile(join(dir, 'pair', 'height_difference.png'));
    expect(png.subarray(1, 4).toString()).toBe('PNG');
  });

  it('measures change over time in a run: volume gained per frame within 1 % of the mound, CSV and SVG', async () => {
    const r = cli(['compare', 'run', '--frames', '0:4'], dir);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('change against frame 0');
    expect(r.stdout).toMatch(/3 skipped: .*no point_cloud|3 skipped: .*none of them/);
    const csv = (await readFile(join(dir, 'run', 'compare', 'volume_change.csv'), 'utf8')).trim().split('\n');
    expect(csv[0]).toBe('frame,volume_gained_m3,volume_lost_m3,volume_net_m3,mean_height_change_m,changed_area_m2,overlap_area_m2');
    const rows = csv.slice(1).map((line) => line.split(',').map(Number));
    expect(rows.map((row) => row[0])).toEqual([1, 2]);
    for (const [frame, gained, lost, net] of rows) {
      const truth = moundVolume(frame === 1 ? 0.01 : 0.02);
      expect(Math.abs(gained - truth) / truth, `frame ${frame}`).toBeLessThan(0.01);
      expect(Math.abs(net - truth) / truth).toBeLessThan(0.01);
      expect(lost).toBe(0);
    }
    const svg = await readFile(join(dir, 'run', 'compare', 'volume_change.svg'), 'utf8');
    expect(svg).toMatch(/^<svg /);
    expect(svg.match(/<polyline/g)).toHaveLength(3);
    const one = cli(['compare', 'run', '--frames', '2', '--baseline', '0', '--out', 'one'], dir);
    expect(one.status, one.stderr).toBe(0);
    expect(one.stdout).toContain('A = frame 2');
  });

  it('answers bad input with one coded line: clouds that do not overlap, an unknown format, a missing frame', () => {
    const apart = cli(['compare', 'bed.ply', 'far.ply'], dir);
    expect(apart.status).toBe(1);
    expect(apart.stderr).toBe(
      'error AQM_ERR_EVALUATION_NO_OVERLAP: bed.ply and far.ply do not overlap: their height maps share no grid cell (different scenes or coordinate frames?)\n',
    );
    const format = cli(['compare', 'notes.txt', 'bed.ply'], dir);
    expect(format.status).toBe(1);
    expect(format.stderr).toBe(
      "error AQM_ERR_EVALUATION_INPUT: notes.txt: expected a .ply point cloud or mesh, or a run output directory, got a '.txt' file\n",
    );
    const missing = cli(['compare', 'run', '--frames', '7'], dir);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/^error AQM_ERR_EVALUATION_INPUT: frame 7 of .*run: expected a finished frame .*no frame_000007 directory\n$/);
    const usage = cli(['compare', 'run'], dir);
    expect(usage.status).toBe(1);
    expect(usage.stderr).toContain('give --frames');
    expect(cli(['compare', 'bed.ply', 'lower.ply', '--grid-resolution', '0'], dir).stderr).toContain('--grid-resolution must be a positive length');
  });
});
