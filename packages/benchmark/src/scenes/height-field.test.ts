import { describe, expect, it } from 'vitest';
import { createRandom } from '../random.js';
import { distanceToHeightField } from './closest-point.js';
import { createFlatField, createUndulatingField } from './height-field.js';
import { intersectHeightField } from './intersect-height-field.js';

const wavy = createUndulatingField(1.178, 0.005, 0.05);

describe('intersectHeightField', () => {
  it('hits a plane analytically', () => {
    const d = intersectHeightField(createFlatField(1.178), 0.1, 0.2, 0.978, 0.6, 0, 0.8);
    expect(d).toBeCloseTo(0.25, 14);
  });

  it('finds the undulating surface to 1e-9 m along refracted-like rays', () => {
    const random = createRandom(1);
    for (let k = 0; k < 500; k++) {
      const dx = (random.next() - 0.5) * 1.2;
      const dy = (random.next() - 0.5) * 1.2;
      const n = Math.hypot(dx, dy, 1);
      const o = [random.next(), random.next(), 0.978];
      const d = intersectHeightField(wavy, o[0], o[1], o[2], dx / n, dy / n, 1 / n);
      const x = o[0] + (d * dx) / n;
      const y = o[1] + (d * dy) / n;
      const z = o[2] + d / n;
      expect(Math.abs(z - wavy.height(x, y))).toBeLessThan(1e-9);
    }
  });

  it('returns the first of several roots on a steep surface hit at a grazing angle', () => {
    const steep = createUndulatingField(1.178, 0.02, 0.05);
    const dir = [0.95, 0.1, 0.3];
    const n = Math.hypot(dir[0], dir[1], dir[2]);
    const [dx, dy, dz] = dir.map((v) => v / n);
    const o = [0.013, -0.02, 1.12];
    const d = intersectHeightField(steep, o[0], o[1], o[2], dx, dy, dz);
    // dense scan for the first sign change
    let first = Number.NaN;
    for (let s = 0; s < 1; s += 1e-5) {
      if (o[2] + s * dz - steep.height(o[0] + s * dx, o[1] + s * dy) >= 0) {
        first = s;
        break;
      }
    }
    expect(Math.abs(d - first)).toBeLessThan(1.1e-5);
    expect(Math.abs(o[2] + d * dz - steep.height(o[0] + d * dx, o[1] + d * dy))).toBeLessThan(1e-9);
  });

  it('misses rays going up', () => {
    expect(intersectHeightField(wavy, 0, 0, 0.978, 0, 0, -1)).toBeNaN();
  });
});

describe('distanceToHeightField', () => {
  it('is the offset along the surface normal for points near the surface (1e-9 m)', () => {
    const random = createRandom(2);
    const d = new Float64Array(6);
    for (let k = 0; k < 300; k++) {
      const x = random.next() * 0.3;
      const y = random.next() * 0.3;
      const offset = (random.next() - 0.5) * 0.02;
      wavy.derivatives(x, y, d);
      const len = Math.hypot(d[1], d[2], 1);
      const p = [x - (offset * d[1]) / len, y - (offset * d[2]) / len, d[0] + offset / len];
      expect(Math.abs(distanceToHeightField(wavy, p[0], p[1], p[2]) - Math.abs(offset))).toBeLessThan(1e-9);
    }
  });

  it('is the vertical offset for a plane', () => {
    expect(distanceToHeightField(createFlatField(1.178), 3, -2, 1.188)).toBeCloseTo(0.01, 12);
  });
});
