import { describe, expect, it } from 'vitest';
import { depthHypotheses } from './depth-hypotheses.js';
import { SurfaceWarp } from './surface-warp.js';
import { SweepKernels } from './sweep-kernels.js';
import { syntheticRig } from './test-support/synthetic-scene.js';
import { WarpTables, warpPoint } from './warp-table.js';
import { WarpScratch, warpCoordinates } from './test-support/warp-coordinates.js';

const W = 1600;
const H = 1200;
const rig = syntheticRig({ ringCount: 12, radius: 0.635, width: W, height: H, focal: 1400, waterZ: 0.978, lookAtZ: 1.178, center: true });
const hypotheses = { min: 0.12, max: 0.45, count: 128 };
const step = (hypotheses.max - hypotheses.min) / (hypotheses.count - 1);

/** A surface over the whole image: a tilted bed with a mound (depths 0.24–0.33 m), NaN on every 37th pixel. */
function surfaceDepth(): Float32Array {
  const depth = new Float32Array(W * H);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const i = y * W + x;
      const r2 = ((x - 700) ** 2 + (y - 560) ** 2) / 60 ** 2;
      depth[i] = i % 37 === 0 ? Number.NaN : 0.3 + 0.00002 * (x - 700) - 0.05 * Math.exp(-r2);
    }
  }
  return depth;
}

describe('SurfaceWarp', () => {
  const ref = rig[0];
  const sources = [rig[1], rig[6], rig[12]];
  const warp = new WarpTables(
    ref.projection,
    sources.map((s) => s.projection),
    depthHypotheses(hypotheses.min, hypotheses.max, hypotheses.count),
    { scale: 1, width: W, height: H },
    32,
  );
  const depth = surfaceDepth();
  const region = { x0: 561, y0: 430, x1: 843, y1: 690 }; // the mound and the bed around it: ~21 depth steps
  const size = (region.x1 - region.x0) * (region.y1 - region.y0);
  // The positions need a slot per source, not their pixels.
  const planes = sources.map(() => ({ width: 1, height: 1, data: new Float32Array(1) }));

  it('put each pixel between the warp at its two anchors, linearly in depth, with that line’s slope', () => {
    const surface = new SurfaceWarp(warp, hypotheses, new SweepKernels(11, planes));
    expect(surface.setSurface(depth, W, region)).toBe(true);
    let fMin = Infinity;
    for (let y = region.y0; y < region.y1; y++)
      for (let x = region.x0; x < region.x1; x++)
        if (depth[y * W + x] === depth[y * W + x]) fMin = Math.min(fMin, (depth[y * W + x] - hypotheses.min) / step);
    const k0 = Math.floor(fMin);
    const out = SurfaceWarp.buffers(size);
    let worst = 0;
    let nan = 0;
    const anchorsUsed = new Set<number>();
    for (let s = 0; s < sources.length; s++) {
      surface.read(s, out);
      for (let y = region.y0, i = 0; y < region.y1; y++) {
        for (let x = region.x0; x < region.x1; x++, i++) {
          const d = depth[y * W + x];
          if (d !== d) {
            expect(out.u[i]).toBeNaN();
            nan++;
            continue;
          }
          const f = (d - hypotheses.min) / step;
          const ka = k0 + 4 * Math.floor((f - k0) / 4);
          anchorsUsed.add(ka);
          const [ua, va] = warpPoint(warp, s, ka, x, y);
          const [ub, vb] = warpPoint(warp, s, ka + 4, x, y);
          const t = (f - ka) / 4;
          worst = Math.max(
            worst,
            Math.abs(out.u[i] - (ua + t * (ub - ua))),
            Math.abs(out.v[i] - (va + t * (vb - va))),
            Math.abs(out.du[i] - (ub - ua) / (4 * step)) * step,
            Math.abs(out.dv[i] - (vb - va) / (4 * step)) * step,
          );
        }
      }
    }
    expect(nan).toBeGreaterThan(3 * 1000);
    // To the bit what the same interpolation gives between the JavaScript warp coordinates of the anchors.
    const anchors = [...anchorsUsed, Math.max(...anchorsUsed) + 4];
    const at = new Map(anchors.map((k) => [k, { u: new Float64Array(size), v: new Float64Array(size) }]));
    let differ = 0;
    for (let s = 0; s < sources.length; s++) {
      for (const [k, c] of at) warpCoordinates(warp, s, k, region, c.u, c.v, new WarpScratch());
      surface.read(s, out);
      for (let y = region.y0, i = 0; y < region.y1; y++) {
        for (let x = region.x0; x < region.x1; x++, i++) {
          const d = depth[y * W + x];
          if (d !== d) continue;
          const f = (d - hypotheses.min) / step;
          const ka = k0 + 4 * Math.floor((f - k0) / 4);
          const [a, b] = [at.get(ka), at.get(ka + 4)] as const;
          if (a === undefined || b === undefined) throw new Error(`anchor ${ka}`);
          const t = (f - ka) / 4;
          const dU = b.u[i] - a.u[i];
          const dV = b.v[i] - a.v[i];
          if (out.u[i] !== a.u[i] + t * dU || out.v[i] !== a.v[i] + t * dV || out.du[i] !== dU / (4 * step) || out.dv[i] !== dV / (4 * step))
            differ++;
        }
      }
    }
    expect(differ).toBe(0);
    expect(anchorsUsed.size).toBeGreaterThanOrEqual(5);
    expect(worst).toBeLessThan(1e-9);
  });

  it('land within 0.01 px of the exact refractive projection of the pixel’s ray at its depth', () => {
    const kernels = new SweepKernels(11, planes);
    const surface = new SurfaceWarp(warp, hypotheses, kernels);
    expect(surface.setSurface(depth, W, region)).toBe(true);
    const pixel = new Float64Array(2);
    const exact = new Float64Array(2);
    let worst = 0;
    let checked = 0;
    for (let s = 0; s < sources.length; s++) {
      const p = SurfaceWarp.buffers(size);
      surface.read(s, p);
      for (let i = 0; i < size; i += 53) {
        const x = region.x0 + (i % (region.x1 - region.x0));
        const y = region.y0 + Math.floor(i / (region.x1 - region.x0));
        const d = depth[y * W + x];
        if (d !== d) continue;
        pixel[0] = x;
        pixel[1] = y;
        const { origins: o, directions: r } = ref.projection.castRay(pixel);
        if (!sources[s].projection.projectPoint(o[0] + d * r[0], o[1] + d * r[1], o[2] + d * r[2], exact)) continue;
        worst = Math.max(worst, Math.hypot(p.u[i] - exact[0], p.v[i] - exact[1]));
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(3000);
    expect(worst).toBeLessThan(0.01);
  });

  it('have no surface where the region has no depth', () => {
    const surface = new SurfaceWarp(warp, hypotheses, new SweepKernels(11, planes));
    expect(surface.setSurface(new Float32Array(W * H).fill(Number.NaN), W, region)).toBe(false);
  });
});
