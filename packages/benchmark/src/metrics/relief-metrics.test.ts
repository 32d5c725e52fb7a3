import type { DepthMap } from '@aquamvs/core';
import { describe, expect, it } from 'vitest';
import { createSyntheticScene } from '../synthetic-scene.js';
import { RELIEF_TOP_HEIGHT, reliefFigures } from './relief-metrics.js';

const scene = createSyntheticScene({ rig: 'ci', scene: 'nest' });
const [cx, cy] = scene.spec.centre ?? [0, 0];
const mound = { x: cx - 0.06, y: cy + 0.03 };

/** The exact surface sampled every `step` metres around the ring centre, minus a disc of `hole` metres radius on the mound. */
function surfaceCloud(step: number, hole = 0): Float64Array {
  const out: number[] = [];
  for (let y = cy - 0.25; y <= cy + 0.25; y += step) {
    for (let x = cx - 0.25; x <= cx + 0.25; x += step) {
      if (Math.hypot(x - mound.x, y - mound.y) < hole) continue;
      out.push(x, y, scene.surface.height(x, y));
    }
  }
  return Float64Array.from(out);
}

function truthMaps(blankTops: boolean): Map<string, DepthMap> {
  const maps = new Map<string, DepthMap>();
  for (const camera of scene.calibration.ringCameras) {
    const gt = scene.groundTruth(camera);
    const depth = Float32Array.from(gt.depth);
    if (blankTops) {
      for (let i = 0; i < depth.length; i++) {
        if (Math.abs(scene.surface.reliefHeight(gt.points[i * 3], gt.points[i * 3 + 1])) >= RELIEF_TOP_HEIGHT) depth[i] = Number.NaN;
      }
    }
    maps.set(camera, { width: gt.width, height: gt.height, depth, confidence: new Float32Array(depth.length).fill(1) });
  }
  return maps;
}

describe('reliefFigures', () => {
  it('scores a complete, exact cloud as complete, exact and without holes', () => {
    const r = reliefFigures(scene, surfaceCloud(0.001), truthMaps(false));
    expect(r?.samples).toBeGreaterThan(5000);
    expect(r?.completeness2mm).toBe(1);
    expect(r?.maxHoleMm).toBeLessThan(2.5); // 1 mm grid points on slopes up to 1.2
    expect(r?.medianErrorMm).toBeLessThan(1e-6);
    expect(r?.depth?.validShare).toBe(1);
    expect(r?.depth?.topValidShare).toBe(1);
    expect(r?.depth?.medianErrorMm).toBeLessThan(1e-3);
  });

  it('sees a missing mound top that whole-bed figures hide: the hole, completeness and top valid share', () => {
    const r = reliefFigures(scene, surfaceCloud(0.001, 0.02), truthMaps(true));
    // A 4 cm disc is missing: its centre is ~2 cm from the nearest point (plus the mound's height change).
    expect(r?.maxHoleMm).toBeGreaterThan(38);
    expect(r?.completeness2mm).toBeLessThan(0.9);
    expect(r?.depth?.topValidShare).toBe(0);
    expect(r?.depth?.validShare).toBeLessThan(0.8);
  });

  it('is undefined on a scene without relief', () => {
    const flat = createSyntheticScene({ rig: 'ci', scene: 'flat' });
    expect(reliefFigures(flat, new Float64Array(0))).toBeUndefined();
  });
});
