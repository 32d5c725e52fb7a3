import { describe, expect, it } from 'vitest';
import { costVolumeProblem } from './check-run-inputs.js';

describe('costVolumeProblem', () => {
  const camera = { camera: 'ring00', width: 1600, height: 1200 };

  it('accepts a cost volume within half the memory', () => {
    expect(costVolumeProblem(128, camera, 16 * 2 ** 30)).toBeUndefined();
  });

  it('rejects one that needs more than half, with the estimate and the machine memory', () => {
    expect(costVolumeProblem(4096, camera, 16 * 2 ** 30)).toBe(
      "reconstruction.num_depths: 4096 depth planes need about 29.3 GiB for the cost volume of camera 'ring00' at 1600×1200 (num_depths × width × height × 4 bytes), more than half of this machine's 16.0 GiB",
    );
  });

  it('has nothing to check without a calibrated camera', () => {
    expect(costVolumeProblem(4096, undefined, 1)).toBeUndefined();
  });
});
