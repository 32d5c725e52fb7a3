import { createRefractiveProjection, selectPairs } from '@aquamvs/geometry';
import { describe, expect, it } from 'vitest';
import { undistortedIntrinsics } from '../render/ground-truth.js';
import { BOWER_RIG_VARIANT } from '../scenes/relief-scenes.js';
import { createSyntheticScene } from '../synthetic-scene.js';
import { applyRigVariant } from './rig-variant.js';
import { ciRig } from './rigs.js';

const DEG = 180 / Math.PI;
const nominal = ciRig();
const field = applyRigVariant(nominal, BOWER_RIG_VARIANT);
const axis = (R: readonly number[]): number[] => R.slice(6, 9);
const angle = (a: readonly number[], b: readonly number[]): number => Math.acos(Math.min(1, a[0] * b[0] + a[1] * b[1] + a[2] * b[2])) * DEG;

/** Roll of `R` about its optical axis relative to `R0` turned onto the same axis by the smallest rotation, degrees. */
function rollBetween(R0: readonly number[], R: readonly number[]): number {
  const z0 = axis(R0);
  const z = axis(R);
  const c = z0[0] * z[0] + z0[1] * z[1] + z0[2] * z[2];
  const k = [z0[1] * z[2] - z0[2] * z[1], z0[2] * z[0] - z0[0] * z[2], z0[0] * z[1] - z0[1] * z[0]];
  const x0 = R0.slice(0, 3);
  // Rodrigues for the minimal rotation z0 → z applied to x0 (|k| = sin θ).
  const kx = [k[1] * x0[2] - k[2] * x0[1], k[2] * x0[0] - k[0] * x0[2], k[0] * x0[1] - k[1] * x0[0]];
  const kd = k[0] * x0[0] + k[1] * x0[1] + k[2] * x0[2];
  const carried = [0, 1, 2].map((i) => x0[i] * c + kx[i] + (k[i] * kd) / (1 + c));
  const x = R.slice(0, 3);
  const y = R.slice(3, 6);
  return Math.atan2(carried[0] * y[0] + carried[1] * y[1] + carried[2] * y[2], carried[0] * x[0] + carried[1] * x[1] + carried[2] * x[2]) * -DEG;
}

describe('applyRigVariant (the bower rig: ci as mounted in the field)', () => {
  it('tilts every ring camera 5–15° further, each by its own amount, and rolls it within ±10°', () => {
    const extra = nominal.ringCameras.map((name) => angle(axis(nominal.cameras[name].R), axis(field.cameras[name].R)));
    for (const a of extra) {
      expect(a).toBeGreaterThanOrEqual(5);
      expect(a).toBeLessThanOrEqual(15);
    }
    expect(Math.max(...extra) - Math.min(...extra)).toBeGreaterThan(3);
    const fromVertical = nominal.ringCameras.map((name) => Math.acos(axis(field.cameras[name].R)[2]) * DEG);
    // 15.2–17.0° from vertical (the nominal rig: 10°); part of each extra tilt goes sideways.
    for (const a of fromVertical) {
      expect(a).toBeGreaterThan(14);
      expect(a).toBeLessThan(25);
    }
    const rolls = nominal.ringCameras.map((name) => rollBetween(nominal.cameras[name].R, field.cameras[name].R));
    for (const r of rolls) expect(Math.abs(r)).toBeLessThanOrEqual(10 + 1e-9);
    expect(Math.max(...rolls) - Math.min(...rolls)).toBeGreaterThan(5);
  });

  it('turns cameras about their own centres and moves the water surface to Z = 0.85 m', () => {
    expect(field.waterZ).toBe(0.85);
    for (const name of Object.keys(nominal.cameras)) {
      const a = nominal.cameraCenter(name);
      const b = field.cameraCenter(name);
      expect(Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2])).toBeLessThan(1e-12);
      const R = field.cameras[name].R;
      for (let r = 0; r < 3; r++) expect(Math.hypot(R[r * 3], R[r * 3 + 1], R[r * 3 + 2])).toBeCloseTo(1, 12);
    }
    expect(angle(axis(nominal.cameras.center.R), axis(field.cameras.center.R))).toBeLessThanOrEqual(3);
    expect(field.auxiliaryCameras).toEqual(['center']);
    expect(field.cameras.center.isFisheye).toBe(true);
  });

  it('gives every lens its own distortion within the asked ranges', () => {
    const k1 = field.ringCameras.map((name) => field.cameras[name].distCoeffs[0]);
    for (const name of field.ringCameras) {
      const [a, b, p1, p2, k3] = field.cameras[name].distCoeffs;
      expect(a).toBeGreaterThanOrEqual(-0.2);
      expect(a).toBeLessThanOrEqual(-0.03);
      expect(b).toBeGreaterThanOrEqual(0);
      expect(b).toBeLessThanOrEqual(0.08);
      expect(Math.max(Math.abs(p1), Math.abs(p2))).toBeLessThanOrEqual(8e-4);
      expect(k3).toBe(0);
    }
    expect(Math.max(...k1) - Math.min(...k1)).toBeGreaterThan(0.03);
    expect(field.cameras.center.distCoeffs).toHaveLength(4);
    expect(field.cameras.center.distCoeffs).not.toEqual(nominal.cameras.center.distCoeffs);
  });

  it("keeps the relief in view of every ring camera and the fisheye centre camera, which is every reference's source", () => {
    const scene = createSyntheticScene({ rig: 'ci', scene: 'bower' });
    expect(scene.calibration.waterZ).toBe(0.85);
    for (const f of scene.spec.relief ?? []) {
      const q = new Float64Array([f.x, f.y, scene.surface.height(f.x, f.y)]);
      for (const camera of scene.cameras) {
        const job = scene.job(camera);
        const { K, width, height } = undistortedIntrinsics(job);
        const projection = createRefractiveProjection({
          K,
          R: job.camera.R,
          t: job.camera.t,
          waterZ: job.waterZ,
          nAir: job.nAir,
          nWater: job.nWater,
        });
        const { pixels, valid } = projection.project(q);
        expect(valid[0], `${camera} sees (${f.x.toFixed(2)}, ${f.y.toFixed(2)})`).toBe(1);
        expect(Math.min(pixels[0], width - 1 - pixels[0], pixels[1], height - 1 - pixels[1]), camera).toBeGreaterThan(10);
      }
    }
    // Plane sweep and sparse matching take their sources from these pairs (include_center: true by default).
    for (const sources of Object.values(selectPairs(scene.calibration))) expect(sources).toContain('center');
  });
});
