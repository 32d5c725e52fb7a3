import { describe, expect, it } from 'vitest';
import { createRandom } from '../random.js';
import { ciRig } from '../rigs/rigs.js';
import { createSceneSpec } from './scene-spec.js';
import { createSceneSurface } from './scene-surface.js';

const rig = ciRig();
const specs = ['nest', 'rock', 'slope', 'bower'].map((name) => createSceneSpec(name, rig));
const surfaces = specs.map((spec) => createSceneSurface(spec));
const [cx, cy] = specs[0].centre ?? [0, 0];

describe('relief scenes', () => {
  it('have relief of 2–4 cm above or below the bed, and stay under water over their textured region', () => {
    for (const [i, s] of surfaces.entries()) {
      let up = 0;
      let down = 0;
      for (let y = cy - 0.15; y <= cy + 0.15; y += 0.002) {
        for (let x = cx - 0.15; x <= cx + 0.15; x += 0.002) {
          const h = s.reliefHeight(x, y);
          up = Math.max(up, h);
          down = Math.min(down, h);
        }
      }
      expect(up).toBeGreaterThanOrEqual(0.02);
      expect(up).toBeLessThanOrEqual(0.045);
      expect(s.field.zMin).toBeGreaterThan(specs[i].rigVariant?.waterZ ?? rig.waterZ);
    }
    expect(Math.min(...surfaces.map((s) => s.reliefHeight(cx + 0.06, cy - 0.02)))).toBeLessThan(-0.015); // the nest's pit
  });

  it('give derivatives that match finite differences (value, gradient, Hessian)', () => {
    const random = createRandom(3);
    const d = new Float64Array(6);
    const e = 1e-6;
    for (const s of surfaces) {
      for (let k = 0; k < 300; k++) {
        const x = cx + (random.next() - 0.5) * 0.3;
        const y = cy + (random.next() - 0.5) * 0.3;
        s.field.derivatives(x, y, d);
        const h = (u: number, v: number): number => s.field.height(u, v);
        expect(d[0]).toBeCloseTo(h(x, y), 12);
        const hx = (h(x + e, y) - h(x - e, y)) / (2 * e);
        const hy = (h(x, y + e) - h(x, y - e)) / (2 * e);
        expect(Math.abs(d[1] - hx)).toBeLessThan(1e-4 * Math.max(1, Math.abs(hx)));
        expect(Math.abs(d[2] - hy)).toBeLessThan(1e-4 * Math.max(1, Math.abs(hy)));
        expect(Math.hypot(d[1], d[2])).toBeLessThanOrEqual(s.field.maxSlope);
      }
    }
  });

  it('are hit exactly by rays, also on the rock walls (slope > 7)', () => {
    const rock = surfaces[1];
    expect(rock.field.maxSlope).toBeGreaterThan(7);
    const random = createRandom(5);
    let onWall = 0;
    const d = new Float64Array(6);
    for (let k = 0; k < 2000; k++) {
      const dx = (random.next() - 0.5) * 0.8;
      const dy = (random.next() - 0.5) * 0.8;
      const n = Math.hypot(dx, dy, 1);
      const o = [cx + (random.next() - 0.5) * 0.2 - (0.2 * dx) / n, cy + (random.next() - 0.5) * 0.2 - (0.2 * dy) / n, rig.waterZ];
      const delta = rock.intersect(o[0], o[1], o[2], dx / n, dy / n, 1 / n);
      const x = o[0] + (delta * dx) / n;
      const y = o[1] + (delta * dy) / n;
      expect(Math.abs(o[2] + delta / n - rock.height(x, y))).toBeLessThan(1e-9);
      rock.field.derivatives(x, y, d);
      if (Math.hypot(d[1], d[2]) > 2) onWall++;
    }
    expect(onWall).toBeGreaterThan(10);
  });

  it('tilt the slope scene by 15° and leave flat and undulating without relief', () => {
    const d = new Float64Array(6);
    surfaces[2].field.derivatives(cx + 0.3, cy + 0.3, d);
    expect(Math.atan(d[1]) * (180 / Math.PI)).toBeCloseTo(15, 6);
    for (const name of ['flat', 'undulating']) {
      const spec = createSceneSpec(name, rig);
      expect(spec.relief).toBeUndefined();
      expect(createSceneSurface(spec).reliefHeight(0, 0)).toBe(0);
    }
  });

  it('record the bower as field data: a crater-topped mound on a 5° bed 0.3 m under water at Z = 0.85, H.264 crf 23', () => {
    const bower = surfaces[3];
    const d = new Float64Array(6);
    bower.field.derivatives(cx + 0.4, cy + 0.4, d);
    expect(Math.atan(d[2]) * (180 / Math.PI)).toBeCloseTo(5, 6);
    expect(specs[3].baseZ).toBeCloseTo(0.85 + 0.3, 12);
    expect(specs[3].rigVariant?.waterZ).toBe(0.85);
    expect(specs[3].h264).toEqual({ crf: 23, preset: 'medium' });
    for (const spec of specs.slice(0, 3)) expect(spec.h264 === undefined && spec.rigVariant === undefined).toBe(true);
    // The crater: the mound's rim stands 1.9 cm above the bed, its floor 0.8 cm.
    const [mound] = specs[3].relief ?? [];
    expect(bower.reliefHeight(mound.x, mound.y)).toBeCloseTo(0.008, 4);
    expect(bower.reliefHeight(mound.x + 0.021, mound.y)).toBeGreaterThan(0.0185);
  });
});
