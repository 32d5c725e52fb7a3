import { describe, expect, it } from 'vitest';
import { cameraResponse } from './photometric.js';

describe('cameraResponse', () => {
  it('is ideal (undefined) unless the scene is photometric', () => {
    expect(cameraResponse(false, 0, 'ring00', 320, 240)).toBeUndefined();
  });

  it('gives each camera its own gain and offset, darker corners, and noise of about 1.5 grey levels', () => {
    const mean = (name: string, u: number, v: number): { mean: number; sd: number } => {
      const r = cameraResponse(true, 0, name, 320, 240);
      if (r === undefined) throw new Error('expected a response');
      const values = Array.from({ length: 4000 }, () => r.apply(0.5, u, v));
      const m = values.reduce((a, b) => a + b, 0) / values.length;
      return { mean: m, sd: Math.sqrt(values.reduce((a, b) => a + (b - m) ** 2, 0) / values.length) };
    };
    const a = mean('ring00', 159.5, 119.5);
    const b = mean('ring01', 159.5, 119.5);
    expect(Math.abs(a.mean - b.mean)).toBeGreaterThan(0.002);
    expect(a.sd * 255).toBeGreaterThan(1.2);
    expect(a.sd * 255).toBeLessThan(1.8);
    const corner = mean('ring00', 0, 0);
    expect(corner.mean).toBeLessThan(a.mean * 0.87);
    expect(mean('ring00', 159.5, 119.5).mean).toBeCloseTo(a.mean, 2);
  });
});
