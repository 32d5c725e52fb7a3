import { describe, expect, it } from 'vitest';
import { mat3Inverse, mat3Multiply } from './mat3.js';
import { createRefractiveProjection, type RefractiveProjection } from './refractive-projection.js';
import { RIG_K, RIG_WATER_Z, rigCamera, rotZ, translationFor } from './test-support/rigs.js';

const K = [1000, 0, 500, 0, 1000, 500, 0, 0, 1];
const I = [1, 0, 0, 0, 1, 0, 0, 0, 1];
const basic = (): RefractiveProjection =>
  createRefractiveProjection({ K, R: I, t: [0, 0, 0], waterZ: 1.0, normal: [0, 0, -1], nAir: 1.0, nWater: 1.333 });

/** Point at ray depth δ along each cast ray. */
function alongRays(proj: RefractiveProjection, pixels: Float64Array, depth: number): Float64Array {
  const { origins, directions } = proj.castRay(pixels);
  return origins.map((o, i) => o + depth * directions[i]);
}

/** Reconstructs a point from its pixel by intersecting the cast ray with the plane Z = z. */
function reconstructAtZ(proj: RefractiveProjection, pixel: ArrayLike<number>, z: number): number[] {
  const { origins: o, directions: d } = proj.castRay(Float64Array.from(pixel));
  const s = (z - o[2]) / d[2];
  return [o[0] + s * d[0], o[1] + s * d[1], o[2] + s * d[2]];
}

