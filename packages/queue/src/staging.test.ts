import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { processScopedName, publishFrameDir, STAGING_DIR, sweepStaleStaging } from './staging.js';

let out: string;
beforeEach(async () => {
  out = await mkdtemp(join(tmpdir(), 'aqm-staging-'));
});
afterEach(async () => {
  await rm(out, { recursive: true, force: true });
});

async function stage(name: string, frame: string, files: Record<string, string>): Promise<string> {
  const dir = join(out, STAGING_DIR, name);
  for (const [file, text] of Object.entries(files)) {
    await mkdir(join(dir, frame, file, '..'), { recursive: true });
    await writeFile(join(dir, frame, file), text);
  }
  return dir;
}

describe('publishFrameDir', () => {
  it('moves a staged frame into place and replaces an older one whole, leaving nothing aside', async () => {
    await mkdir(join(out, 'frame_000003/point_cloud'), { recursive: true });
    await writeFile(join(out, 'frame_000003/point_cloud/fused.ply'), 'old');
    await writeFile(join(out, 'frame_000003/stale.txt'), 'old');
    const staging = await stage('w1', 'frame_000003', { 'point_cloud/fused.ply': 'new', 'depth_maps/a.npz': 'd' });
    expect(await publishFrameDir(staging, out, 3, [])).toBe(true);
    expect(await readFile(join(out, 'frame_000003/point_cloud/fused.ply'), 'utf8')).toBe('new');
    expect(existsSync(join(out, 'frame_000003/stale.txt'))).toBe(false);
    expect(existsSync(join(out, 'frame_000003/depth_maps/a.npz'))).toBe(true);
    expect(await readdir(join(out, STAGING_DIR))).toEqual(['w1']);
    expect(await readdir(staging)).toEqual([]);
  });

  it('drops depth_maps and undistorted when intermediates are not kept, and reports a frame with no files', async () => {
    const staging = await stage('w2', 'frame_000001', { 'point_cloud/fused.ply': 'p', 'depth_maps/a.npz': 'd', 'undistorted/c.png': 'u' });
    expect(await publishFrameDir(staging, out, 1, ['depth_maps', 'undistorted'])).toBe(true);
    expect((await readdir(join(out, 'frame_000001'))).sort()).toEqual(['point_cloud']);
    expect(await publishFrameDir(staging, out, 2, ['depth_maps', 'undistorted'])).toBe(false);
  });
});

describe('sweepStaleStaging', () => {
  it('removes the staging of dead processes on this host only', async () => {
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    const deadPid = Number(dead.stdout);
    const live = processScopedName('s0');
    const names = [
      `${hostname()}-${deadPid}-s0-abc123`,
      `replaced-${hostname()}-${deadPid}-frame_000001-abc123`,
      live,
      `otherhost-${deadPid}-s0-abc123`,
    ];
    for (const name of names) await mkdir(join(out, STAGING_DIR, name, 'frame_000001'), { recursive: true });
    expect(await sweepStaleStaging(out)).toBe(2);
    expect((await readdir(join(out, STAGING_DIR))).sort()).toEqual([live, `otherhost-${deadPid}-s0-abc123`].sort());
  });
});
