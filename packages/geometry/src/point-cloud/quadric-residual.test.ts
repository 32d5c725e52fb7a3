import { describe, expect, it } from 'vitest';
import { QuadricScratch, quadricResidual } from './quadric-residual.js';
import { outlierVerdict } from './remove-outliers.js';

/** A 5 × 5 patch (1 mm spacing) of `z = f(x, y)` around the origin, tilted by `tilt` about the x axis; centre first. */
function patch(f: (x: number, y: number) => number, tilt = 0): Float64Array {
  const out: number[] = [0, 0, f(0, 0)];
  for (let i = -2; i <= 2; i++) for (let j = -2; j <= 2; j++) if (i !== 0 || j !== 0) out.push(i * 0.001, j * 0.001, f(i * 0.001, j * 0.001));
  const c = Math.cos(tilt);
  const s = Math.sin(tilt);
  for (let k = 0; k < out.length; k += 3) {
    const y = out[k + 1];
    const z = out[k + 2];
    out[k + 1] = c * y - s * z;
    out[k + 2] = s * y + c * z;
  }
  return Float64Array.from(out);
}

const all = Int32Array.from({ length: 25 }, (_, i) => i);

describe('quadricResidual', () => {
  it("puts a point on a mound's top or a tilted crest on its neighbours' quadric (µm; their plane is 0.1 mm off)", () => {
    const scratch = new QuadricScratch();
    // A mound top of 1 cm radius of curvature: 0.2 mm of sag over the patch.
    const top = patch((x, y) => -(x * x + y * y) / 0.02);
    expect(quadricResidual(top, 0, all, 25, scratch)).toBeLessThan(0.01e-3);
    const crest = patch((x) => 0.002 * Math.cos(x * 300), 0.5);
    expect(quadricResidual(crest, 0, all, 25, scratch)).toBeLessThan(0.02e-3);
  });

  it('measures how far a point lies off the surface, without letting the point pull the fit', () => {
    const scratch = new QuadricScratch();
    const lifted = patch((x, y) => 0.3 * x - (x * x + y * y) / 0.05);
    lifted[2] += 0.001;
    // Along the surface normal: 1 mm up on a 0.3 slope is cos(atan 0.3) mm off it.
    const off = 0.001 * Math.cos(Math.atan(0.3));
    expect(quadricResidual(lifted, 0, all, 25, scratch)).toBeCloseTo(off, 5);
    // The same with the point missing from its own neighbour list.
    expect(quadricResidual(lifted, 0, all.subarray(1), 24, scratch)).toBeCloseTo(off, 5);
    expect(quadricResidual(lifted, 0, Int32Array.from([0, 1, 2]), 3, scratch)).toBe(-1);
  });
});

describe('outlierVerdict', () => {
  it('keeps a statistic of exactly 0 only when asked (a residual), never a negative one', () => {
    const values = Float64Array.from([0, 1, 1.2, 0.9, 1.1, -1]);
    expect([...outlierVerdict(values, 2).kept]).toEqual([1, 2, 3, 4]);
    expect([...outlierVerdict(values, 2, true).kept]).toEqual([0, 1, 2, 3, 4]);
  });
});