describe('createRefractiveProjection (test_refractive)', () => {
  it('stores parameters, K⁻¹·K = I, C = −Rᵀt and n_ratio', () => {
    const R = rotZ(30);
    const C = [1, 0.5, -0.2];
    const t = translationFor(R, C);
    const p = createRefractiveProjection({ K, R, t, waterZ: 1.0, nAir: 1.0, nWater: 1.333 });
    expect(p.K).toEqual(K);
    expect(p.waterZ).toBe(1.0);
    expect(p.nAir / p.nWater).toBeCloseTo(1.0 / 1.333, 6);
    const kk = mat3Multiply(mat3Inverse(p.K) ?? [], p.K);
    kk.forEach((v, i) => expect(Math.abs(v - I[i])).toBeLessThan(1e-6));
    p.center.forEach((v, i) => expect(Math.abs(v - C[i])).toBeLessThan(1e-12));
  });

  it('casts the principal-point ray straight down from (0, 0, water_z)', () => {
    const { origins, directions } = basic().castRay(new Float64Array([500, 500]));
    [0, 0, 1].forEach((v, i) => expect(Math.abs(origins[i] - v)).toBeLessThan(1e-5));
    [0, 0, 1].forEach((v, i) => expect(Math.abs(directions[i] - v)).toBeLessThan(1e-6));
  });

  it('puts every origin on the water surface with unit directions', () => {
    const pixels = new Float64Array([0, 0, 999, 0, 0, 999, 999, 999, 123, 456, 700, 200]);
    const { origins, directions } = basic().castRay(pixels);
    for (let i = 0; i < 6; i++) {
      expect(Math.abs(origins[i * 3 + 2] - 1.0)).toBeLessThan(1e-5);
      expect(Math.abs(Math.hypot(directions[i * 3], directions[i * 3 + 1], directions[i * 3 + 2]) - 1)).toBeLessThan(1e-6);
    }
  });

  it('bends off-axis rays toward the normal, keeping the sign of X and pointing +Z', () => {
    const p = basic();
    for (const u of [800, 200]) {
      const { directions: d } = p.castRay(new Float64Array([u, 500]));
      const air = (u - 500) / Math.hypot(u - 500, 1000);
      expect(Math.sign(d[0])).toBe(Math.sign(u - 500));
      expect(d[2]).toBeGreaterThan(0);
      expect(Math.abs(d[0])).toBeLessThan(Math.abs(air) - 0.01);
    }
  });

  it('obeys Snell at 10° incidence within 1e-4', () => {
    const u = 500 + 1000 * Math.tan((10 * Math.PI) / 180);
    const { directions: d } = basic().castRay(new Float64Array([u, 500]));
    const expected = Math.tan(Math.asin(Math.sin((10 * Math.PI) / 180) / 1.333));
    expect(Math.abs(d[0] / d[2] - expected)).toBeLessThan(1e-4);
  });

  it('projects the nadir point to the principal point', () => {
    for (const method of ['newton', 'fast'] as const) {
      const { pixels, valid } = basic().project(new Float64Array([0, 0, 1.5]), method);
      expect(valid[0]).toBe(1);
      expect(Math.abs(pixels[0] - 500)).toBeLessThan(1e-4);
      expect(Math.abs(pixels[1] - 500)).toBeLessThan(1e-4);
    }
  });

  it('marks points above the water invalid with NaN pixels, in mixed batches', () => {
    for (const method of ['newton', 'fast'] as const) {
      const { pixels, valid } = basic().project(new Float64Array([0.1, 0, 1.5, 0.1, 0, 0.5, 0, 0.2, 1.2, 0, 0, 1.0]), method);
      expect(Array.from(valid)).toEqual([1, 0, 1, 0]);
      expect(Number.isNaN(pixels[2]) && Number.isNaN(pixels[3]) && Number.isNaN(pixels[6])).toBe(true);
      expect(Number.isFinite(pixels[0]) && Number.isFinite(pixels[5])).toBe(true);
    }
  });

  it('marks points behind the camera invalid', () => {
    const back = createRefractiveProjection({ K, R: [1, 0, 0, 0, -1, 0, 0, 0, -1], t: [0, 0, 0], waterZ: 1.0 });
    expect(back.project(new Float64Array([0, 0, 1.5])).valid[0]).toBe(0);
  });

  it('round-trips 3-D → pixel → ray → 3-D within 1e-4 m', () => {
    const p = basic();
    const Q = [0.2, 0.3, 1.8];
    const { pixels } = p.project(Float64Array.from(Q));
    reconstructAtZ(p, pixels, Q[2]).forEach((v, i) => expect(Math.abs(v - Q[i])).toBeLessThan(1e-4));
  });

  it('round-trips pixel → ray (depth 0.8) → pixel within 1e-4 px', () => {
    const p = basic();
    const pixels = new Float64Array([500, 500, 600, 500, 500, 600]);
    for (const method of ['newton', 'fast'] as const) {
      const back = p.project(alongRays(p, pixels, 0.8), method).pixels;
      back.forEach((v, i) => expect(Math.abs(v - pixels[i])).toBeLessThan(1e-4));
    }
  });

  it('projects >90 of 100 random points below the water as valid', () => {
    let seed = 7;
    const rand = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const pts = new Float64Array(300).map((_, i) => (i % 3 === 2 ? 1.1 + rand() : rand() - 0.5));
    const { valid } = basic().project(pts);
    expect(valid.reduce((a, b) => a + b, 0)).toBeGreaterThan(90);
  });

  it('round-trips for a rotated (30° about Z) and translated camera, C = (1, 0.5, −0.2)', () => {
    const R = rotZ(30);
    const p = createRefractiveProjection({ K, R, t: translationFor(R, [1, 0.5, -0.2]), waterZ: 1.0 });
    const pixels = new Float64Array([500, 500, 650, 420, 300, 700]);
    const back = p.project(alongRays(p, pixels, 0.6)).pixels;
    back.forEach((v, i) => expect(Math.abs(v - pixels[i])).toBeLessThan(1e-4));
    const Q = [1.2, 0.4, 1.6];
    reconstructAtZ(p, p.project(Float64Array.from(Q)).pixels, Q[2]).forEach((v, i) => expect(Math.abs(v - Q[i])).toBeLessThan(1e-4));
  });

  it('projectPointDepth gives the ray depth a depth map stores: the pixel, and δ of the point along its cast ray (1e-9 m)', () => {
    const R = rotZ(30);
    const p = createRefractiveProjection({ K, R, t: translationFor(R, [1, 0.5, -0.2]), waterZ: 1.0 });
    const pixels = new Float64Array([500, 500, 650, 420, 300, 700, 20, 960]);
    for (const depth of [0.05, 0.6, 1.7]) {
      const points = alongRays(p, pixels, depth);
      for (let i = 0; i < 4; i++) {
        const out = new Float64Array(2);
        const delta = p.projectPointDepth(points[i * 3], points[i * 3 + 1], points[i * 3 + 2], out);
        expect(Math.abs(delta - depth)).toBeLessThan(1e-9);
        expect(Math.hypot(out[0] - pixels[i * 2], out[1] - pixels[i * 2 + 1])).toBeLessThan(1e-4);
      }
    }
    const above = new Float64Array(2);
    expect(p.projectPointDepth(1, 0.5, 0.9, above)).toBeNaN();
    expect(above[0]).toBeNaN();
  });

  it('projectPointDepthNear, started from the previous point of a row, gives what projectPointDepth gives (1e-9 m, 1e-7 px)', () => {
    const R = rotZ(30);
    const p = createRefractiveProjection({ K, R, t: translationFor(R, [1, 0.5, -0.2]), waterZ: 1.0 });
    const ratios = Float64Array.of(Number.NaN, Number.NaN);
    const [near, cold] = [new Float64Array(2), new Float64Array(2)];
    // a row of points 1 mm apart on a sloped bed, through slot 1; a far jump mid-row
    for (let i = 0; i < 400; i++) {
      const x = i === 200 ? -0.5 : 0.2 + 0.001 * i;
      const [y, z] = [0.3, 1.3 + 0.2 * x];
      const depth = p.projectPointDepthNear(x, y, z, near, 0, ratios, 1);
      expect(Math.abs(depth - p.projectPointDepth(x, y, z, cold))).toBeLessThan(1e-9);
      expect(Math.hypot(near[0] - cold[0], near[1] - cold[1])).toBeLessThan(1e-7);
      expect(ratios[1]).toBeGreaterThan(0);
    }
    expect(ratios[0]).toBeNaN();
  });

  it('projectInto and projectPoint write into caller arrays without reallocating', () => {
    const p = basic();
    const pts = new Float64Array([0.1, 0.2, 1.4, -0.3, 0.1, 1.9]);
    const out = new Float64Array(4);
    const valid = new Uint8Array(2);
    p.projectInto(pts, out, valid);
    const ref = p.project(pts, 'newton');
    // The fast solver stops once its remaining error is ~1e-9 of the shorter leg (solveInterfaceRadiusFast): 1e-8 px here.
    out.forEach((v, i) => expect(Math.abs(v - ref.pixels[i])).toBeLessThan(1e-7));
    const single = new Float64Array(6);
    expect(p.projectPoint(-0.3, 0.1, 1.9, single, 4)).toBe(true);
    expect(Math.abs(single[4] - ref.pixels[2])).toBeLessThan(1e-7);
    expect(() => p.projectInto(pts, new Float64Array(2), valid)).toThrow(/room for 2 points/);
  });

  it('rejects malformed parameters', () => {
    expect(() => createRefractiveProjection({ K: [1, 2], R: I, t: [0, 0, 0], waterZ: 1 })).toThrow(
      expect.objectContaining({ code: 'AQM_ERR_GEOMETRY_ARGUMENT' }),
    );
    expect(() => createRefractiveProjection({ K: [0, 0, 0, 0, 0, 0, 0, 0, 1], R: I, t: [0, 0, 0], waterZ: 1 })).toThrow(/invertible/);
  });
});

