import { parseCalibration, serializeCalibration } from '@aquamvs/geometry';
import { describe, expect, it } from 'vitest';
import { ciRig, rigByName, standardRig } from './rigs.js';

describe('built-in rigs', () => {
  it('standard: 12 ring cameras on a 0.635 m circle plus a fisheye centre camera, 1600×1200, fx ≈ 1400', () => {
    const rig = standardRig();
    expect(rig.ringCameras).toHaveLength(12);
    expect(rig.auxiliaryCameras).toEqual(['center']);
    expect(rig.waterZ).toBe(0.978);
    expect(rig.nWater).toBe(1.333);
    expect(rig.cameraCenter('ring00').map((v) => Math.abs(v))).toEqual([0, 0, 0]);
    for (const name of rig.ringCameras) {
      const c = rig.cameraCenter(name);
      expect(Math.hypot(c[0] - 0.635, c[1])).toBeCloseTo(0.635, 12);
      expect(rig.cameras[name].imageSize).toEqual([1600, 1200]);
      expect(Math.abs(rig.cameras[name].K[0] - 1400)).toBeLessThan(10);
      expect(rig.cameras[name].distCoeffs).toHaveLength(5);
      // optical axis tilted 10° inward from vertical
      const zAxis = rig.cameras[name].R.slice(6, 9);
      expect((Math.acos(zAxis[2]) * 180) / Math.PI).toBeCloseTo(10, 9);
      expect((zAxis[0] * (0.635 - c[0]) + zAxis[1] * -c[1]) / Math.hypot(0.635 - c[0], c[1])).toBeGreaterThan(0.17);
    }
    const center = rig.cameras.center;
    expect(center.isFisheye && center.isAuxiliary).toBe(true);
    expect(rig.cameraCenter('center').map((v) => Number(v.toFixed(12)))).toEqual([0.635, 0, -0.02]);
  });

  it('ci: 4 ring cameras + centre at 320×240', () => {
    const rig = ciRig();
    expect(rig.ringCameras).toEqual(['ring00', 'ring01', 'ring02', 'ring03']);
    expect(Object.values(rig.cameras).every((c) => c.imageSize[0] === 320 && c.imageSize[1] === 240)).toBe(true);
  });

  it('round-trips through the AquaCal v1.0 serialiser and parser', () => {
    const rig = standardRig();
    const back = parseCalibration(JSON.parse(JSON.stringify(serializeCalibration(rig))) as unknown);
    expect(Object.keys(back.cameras)).toEqual(Object.keys(rig.cameras));
    for (const [name, cam] of Object.entries(rig.cameras)) {
      expect(back.cameras[name].K).toEqual(cam.K);
      expect(back.cameras[name].distCoeffs).toEqual(cam.distCoeffs);
      for (let i = 0; i < 9; i++) expect(back.cameras[name].R[i]).toBeCloseTo(cam.R[i], 15);
    }
  });

  it('rejects unknown rig names with the list of known ones', () => {
    expect(() => rigByName('huge')).toThrow(
      expect.objectContaining({ code: 'AQM_ERR_BENCHMARK_UNKNOWN_RIG', message: "rig 'huge' is unknown: expected one of standard, ci" }),
    );
  });
});
