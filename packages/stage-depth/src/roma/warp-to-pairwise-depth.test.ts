import { createSyntheticScene } from '@aquamvs/benchmark';
import { aquamvsConfigSchema, silentLogger, TypedStore, type RunContext, type RunResources } from '@aquamvs/core';
import { prepareRig, type Rig } from '@aquamvs/geometry';
import { beforeAll, describe, expect, it } from 'vitest';
import { trueWarp } from '../test-support/true-warp.js';
import { warpToPairwiseDepth, type WarpCamera } from './warp-to-pairwise-depth.js';

const scene = createSyntheticScene({ rig: 'ci', scene: 'undulating', seed: 1 });
let rig: Rig;
const cam = (name: string): WarpCamera => {
  const m = rig.models.get(name);
  if (m === undefined) throw new Error(name);
  return { projection: m.projection, width: m.undistortion.width, height: m.undistortion.height };
};

beforeAll(async () => {
  const resources = new TypedStore<RunResources>('test');
  resources.set('calibration', scene.calibration);
  rig = await prepareRig({ config: aquamvsConfigSchema.parse({}), resources, log: silentLogger } as unknown as RunContext);
});

describe('warpToPairwiseDepth (spec §3.9 step 1, test_roma_depth)', () => {
  it('recovers the true ray depth from the true warp within 0.05 mm and keeps the certainty where valid', () => {
    const warp = trueWarp(scene, rig, 'ring00', 'ring01', 80, 60);
    const out = warpToPairwiseDepth(warp, cam('ring00'), cam('ring01'));
    let valid = 0;
    let worst = 0;
    for (let i = 0; i < 60; i++) {
      for (let j = 0; j < 80; j++) {
        const k = i * 80 + j;
        if (warp.certainty[k] <= 0.5) {
          expect(out.depth[k]).toBeNaN();
          expect(out.certainty[k]).toBe(0);
          continue;
        }
        valid++;
        const truth = scene.groundTruthAt('ring00', (j + 0.5) * 4 - 0.5, (i + 0.5) * 4 - 0.5).depth;
        worst = Math.max(worst, Math.abs(out.depth[k] - truth));
        expect(out.certainty[k]).toBe(1);
      }
    }
    expect(valid).toBeGreaterThan(1000);
    expect(worst).toBeLessThan(5e-5);
  });

  it('drops cells whose certainty is not above the threshold (strict >)', () => {
    const warp = trueWarp(scene, rig, 'ring00', 'ring01', 40, 30);
    const certainty = warp.certainty.map((c, k) => (c > 0 ? (k % 2 === 0 ? 0.5 : 0.7) : 0));
    const out = warpToPairwiseDepth({ ...warp, certainty }, cam('ring00'), cam('ring01'), { certaintyThreshold: 0.5 });
    for (let k = 0; k < certainty.length; k++) {
      if (certainty[k] === 0.5) expect(out.depth[k]).toBeNaN();
      if (certainty[k] > 0.6) {
        expect(out.depth[k]).toBeGreaterThan(0);
        expect(out.certainty[k]).toBeCloseTo(0.7, 6);
      }
    }
  });

  it('gives NaN where the rays meet behind the reference water surface (negative depth)', () => {
    const warp = trueWarp(scene, rig, 'ring00', 'ring02', 40, 30);
    // mirror the source x: rays from opposite cameras then cross above the water for part of the grid
    const mirrored = warp.warp.map((v, i) => (i % 2 === 0 ? -v : v));
    const out = warpToPairwiseDepth({ ...warp, warp: mirrored }, cam('ring00'), cam('ring02'));
    let checked = 0;
    for (let k = 0; k < out.depth.length; k++) {
      const d = out.depth[k];
      if (d === d) expect(d).toBeGreaterThan(0);
      else if (warp.certainty[k] > 0.5) checked++;
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('reproduces the reference corner convention when asked, and it is off by about half a pixel otherwise', () => {
    const corner = trueWarp(scene, rig, 'ring00', 'ring01', 80, 60, 'corner');
    const ok = warpToPairwiseDepth(corner, cam('ring00'), cam('ring01'), { convention: 'corner' });
    const mixed = warpToPairwiseDepth(corner, cam('ring00'), cam('ring01'), { convention: 'centre' });
    let worstOk = 0;
    let meanMixed = 0;
    let n = 0;
    for (let i = 0; i < 60; i++) {
      for (let j = 0; j < 80; j++) {
        const k = i * 80 + j;
        if (!(ok.depth[k] === ok.depth[k]) || !(mixed.depth[k] === mixed.depth[k])) continue;
        const truth = scene.groundTruthAt('ring00', j * 4, i * 4).depth;
        worstOk = Math.max(worstOk, Math.abs(ok.depth[k] - truth));
        meanMixed += Math.abs(mixed.depth[k] - truth);
        n++;
      }
    }
    expect(n).toBeGreaterThan(1000);
    expect(worstOk).toBeLessThan(5e-5);
    expect(meanMixed / n).toBeGreaterThan(10 * worstOk);
  });
});