/**
 * Independent AquaCal-style reference: Snell in angle form for rays, and a bisection to 1e-15 m on
 * Fermat's condition for projection (no shared code with the model).
 */
function traceReference(p: RefractiveProjection, u: number, v: number): { o: number[]; d: number[] } {
  const Kinv = mat3Inverse(p.K) ?? [];
  const cam = [Kinv[0] * u + Kinv[1] * v + Kinv[2], Kinv[3] * u + Kinv[4] * v + Kinv[5], 1];
  const R = p.R;
  const w = [0, 1, 2].map((j) => R[j] * cam[0] + R[3 + j] * cam[1] + R[6 + j] * cam[2]);
  const C = p.center;
  const s = (p.waterZ - C[2]) / w[2];
  const o = [C[0] + s * w[0], C[1] + s * w[1], p.waterZ];
  const horiz = Math.hypot(w[0], w[1]);
  const thetaI = Math.atan2(horiz, w[2]);
  const thetaT = Math.asin((Math.sin(thetaI) * p.nAir) / p.nWater);
  const ux = horiz === 0 ? 0 : w[0] / horiz;
  const uy = horiz === 0 ? 0 : w[1] / horiz;
  return { o, d: [ux * Math.sin(thetaT), uy * Math.sin(thetaT), Math.cos(thetaT)] };
}

