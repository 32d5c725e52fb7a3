import { describe, expect, it } from 'vitest';
import { ciRig } from '../rigs/rigs.js';
import { createSceneSpec } from './scene-spec.js';

describe('createSceneSpec', () => {
  it('rejects an unknown scene name with AQM_ERR_BENCHMARK_UNKNOWN_SCENE listing the known ones', () => {
    expect(() => createSceneSpec('reef', ciRig())).toThrow(
      expect.objectContaining({
        code: 'AQM_ERR_BENCHMARK_UNKNOWN_SCENE',
        message: "scene 'reef' is unknown: expected one of flat, undulating, nest, rock, slope, bower",
      }),
    );
  });

  it("mounts the bower's rig as in the field unless told the calibration is already as mounted", () => {
    const rig = ciRig();
    const field = createSceneSpec('bower', rig);
    expect(field.rigVariant?.waterZ).toBe(0.85);
    expect(field.baseZ).toBeCloseTo(0.85 + 0.3, 12);
    const asGiven = createSceneSpec('bower', rig, { mountRig: false, depthBelowWater: 0.25 });
    expect(asGiven.rigVariant).toBeUndefined();
    expect(asGiven.baseZ).toBeCloseTo(rig.waterZ + 0.25, 12);
    expect(asGiven.h264).toEqual(field.h264);
  });

  it.each([
    [{ depthBelowWater: 0 }, 'depthBelowWater: expected a positive depth in metres, got 0'],
    [{ amplitude: 0.1 }, 'amplitude: expected a value in [0, 0.1), got 0.1'],
    [{ wavelength: -0.05 }, 'wavelength: expected a positive length in metres, got -0.05'],
  ])('rejects undulating scene options %o with AQM_ERR_BENCHMARK_ARGUMENT', (options, message) => {
    expect(() => createSceneSpec('undulating', ciRig(), options)).toThrow(expect.objectContaining({ code: 'AQM_ERR_BENCHMARK_ARGUMENT', message }));
  });
});
