import { describe, expect, it } from 'vitest';
import type { GreyPlane } from './grey-plane.js';
import { SweepKernels, sweepKernels } from './sweep-kernels.js';
import { syntheticRig } from './test-support/synthetic-scene.js';
import { SurfaceWarp } from './surface-warp.js';
import { sampleBilinear, WarpTables } from './warp-table.js';
import { nearStepsOracle } from './test-support/near-steps-oracle.js';
import { WinnerTakeAll } from './test-support/winner-take-all-oracle.js';

function noise(width: number, height: number, seed: number): GreyPlane {
  let s = seed >>> 0;
  return { width, height, data: Float32Array.from({ length: width * height }, () => (s = (s * 1664525 + 1013904223) >>> 0) / 4294967296) };
}

/** One sweep's setting: a rig at one image size, its planes and warp tables. */
function setting(width: number, height: number, seed: number) {
  const cams = syntheticRig({ ringCount: 6, radius: 0.3, width, height, focal: width * 0.9, waterZ: 0.5, lookAtZ: 1.0, center: false });
  const warp = new WarpTables(
    cams[0].projection,
    [cams[1].projection, cams[5].projection],
    Float64Array.of(0.45, 0.5, 0.55),
    { scale: 1, width, height },
    16,
  );
  const ref = noise(width, height, seed);
  return { warp, ref, sources: [noise(width, height, seed + 1), noise(width, height, seed + 2)] };
}

