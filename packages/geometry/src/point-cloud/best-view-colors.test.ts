import { createRefractiveProjection, type RefractiveProjection } from '../refractive-projection.js';
import type { FrameImage } from '@aquamvs/core';
import { describe, expect, it } from 'vitest';
import { bestViewColors } from './best-view-colors.js';

const K = [100, 0, 50, 0, 100, 50, 0, 0, 1];
/** A camera at (cx, 0, 0) looking straight down (R = I) through water at Z = 0.5. */
function camera(cx: number): RefractiveProjection {
  return createRefractiveProjection({ K, R: [1, 0, 0, 0, 1, 0, 0, 0, 1], t: [-cx, 0, 0], waterZ: 0.5 });
}
function solid(r: number, g: number, b: number): FrameImage {
  const data = new Uint8Array(100 * 100 * 3);
  for (let i = 0; i < 100 * 100; i++) data.set([r, g, b], i * 3);
  return { width: 100, height: 100, channels: 3, data };
}
const point = Float64Array.from([0, 0, 1]);
const up = Float32Array.from([0, 0, -1]);

describe('best-view colouring', () => {
  it('takes the colour of the frontal camera over an oblique one', () => {
    const colors = bestViewColors(point, up, [
      { projection: camera(0.3), image: solid(255, 0, 0) },
      { projection: camera(0), image: solid(0, 255, 0) },
    ]);
    expect([...colors]).toEqual([0, 255, 0]);
  });

  it('skips invalid and out-of-image projections, leaving grey 128 when no camera sees the point', () => {
    const above = Float64Array.from([0, 0, 0.2]);
    expect([...bestViewColors(above, up, [{ projection: camera(0), image: solid(1, 2, 3) }])]).toEqual([128, 128, 128]);
    // Frontal camera far away: the point projects outside its image; the oblique camera wins.
    const colors = bestViewColors(point, up, [
      { projection: camera(5), image: solid(9, 9, 9) },
      { projection: camera(0.2), image: solid(7, 8, 9) },
    ]);
    expect([...colors]).toEqual([7, 8, 9]);
  });

  it('samples the pixel at the rounded projection and skips views without an image', () => {
    const image = solid(0, 0, 0);
    const proj = camera(0);
    const { pixels } = proj.project(point);
    const p = Math.round(pixels[1]) * 100 + Math.round(pixels[0]);
    image.data.set([11, 22, 33], p * 3);
    expect([...bestViewColors(point, up, [{ projection: camera(0) }, { projection: proj, image }])]).toEqual([11, 22, 33]);
  });

  it('handles empty input and does not modify its inputs', () => {
    expect(bestViewColors(new Float64Array(0), new Float32Array(0), [{ projection: camera(0), image: solid(1, 1, 1) }]).length).toBe(0);
    const copy = point.slice();
    bestViewColors(point, up, [{ projection: camera(0), image: solid(1, 1, 1) }]);
    expect(point).toEqual(copy);
  });
});