function projectReference(p: RefractiveProjection, Q: readonly number[]): number[] {
  const C = p.center;
  const hc = p.waterZ - C[2];
  const hq = Q[2] - p.waterZ;
  const r = Math.hypot(Q[0] - C[0], Q[1] - C[1]);
  let lo = 0;
  let hi = r;
  for (let i = 0; i < 200 && hi - lo > 1e-15; i++) {
    const a = 0.5 * (lo + hi);
    const f = (p.nAir * a) / Math.hypot(a, hc) - (p.nWater * (r - a)) / Math.hypot(r - a, hq);
    if (f > 0) hi = a;
    else lo = a;
  }
  const a = 0.5 * (lo + hi);
  const P = r === 0 ? [C[0], C[1], p.waterZ] : [C[0] + (a * (Q[0] - C[0])) / r, C[1] + (a * (Q[1] - C[1])) / r, p.waterZ];
  const R = p.R;
  const pc = [0, 1, 2].map((i) => R[i * 3] * P[0] + R[i * 3 + 1] * P[1] + R[i * 3 + 2] * P[2] + p.t[i]);
  return [p.K[0] * (pc[0] / pc[2]) + p.K[1] * (pc[1] / pc[2]) + p.K[2], p.K[4] * (pc[1] / pc[2]) + p.K[5]];
}

