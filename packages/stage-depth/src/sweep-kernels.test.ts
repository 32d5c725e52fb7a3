import { describe, expect, it } from 'vitest';
import type { GreyPlane } from './grey-plane.js';
import { refWindowStats } from './ref-window-stats.js';
import { SweepKernels, sweepKernels } from './sweep-kernels.js';
import { syntheticRig } from './test-support/synthetic-scene.js';
import { WarpTables } from './warp-table.js';

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
      const stats = refWindowStats(ref, window);
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
          shared.addNccCost(ref, stats, halo, tile, invalid === 0, a);
          fresh.addNccCost(ref, stats, halo, tile, invalid === 0, b);
          expect(Array.from(a)).toEqual(Array.from(b));
          expect(a.some((v) => v !== 0.5)).toBe(true);
          compared++;
        }
      }
    }
    expect(compared).toBe(24);
  });
});
