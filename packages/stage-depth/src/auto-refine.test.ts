import { describe, expect, it } from 'vitest';
import { rigByName } from '@aquamvs/benchmark';
import { createRefractiveProjection } from '@aquamvs/geometry';
import { AUTO_REFINE_PASSES, autoRefinePasses } from './auto-refine.js';

function ring00(rig: string): { passes: (window: number) => number } {
  const cal = rigByName(rig);
  const cam = cal.cameras.ring00;
  const projection = createRefractiveProjection({ K: cam.K, R: cam.R, t: cam.t, waterZ: cal.waterZ });
  const [w, h] = cam.imageSize;
  return { passes: (window) => autoRefinePasses(projection, w, h, { min: 0.15, max: 0.35 }, window) };
}

describe('autoRefinePasses (refine_passes: null)', () => {
  it('refines on the ci rig, whose window 11 spans ~4 cm of bed', () => {
    expect(ring00('ci').passes(11)).toBe(AUTO_REFINE_PASSES);
  });

  it('does not refine on the standard rig (window 11 ≈ 8 mm of bed) nor with a small window on ci', () => {
    expect(ring00('standard').passes(11)).toBe(0);
    expect(ring00('ci').passes(3)).toBe(0);
  });
});
