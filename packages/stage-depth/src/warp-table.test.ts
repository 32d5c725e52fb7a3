import { describe, expect, it } from 'vitest';
import { syntheticRig } from './test-support/synthetic-scene.js';
import type { GreyPlane } from './grey-plane.js';
import { nodesOutside, SweepKernels } from './sweep-kernels.js';
import type { Rect } from './tile-region.js';
import { cellOf, sampleBilinear, WarpTables, warpPoint } from './warp-table.js';
import { WarpScratch, warpCoordinates } from './test-support/warp-coordinates.js';

/** The sweep's warp (source 0 of `warp`) of `src` onto `region`, written to `out`; returns the NaN count. */
function warpRegion(warp: WarpTables, k: number, src: GreyPlane, region: Rect, out: Float32Array): number {
  const kernels = new SweepKernels(1, [src]);
  const invalid = kernels.warp(warp, 0, k, region);
  out.set(kernels.warped(out.length));
  return invalid;
}

const W = 1600;
const H = 1200;
const rig = syntheticRig({ ringCount: 12, radius: 0.635, width: W, height: H, focal: 1400, waterZ: 0.978, lookAtZ: 1.178, center: true });

describe('warp tables', () => {
  it('interpolate the exact refractive warp within 0.005 px on a 32-px grid (1600×1200 ring rig)', () => {
    const ref = rig[0];
    const sources = [rig[1], rig[2], rig[12]];
    const depths = Float64Array.of(0.12, 0.2, 0.3, 0.45);
    const warp = new WarpTables(
      ref.projection,
      sources.map((s) => s.projection),
      depths,
      { scale: 1, width: W, height: H },
      32,
    );
    let s = 7;
    const rnd = (): number => (s = (s * 1664525 + 1013904223) >>> 0) / 4294967296;
    const pts = new Float64Array(2);
    let worst = 0;
    for (let i = 0; i < 3000; i++) {
      const x = rnd() * (W - 1);
      const y = rnd() * (H - 1);
      const k = i % depths.length;
      const si = Math.floor(i / 4) % sources.length;
      pts[0] = x;
      pts[1] = y;
      const { origins: o, directions: d } = ref.projection.castRay(pts);
      const exact = new Float64Array(2);
      if (!sources[si].projection.projectPoint(o[0] + depths[k] * d[0], o[1] + depths[k] * d[1], o[2] + depths[k] * d[2], exact)) continue;
      const [u, v] = warpPoint(warp, si, k, x, y);
      worst = Math.max(worst, Math.hypot(u - exact[0], v - exact[1]));
    }
    expect(worst).toBeLessThan(0.005);
  });

  it('reproduce the image for the identity warp (same camera as source)', () => {
    const w = 200;
    const h = 150;
    const cam = syntheticRig({ ringCount: 1, radius: 0.3, width: w, height: h, focal: 180, waterZ: 0.5, lookAtZ: Infinity, center: false })[0];
    const warp = new WarpTables(cam.projection, [cam.projection], Float64Array.of(0.3, 0.5), { scale: 1, width: w, height: h }, 16);
    const data = Float32Array.from({ length: w * h }, (_, i) => 0.5 + 0.4 * Math.sin((i % w) * 0.3) * Math.cos(Math.floor(i / w) * 0.2));
    const out = new Float32Array(w * h);
    const invalid = warpRegion(warp, 1, { width: w, height: h, data }, { x0: 0, y0: 0, x1: w, y1: h }, out);
    expect(invalid / (w * h)).toBeLessThan(0.01);
    let sum = 0;
    let n = 0;
    for (let y = 5; y < h - 5; y++) {
      for (let x = 5; x < w - 5; x++) {
        sum += Math.abs(out[y * w + x] - data[y * w + x]);
        n++;
      }
    }
    expect(sum / n).toBeLessThan(1e-3);
  });

  it("sample in the sweep's warp exactly where warpPoint interpolates", () => {
    const w = 300;
    const h = 200;
    const cams = syntheticRig({ ringCount: 6, radius: 0.3, width: w, height: h, focal: 260, waterZ: 0.5, lookAtZ: 1.0, center: false });
    const warp = new WarpTables(cams[0].projection, [cams[1].projection], Float64Array.of(0.4, 0.5), { scale: 1, width: w, height: h }, 32);
    // A linear ramp image turns bilinear sampling into an exact readout of the sample position.
    const ramp = Float32Array.from({ length: w * h }, (_, i) => (i % w) + 1000 * Math.floor(i / w));
    const region = { x0: 37, y0: 21, x1: 251, y1: 190 };
    const out = new Float32Array((region.x1 - region.x0) * (region.y1 - region.y0));
    warpRegion(warp, 1, { width: w, height: h, data: ramp }, region, out);
    let checked = 0;
    for (const [x, y] of [
      [37, 21],
      [100, 100],
      [250, 189],
      [64, 64],
      [200, 30],
    ]) {
      const [u, v] = warpPoint(warp, 0, 1, x, y);
      const got = out[(y - region.y0) * (region.x1 - region.x0) + x - region.x0];
      if (u < 0 || u > w - 1 || v < 0 || v > h - 1) continue;
      expect(Math.abs(got - (u + 1000 * v))).toBeLessThan(0.05);
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(3);
  });

  it("sample in the sweep's warp what sampleBilinear gives at warpCoordinates to float32 rounding, NaN outside the source", () => {
    const w = 300;
    const h = 200;
    const cams = syntheticRig({ ringCount: 6, radius: 0.3, width: w, height: h, focal: 260, waterZ: 0.5, lookAtZ: 1.0, center: false });
    const warp = new WarpTables(cams[0].projection, [cams[1].projection], Float64Array.of(0.3, 0.5), { scale: 1, width: w, height: h }, 24);
    const data = Float32Array.from({ length: w * h }, (_, i) => Math.sin(i * 0.37) * 50 + 100);
    const src = { width: w, height: h, data };
    const scratch = new WarpScratch();
    for (const region of [
      { x0: 0, y0: 0, x1: w, y1: h },
      { x0: 37, y0: 21, x1: 111, y1: 95 },
    ]) {
      const n = (region.x1 - region.x0) * (region.y1 - region.y0);
      const u = new Float64Array(n);
      const v = new Float64Array(n);
      warpCoordinates(warp, 0, 0, region, u, v, scratch);
      const out = new Float32Array(n);
      const invalid = warpRegion(warp, 0, src, region, out);
      let nan = 0;
      let differ = 0;
      let exact = 0;
      for (let i = 0; i < n; i++) {
        const expected = Math.fround(sampleBilinear(src, u[i], v[i]));
        if (expected !== expected) {
          nan++;
          if (out[i] === out[i]) differ++;
          continue;
        }
        // Samples strictly inside the source blend in float32 (four a pass): a few ulps of the float64 blend.
        if (!(Math.abs(out[i] - expected) <= 2e-6 * Math.abs(expected))) differ++;
        if (out[i] === expected) exact++;
      }
      expect(differ).toBe(0);
      expect(exact).toBeGreaterThan(0);
      expect(invalid).toBe(nan);
      // The 0.3 m plane leaves part of the full image outside the source: both kinds of sample are checked.
      if (region.x0 === 0) expect(nan).toBeGreaterThan(0);
      expect(nan).toBeLessThan(n);
    }
  });

  it('leave the halos a source does not see all NaN without sampling them, as sampling them would', () => {
    const w = 240;
    const h = 180;
    const cams = syntheticRig({ ringCount: 6, radius: 0.3, width: w, height: h, focal: 220, waterZ: 0.5, lookAtZ: 1.0, center: false });
    const warp = new WarpTables(cams[0].projection, [cams[3].projection], Float64Array.of(0.1, 2, 4), { scale: 1, width: w, height: h }, 16);
    const src = { width: w, height: h, data: Float32Array.from({ length: w * h }, (_, i) => Math.cos(i * 0.21) * 40 + 90) };
    const scratch = new WarpScratch();
    let skipped = 0;
    let allNaN = 0;
    let partly = 0;
    for (let k = 0; k < 3; k++) {
      for (let y0 = 0; y0 < h; y0 += 20) {
        for (let x0 = 0; x0 < w; x0 += 20) {
          const halo = { x0: Math.max(0, x0 - 5), y0: Math.max(0, y0 - 5), x1: Math.min(w, x0 + 25), y1: Math.min(h, y0 + 25) };
          const n = (halo.x1 - halo.x0) * (halo.y1 - halo.y0);
          const u = new Float64Array(n);
          const v = new Float64Array(n);
          warpCoordinates(warp, 0, k, halo, u, v, scratch);
          const out = new Float32Array(n);
          const invalid = warpRegion(warp, k, src, halo, out);
          let nan = 0;
          for (let i = 0; i < n; i++) {
            const expected = Math.fround(sampleBilinear(src, u[i], v[i]));
            if (expected !== expected) nan++;
            expect(Number.isNaN(out[i])).toBe(expected !== expected);
          }
          expect(invalid).toBe(nan);
          if (nan === n) allNaN++;
          else if (nan > 0) partly++;
          const [rowLo, rowHi] = warp.nodeRows(halo.y0, halo.y1);
          const cLo = cellOf(halo.x0, warp.grid, warp.nx) - 1;
          const cHi = cellOf(halo.x1 - 1, warp.grid, warp.nx) + 2;
          if (nodesOutside(warp.table(0, k), warp.nx, rowLo, rowHi, cLo, cHi, w - 1, h - 1)) {
            skipped++;
            expect(nan).toBe(n);
          }
        }
      }
    }
    // Both kinds of halo occur (planes 0.1 to 4 m away: the source sees a part of the reference), and most of the
    // unseen ones are found from their nodes alone.
    expect(partly).toBeGreaterThan(0);
    expect(allNaN).toBeGreaterThan(10);
    expect(skipped).toBeGreaterThan(allNaN / 2);
  });

  it('build tables lazily, only for the depths visited', () => {
    const warp = new WarpTables(rig[0].projection, [rig[1].projection], Float64Array.of(0.1, 0.2, 0.3), { scale: 4, width: 400, height: 300 }, 8);
    expect(warp.built).toBe(0);
    warp.table(0, 2);
    expect(warp.built).toBe(1);
  });
});
