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

  it.each([
    [{ depthBelowWater: 0 }, 'depthBelowWater: expected a positive depth in metres, got 0'],
    [{ amplitude: 0.1 }, 'amplitude: expected a value in [0, 0.1), got 0.1'],
    [{ wavelength: -0.05 }, 'wavelength: expected a positive length in metres, got -0.05'],
  ])('rejects undulating scene options %o with AQM_ERR_BENCHMARK_ARGUMENT', (options, message) => {
    expect(() => createSceneSpec('undulating', ciRig(), options)).toThrow(expect.objectContaining({ code: 'AQM_ERR_BENCHMARK_ARGUMENT', message }));
  });
});
