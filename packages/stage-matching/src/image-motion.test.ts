import { describe, expect, it } from 'vitest';
import { imageMotion } from './image-motion.js';
import { offsets, ringPairOffsets as pairs } from './test-support/epipolar-offsets.js';

describe('imageMotion', () => {
  it('finds no motion in matches that scatter about their curves', () => {
    const motion = imageMotion(pairs([0, 0], 0), 20);
    expect(motion?.matches).toBe(320);
    expect(motion?.displacementPx).toBeLessThan(0.03);
    expect(motion?.noisePx).toBeGreaterThan(0.07);
    expect(motion?.noisePx).toBeLessThan(0.13);
  });

  it('recovers a shift and a roll that move every match, through the noise', () => {
    const motion = imageMotion(pairs([0.7, -0.5], 0.4), 20);
    expect(motion?.shiftPx[0]).toBeCloseTo(0.7, 1);
    expect(motion?.shiftPx[1]).toBeCloseTo(-0.5, 1);
    expect(motion?.rollDeg).toBeCloseTo(0.4, 1);
    // The roll moves a match at the rms radius (≈ 96 px) by 0.67 px; with the shift, about 1.1 px in all.
    expect(motion?.displacementPx).toBeGreaterThan(1.0);
    expect(motion?.displacementPx).toBeLessThan(1.2);
    expect(motion?.noisePx).toBeLessThan(0.13);
  });

  it('leaves the motion undefined when the curves all run one way, or matches are few', () => {
    const oneWay = [offsets(200, 0, [1, 0], 0, 0.1, 1)].map((o) => ({ ...o, normals: o.normals.map((v, i) => (i % 2 === 0 ? 0 : 1)) }));
    expect(imageMotion(oneWay, 20)).toBeUndefined();
    expect(imageMotion([offsets(10, 0, [0, 0], 0, 0.1, 1)], 20)).toBeUndefined();
  });
});
