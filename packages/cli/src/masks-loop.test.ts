import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cameraProjection, undistortionModel, loadCalibration } from '@aquamvs/geometry';
import { readImage, readNpz, readPly, writePng } from '@aquamvs/io';
import { describe, expect, it } from 'vitest';

// The loop a user follows to keep part of the scene out of a reconstruction: `export-refs` → draw masks on the
// reference images → `run` with `mask_dir`. The "drawing" here blacks out, in every camera, the pixels that see a
// disc of the bed, so no camera may make a depth or a point there.

const bin = resolve(dirname(fileURLToPath(import.meta.url)), '../dist/bin.js');
const cli = (args: string[], cwd: string): { status: number | null; stdout: string; stderr: string } =>
  spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8' });

const DISC = { x: 0.635, y: 0, radius: 0.1 };

/** Mask of `camera` on its undistorted grid: 0 where the pixel's refracted ray meets the flat bed inside DISC. */
async function discMask(dataDir: string, camera: string, bedZ: number): Promise<{ width: number; height: number; data: Uint8Array }> {
  const calibration = await loadCalibration(join(dataDir, 'calibration.json'));
  const cam = calibration.cameras[camera];
  const undistortion = undistortionModel(cam);
  const projection = cameraProjection(calibration, cam, undistortion.K);
  const { width, height } = undistortion;
  const pixels = new Float64Array(width * height * 2);
  for (let v = 0; v < height; v++) for (let u = 0; u < width; u++) pixels.set([u, v], (v * width + u) * 2);
  const { origins: o, directions: d } = projection.castRay(pixels);
  const data = new Uint8Array(width * height).fill(255);
  for (let i = 0; i < width * height; i++) {
    const delta = (bedZ - o[i * 3 + 2]) / d[i * 3 + 2];
    const x = o[i * 3] + delta * d[i * 3];
    const y = o[i * 3 + 1] + delta * d[i * 3 + 1];
    if (Math.hypot(x - DISC.x, y - DISC.y) < DISC.radius) data[i] = 0;
  }
  return { width, height, data };
}

describe('export-refs → draw masks → run with mask_dir', () => {
  it('writes an undistorted reference image per camera, and the masked bed gets no depth and no point', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'aqm-masks-'));
    expect(cli(['synth', '--rig', 'ci', '--scene', 'flat', '--out', 'data', '-q'], dir).status).toBe(0);
    const data = join(dir, 'data');
    const refs = cli(['export-refs', join(data, 'config.yaml'), '--frame', '0'], dir);
    expect(refs.status, refs.stderr).toBe(0);
    expect(refs.stdout).toContain('wrote 5 reference image(s) of frame 0');
    expect(refs.stdout).toContain('mask_dir');

    const scene = JSON.parse(await readFile(join(data, 'scene.json'), 'utf8')) as {
      scene: { baseZ: number };
      cameras: string[];
      ring_cameras: string[];
    };
    expect([...scene.cameras].sort()).toEqual(['center', 'ring00', 'ring01', 'ring02', 'ring03']);
    await mkdir(join(data, 'masks'));
    const masks = new Map<string, Uint8Array>();
    for (const camera of scene.cameras) {
      const reference = await readImage(join(data, 'output', 'reference_images', `${camera}.png`));
      const mask = await discMask(data, camera, scene.scene.baseZ);
      // The reference image is the grid the masks are drawn on: the undistorted one, not the raw frame.
      expect([reference.width, reference.height]).toEqual([mask.width, mask.height]);
      await writePng(join(data, 'masks', `${camera}.png`), { width: mask.width, height: mask.height, channels: 1, data: mask.data });
      masks.set(camera, mask.data);
    }
    const configFile = join(data, 'config.yaml');
    await writeFile(configFile, (await readFile(configFile, 'utf8')).replace('mask_dir: null', 'mask_dir: masks'));
    const run = cli(['run', configFile, '-q'], dir);
    expect(run.status, run.stderr).toBe(0);

    const frame = join(data, 'output', 'frame_000000');
    for (const camera of scene.ring_cameras) {
      const depth = (await readNpz(join(frame, 'depth_maps', `${camera}.npz`))).depth.data as Float32Array;
      const mask = masks.get(camera) as Uint8Array;
      let masked = 0;
      let depthInMask = 0;
      let depthOutside = 0;
      for (let i = 0; i < mask.length; i++) {
        if (mask[i] === 0) {
          masked++;
          if (Number.isFinite(depth[i])) depthInMask++;
        } else if (Number.isFinite(depth[i])) depthOutside++;
      }
      expect(masked, camera).toBeGreaterThan(1000);
      expect(depthInMask, camera).toBe(0);
      expect(depthOutside, camera).toBeGreaterThan(mask.length / 2);
    }
    const cloud = await readPly(join(frame, 'point_cloud', 'fused.ply'));
    const p = cloud.positions;
    let inside = 0;
    let ring = 0;
    for (let i = 0; i < p.length; i += 3) {
      const r = Math.hypot(p[i] - DISC.x, p[i + 1] - DISC.y);
      // 2 mm inside the edge: a point fused from pixels just outside the disc may lie on its rim.
      if (r < DISC.radius - 0.002) inside++;
      else if (r > DISC.radius + 0.005 && r < DISC.radius + 0.02) ring++;
    }
    expect(inside).toBe(0);
    expect(ring).toBeGreaterThan(1000);
  });
});