describe('sweepKernels (one instance per thread, retargeted)', () => {
  it('warps and costs like a fresh instance after other sources, sizes and windows, bit for bit', () => {
    const small = setting(96, 72, 1);
    const large = setting(240, 180, 11);
    let compared = 0;
    for (const [{ warp, ref, sources }, window] of [
      [small, 5],
      [large, 11],
      [small, 7],
      [large, 5],
    ] as const) {
      const shared = sweepKernels(window, sources);
      const fresh = new SweepKernels(window, sources);
      const tile = { x0: 16, y0: 8, x1: 80, y1: 56 };
      const halo = { x0: tile.x0 - (window >> 1), y0: tile.y0 - (window >> 1), x1: tile.x1 + (window >> 1), y1: tile.y1 + (window >> 1) };
      const size = (halo.x1 - halo.x0) * (halo.y1 - halo.y0);
      for (let s = 0; s < sources.length; s++) {
        for (let k = 0; k < 3; k++) {
          const a = new Float32Array(64 * 48).fill(0.5);
          const b = new Float32Array(64 * 48).fill(0.5);
          const invalid = shared.warp(warp, s, k, halo);
          expect(invalid).toBe(fresh.warp(warp, s, k, halo));
          expect(Array.from(shared.warped(size))).toEqual(Array.from(fresh.warped(size)));
          shared.addNccCost(ref, halo, tile, invalid === 0, a);
          fresh.addNccCost(ref, halo, tile, invalid === 0, b);
          expect(Array.from(a)).toEqual(Array.from(b));
          expect(a.some((v) => v !== 0.5)).toBe(true);
          compared++;
        }
      }
    }
    expect(compared).toBe(24);
  });

  it('sample positions moved along the rays as sampleBilinear does to float32 rounding, NaN where a position is', () => {
    const { warp, sources } = setting(96, 72, 21);
    const hypotheses = { min: 0.45, max: 0.55, count: 3 };
    const depth = Float32Array.from({ length: 96 * 72 }, (_, i) => (i % 97 === 0 ? Number.NaN : 0.48 + 0.0004 * (i % 96)));
    const halo = { x0: 0, y0: 10, x1: 96, y1: 60 }; // reaches the image's sides: samples outside the source too
    const size = 96 * 50;
    const kernels = new SweepKernels(7, sources);
    const surface = new SurfaceWarp(warp, hypotheses, kernels);
    const positions = sources.map(() => SurfaceWarp.buffers(size));
    expect(surface.setSurface(depth, 96, halo)).toBe(true);
    for (let s = 0; s < sources.length; s++) surface.read(s, positions[s]);
    // A cost over a larger tile and halo grows the memory and moves every buffer: the loaded positions move with them.
    const whole = { x0: 0, y0: 0, x1: 96, y1: 72 };
    kernels.addNccCost(sources[0], whole, whole, true, new Float32Array(96 * 72), sources[1].data);
    let nan = 0;
    for (const delta of [0, -0.003, 0.0071]) {
      for (let s = 0; s < sources.length; s++) {
        const invalid = kernels.warpShifted(s, delta, size);
        const got = kernels.warped(size);
        const p = positions[s];
        let differ = 0;
        let expectedInvalid = 0;
        for (let i = 0; i < size; i++) {
          const expected = Math.fround(sampleBilinear(sources[s], p.u[i] + delta * p.du[i], p.v[i] + delta * p.dv[i]));
          if (expected !== expected) {
            expectedInvalid++;
            if (got[i] === got[i]) differ++;
          } else if (!(Math.abs(got[i] - expected) <= 2e-6 * Math.abs(expected))) differ++;
        }
        expect(differ).toBe(0);
        expect(invalid).toBe(expectedInvalid);
        nan += invalid;
      }
    }
    expect(nan).toBeGreaterThan(0);
  });

  it('sum the k lowest source costs per pixel (any k), and keep slots through the memory growing', () => {
    const sources = Array.from({ length: 5 }, (_, i) => noise(8, 8, 40 + i));
    const kernels = new SweepKernels(5, sources);
    const n = 301; // odd: the last pixel runs outside the two-pixel SIMD pairs
    let seed = 3;
    const costs = sources.map(() => Float32Array.from({ length: n }, () => ((seed = (seed * 1664525 + 1013904223) >>> 0) % 2000) / 1000));
    costs[2][7] = costs[4][7]; // ties
    for (let s = 0; s < sources.length; s++) kernels.constantInto(s, true, 0, n);
    for (let s = 0; s < sources.length; s++) kernels.costs(s, n).set(costs[s]);
    // A larger tile grows the memory and moves the slots.
    kernels.constantInto(kernels.resultSlot, true, 0, 4 * n);
    for (const k of [1, 2, 3, 4, 5]) {
      const got = Array.from(kernels.sumLowest(k, n));
      for (let i = 0; i < n; i++) {
        const lowest = costs
          .map((c) => c[i])
          .sort((a, b) => a - b)
          .slice(0, k);
        expect(Math.abs(got[i] - lowest.reduce((a, b) => a + b, 0))).toBeLessThan(1e-6);
      }
    }
    // Dropping the one or two largest (k = 4, 3 of 5): exactly the float64 sum in source order minus them, as float32.
    for (const k of [4, 3]) {
      const got = Array.from(kernels.sumLowest(k, n));
      for (let i = 0; i < n; i++) {
        const column = costs.map((c) => c[i]);
        const largest = [...column].sort((a, b) => b - a);
        const sum = column.reduce((a, b) => a + b, 0);
        expect(got[i]).toBe(Math.fround(k === 4 ? sum - largest[0] : sum - largest[0] - largest[1]));
      }
    }
    // Stored, then added: a constant as the first and then a further source's cost.
    kernels.constantInto(0, true, 1, n);
    kernels.constantInto(0, false, 0.25, n);
    expect(Array.from(kernels.costs(0, 3))).toEqual([1.25, 1.25, 1.25]);
  });

  it('mark the pixels near a step or bend as the JavaScript test does, in any regions, through NaN depths', () => {
    const W = 97; // odd: a row's last pixel runs outside the two-pixel passes
    const H = 61;
    let seed = 5;
    // A tilted bed with a rock (a step), a ridge (a bend), NaN holes and a little noise.
    const depth = Float32Array.from({ length: W * H }, (_, i) => {
      const x = i % W;
      const y = Math.floor(i / W);
      if (i % 131 === 0) return Number.NaN;
      const noise = ((seed = (seed * 1664525 + 1013904223) >>> 0) / 4294967296 - 0.5) * 2e-4;
      const rock = x > 40 && x < 60 && y > 20 && y < 35 ? -0.02 : 0;
      return 0.5 + 0.0003 * x - 0.0002 * y + rock + 0.0004 * Math.abs(y - 45) + noise;
    });
    const kernels = new SweepKernels(5, [noise(8, 8, 60)]);
    for (const regions of [
      [{ x0: 0, y0: 0, x1: W, y1: H }],
      [
        { x0: 3, y0: 7, x1: 51, y1: 40 },
        { x0: 60, y0: 30, x1: W, y1: H },
      ],
    ]) {
      for (const reach of [1, 6]) {
        const expected = nearStepsOracle(depth, W, H, reach, 0.004, regions);
        const got = kernels.nearSteps(depth, W, H, reach, 0.004, regions);
        expect(Array.from(got)).toEqual(Array.from(expected));
        const marked = expected.reduce((a, b) => a + b, 0);
        expect(marked).toBeGreaterThan(20);
        expect(marked).toBeLessThan((W * H) / 2);
      }
    }
  });

  it('stream a winner-take-all bit for bit as WinnerTakeAll does, through ties, NaN costs and the memory growing', () => {
    const kernels = new SweepKernels(5, [noise(8, 8, 50)]);
    const n = 203; // not a multiple of four: the last pixels run outside the four-pixel passes
    const oracle = new WinnerTakeAll(n);
    let seed = 11;
    // Costs on a coarse grid, so that equal costs (ties: the first minimum wins) are common; a few NaN.
    const next = (): number => ((seed = (seed * 1664525 + 1013904223) >>> 0) % 9) / 4;
    const scale = 1 / 3;
    for (const ks of [
      [0, 1, 2, 3, 4, 5, 6],
      [5, 6, 7, 8],
    ]) {
      kernels.wtaReset(n);
      oracle.reset(n);
      for (const k of ks) {
        const cost = Float32Array.from({ length: n }, (_, i) => (i % 37 === k ? Number.NaN : next()));
        kernels.constantInto(kernels.resultSlot, true, 0, n);
        kernels.costs(kernels.resultSlot, n).set(cost);
        kernels.wtaAdd(k, kernels.resultSlot, n, scale);
        oracle.add(k, cost, n, scale);
        // A larger tile grows the memory mid-sweep: the state moves with it.
        if (k === 2) kernels.constantInto(0, true, 0, 8 * n);
      }
      const got = kernels.wtaState(n);
      expect(got.count).toBe(ks.length);
      for (const key of ['bestK', 'best', 'minus', 'plus', 'sum'] as const) {
        const a = Array.from(got[key]);
        const b = Array.from(oracle[key].subarray(0, n));
        expect(a.every((v, i) => Object.is(v, b[i]))).toBe(true);
      }
      // Both kinds of update happened: several distinct best indices, and a best on the sweep's first depth.
      expect(new Set(got.bestK).size).toBeGreaterThan(2);
      expect(got.bestK.includes(ks[0])).toBe(true);
    }
  });
});
