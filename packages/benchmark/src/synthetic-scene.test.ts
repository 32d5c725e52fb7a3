import { createRefractiveProjection } from '@aquamvs/geometry';
import { describe, expect, it } from 'vitest';
import { createRandom } from './random.js';
import { undistortedIntrinsics } from './render/ground-truth.js';
import { createSyntheticScene, type SyntheticScene } from './synthetic-scene.js';

const scenes: Record<string, SyntheticScene> = {
  flat: createSyntheticScene({ rig: 'ci', scene: 'flat', seed: 5 }),
  undulating: createSyntheticScene({ rig: 'ci', scene: 'undulating', seed: 5 }),
};

function gridProjection(scene: SyntheticScene, camera: string) {
  const job = scene.job(camera);
  const grid = undistortedIntrinsics(job);
  const projection = createRefractiveProjection({
    K: grid.K,
    R: job.camera.R,
    t: job.camera.t,
    waterZ: job.waterZ,
    nAir: job.nAir,
    nWater: job.nWater,
  });
  return { projection, ...grid };
}

/** Bilinear interpolation of an H×W grid at (u, v). */
function bilinear(grid: Float64Array, width: number, u: number, v: number): number {
  const j = Math.floor(u);
  const i = Math.floor(v);
  const a = u - j;
  const b = v - i;
  const at = (r: number, c: number): number => grid[r * width + c];
  return (1 - b) * ((1 - a) * at(i, j) + a * at(i, j + 1)) + b * ((1 - a) * at(i + 1, j) + a * at(i + 1, j + 1));
}

describe.each(Object.keys(scenes))('%s scene on the ci rig: ground truth is exact', (name) => {
  const scene = scenes[name];

  it('random surface points projected into each camera have ground-truth ray depth equal to their distance (1e-6 m)', () => {
    const random = createRandom(11);
    const [x0, x1, y0, y1] = scene.spec.bounds;
    for (const camera of scene.cameras) {
      const { projection, width, height } = gridProjection(scene, camera);
      let checked = 0;
      let worst = 0;
      for (let k = 0; k < 4000 && checked < 200; k++) {
        const x = x0 + (x1 - x0) * random.next();
        const y = y0 + (y1 - y0) * random.next();
        const q = new Float64Array([x, y, scene.surface.height(x, y)]);
        const { pixels, valid } = projection.project(q);
        const u = pixels[0];
        const v = pixels[1];
        if (valid[0] !== 1 || !(u >= 0 && u <= width - 1 && v >= 0 && v <= height - 1)) continue;
        const { origins: o } = projection.castRay(new Float64Array([u, v]));
        const expected = Math.hypot(x - o[0], y - o[1], q[2] - o[2]);
        const truth = scene.groundTruthAt(camera, u, v);
        worst = Math.max(worst, Math.abs(truth.depth - expected), Math.hypot(truth.point[0] - x, truth.point[1] - y, truth.point[2] - q[2]));
        checked++;
      }
      expect(checked, camera).toBeGreaterThan(50);
      expect(worst, camera).toBeLessThan(1e-6);
    }
  });

  it('ground-truth world points reproject onto their own pixel centre (1e-4 px) and lie on the surface (1e-9 m)', () => {
    const random = createRandom(12);
    for (const camera of scene.cameras) {
      const gt = scene.groundTruth(camera);
      const { projection } = gridProjection(scene, camera);
      let worstPx = 0;
      let worstZ = 0;
      let checked = 0;
      for (let k = 0; k < 400; k++) {
        const p = Math.floor(random.next() * gt.width * gt.height);
        if (Number.isNaN(gt.depth[p])) continue;
        const point = gt.points.subarray(p * 3, p * 3 + 3);
        const { pixels } = projection.project(new Float64Array(point));
        worstPx = Math.max(worstPx, Math.hypot(pixels[0] - (p % gt.width), pixels[1] - Math.floor(p / gt.width)));
        worstZ = Math.max(worstZ, Math.abs(point[2] - scene.surface.height(point[0], point[1])));
        checked++;
      }
      expect(checked, camera).toBeGreaterThan(300);
      expect(worstPx, camera).toBeLessThan(1e-4);
      expect(worstZ, camera).toBeLessThan(1e-9);
    }
  });

  it('the rendered ground-truth grid equals the exact sub-pixel ground truth at pixel centres', () => {
    const gt = scene.groundTruth('ring02');
    for (const [u, v] of [
      [0, 0],
      [17, 203],
      [160, 120],
      [319, 239],
    ]) {
      const at = scene.groundTruthAt('ring02', u, v);
      expect(Math.abs(gt.depth[v * gt.width + u] - at.depth)).toBeLessThan(1e-12);
    }
  });
});

describe('flat scene ground-truth grid', () => {
  it('bilinear lookup of the rendered depth grid at projected surface points agrees within 1e-6 m', () => {
    const scene = scenes.flat;
    const random = createRandom(13);
    for (const camera of scene.calibration.ringCameras) {
      const gt = scene.groundTruth(camera);
      const { projection } = gridProjection(scene, camera);
      let worst = 0;
      for (let k = 0; k < 300; k++) {
        const u = 1 + random.next() * (gt.width - 3);
        const v = 1 + random.next() * (gt.height - 3);
        const exact = scene.groundTruthAt(camera, u, v);
        const { pixels } = projection.project(new Float64Array(exact.point));
        worst = Math.max(worst, Math.abs(bilinear(gt.depth, gt.width, pixels[0], pixels[1]) - exact.depth));
      }
      expect(worst, camera).toBeLessThan(1e-6);
    }
  });
});

describe('ground truth coverage', () => {
  it('every ring-camera ray hits the textured square; the fisheye misses only beyond it', () => {
    const scene = scenes.undulating;
    for (const camera of scene.calibration.ringCameras) {
      const gt = scene.groundTruth(camera);
      expect(
        gt.depth.every((d) => d > 0.18 && d < 0.3),
        camera,
      ).toBe(true);
    }
    const center = scene.groundTruth('center');
    const misses = center.depth.filter((d) => Number.isNaN(d)).length;
    expect(misses / center.depth.length).toBeGreaterThan(0.01);
    expect(misses / center.depth.length).toBeLessThan(0.3);
  });
});

describe('synthetic scene arguments', () => {
  it('answers ground truth for a camera the rig lacks with AQM_ERR_BENCHMARK_UNKNOWN_CAMERA listing its cameras', () => {
    expect(() => scenes.flat.groundTruth('ring07')).toThrow(
      expect.objectContaining({
        code: 'AQM_ERR_BENCHMARK_UNKNOWN_CAMERA',
        message: `camera 'ring07' is not in the synthetic rig (cameras: ${scenes.flat.cameras.join(', ')})`,
      }),
    );
  });

  it('rejects a seed that is not an integer with AQM_ERR_BENCHMARK_ARGUMENT', () => {
    expect(() => createSyntheticScene({ rig: 'ci', scene: 'flat', seed: 1.5 })).toThrow(
      expect.objectContaining({ code: 'AQM_ERR_BENCHMARK_ARGUMENT', message: 'seed: expected an integer, got 1.5' }),
    );
  });
});