describe('cross-validation against an independent refraction reference (test_cross_validation)', () => {
  const cameras: Array<[string, RefractiveProjection]> = [
    ['ring camera at C = (0.635, 0, 0)', rigCamera([0.635, 0, 0])],
    ['camera rotated 30° about Z at radius 0.635', rigCamera([0.635 * Math.cos(Math.PI / 6), 0.635 * Math.sin(Math.PI / 6), 0], 30)],
  ];
  const grid: number[][] = [];
  for (let i = 0; i < 5; i++)
    for (let j = 0; j < 5; j++) for (let k = 0; k < 4; k++) grid.push([0.135 + i * 0.25, -0.5 + j * 0.25, RIG_WATER_Z + 0.2 + (k * 0.5) / 3]);

  it.each(cameras)('cast_ray matches on a pixel grid, the principal point and the corners within 1e-5 (%s)', (_n, p) => {
    const pixels: number[] = [800, 600, 0, 0, 1599, 0, 0, 1199, 1599, 1199];
    for (let u = 0; u < 1600; u += 200) for (let v = 0; v < 1200; v += 200) pixels.push(u, v);
    const { origins, directions } = p.castRay(Float64Array.from(pixels));
    for (let i = 0; i < pixels.length / 2; i++) {
      const ref = traceReference(p, pixels[i * 2], pixels[i * 2 + 1]);
      for (let c = 0; c < 3; c++) {
        expect(Math.abs(origins[i * 3 + c] - ref.o[c])).toBeLessThan(1e-5);
        expect(Math.abs(directions[i * 3 + c] - ref.d[c])).toBeLessThan(1e-5);
      }
    }
  });

  it.each(cameras)('project matches on the 5×5×4 grid, the nadir and varying depths within 1e-5 px (%s)', (_n, p) => {
    const pts = [...grid, [p.center[0], p.center[1], RIG_WATER_Z + 0.5]];
    for (const z of [0.05, 0.3, 0.8, 1.5]) pts.push([0.4, 0.3, RIG_WATER_Z + z]);
    const flat = Float64Array.from(pts.flat());
    for (const method of ['newton', 'fast'] as const) {
      const { pixels, valid } = p.project(flat, method);
      pts.forEach((Q, i) => {
        const ref = projectReference(p, Q);
        expect(valid[i]).toBe(1);
        expect(Math.abs(pixels[i * 2] - ref[0])).toBeLessThan(1e-5);
        expect(Math.abs(pixels[i * 2 + 1] - ref[1])).toBeLessThan(1e-5);
      });
    }
  });

  it.each(cameras)('project → cast_ray → reconstruct recovers the point within 1e-4 m (%s)', (_n, p) => {
    const { pixels } = p.project(Float64Array.from(grid.flat()));
    grid.forEach((Q, i) => {
      reconstructAtZ(p, pixels.subarray(i * 2, i * 2 + 2), Q[2]).forEach((v, c) => expect(Math.abs(v - Q[c])).toBeLessThan(1e-4));
    });
  });
});

describe('fast exact projection path', () => {
  it('agrees with the 10-step Newton reference within 1e-6 px over the working volume of a 12-camera rig', () => {
    const pts: number[] = [];
    for (let x = -0.7; x <= 1.95; x += 0.095)
      for (let y = -1.3; y <= 1.3; y += 0.095) for (let z = 0.05; z <= 1.6; z += 0.0775) pts.push(x, y, RIG_WATER_Z + z);
    const flat = Float64Array.from(pts);
    let worst = 0;
    let compared = 0;
    for (let c = 0; c < 12; c++) {
      const a = (2 * Math.PI * c) / 12;
      const p = rigCamera([0.635 + 0.635 * Math.cos(a), 0.635 * Math.sin(a), 0.01 * c], (c * 360) / 12, c % 3 === 0 ? 0 : 12);
      const ref = p.project(flat, 'newton');
      const fast = p.project(flat, 'fast');
      for (let i = 0; i < ref.valid.length; i++) {
        expect(fast.valid[i]).toBe(ref.valid[i]);
        if (!ref.valid[i]) continue;
        compared++;
        worst = Math.max(worst, Math.abs(fast.pixels[i * 2] - ref.pixels[i * 2]), Math.abs(fast.pixels[i * 2 + 1] - ref.pixels[i * 2 + 1]));
      }
    }
    expect(compared).toBeGreaterThan(100_000);
    expect(worst).toBeLessThan(1e-6);
  });

  it('stays exact for grazing rays far outside the rig (bisection reference)', () => {
    const p = createRefractiveProjection({ K: RIG_K, R: [1, 0, 0, 0, 1, 0, 0, 0, 1], t: [0, 0, 0], waterZ: RIG_WATER_Z });
    const Q = [40, 3, RIG_WATER_Z + 0.01];
    const fast = p.project(Float64Array.from(Q)).pixels;
    const ref = projectReference(p, Q);
    expect(Math.abs(fast[0] - ref[0])).toBeLessThan(1e-6);
    expect(Math.abs(fast[1] - ref[1])).toBeLessThan(1e-6);
  });
});
