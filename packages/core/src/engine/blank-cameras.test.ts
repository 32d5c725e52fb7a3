import { describe, expect, it } from 'vitest';
import type { FrameImage } from '../artifacts.js';
import { blankCameras, imageStructure } from './blank-cameras.js';
import { random } from '../test-support/random.js';

const W = 160;
const H = 120;

/** Gaussian noise of standard deviation `sigma` (Box–Muller). */
function gaussian(next: () => number, sigma: number): number {
  return sigma * Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
}

/** A colour image of a textured bed (blobs of 4–20 pixels) with `gain`, `offset` and sensor noise. */
function bed(seed: number, { gain = 1, offset = 0, noise = 1.5 } = {}): FrameImage {
  const next = random(seed);
  const data = new Uint8Array(W * H * 3);
  const phases = Array.from({ length: 6 }, () => [next() * 6.28, next() * 6.28]);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      let v = 0;
      phases.forEach(([a, b], k) => {
        const f = 0.3 / (k + 1);
        v += Math.sin(x * f + a) * Math.cos(y * f * 1.3 + b);
      });
      const grey = offset + gain * (120 + 18 * v) + gaussian(next, noise);
      for (let c = 0; c < 3; c++) data[(y * W + x) * 3 + c] = Math.max(0, Math.min(255, Math.round(grey)));
    }
  }
  return { width: W, height: H, channels: 3, data };
}

/** A lens cap: a uniform dark level and sensor noise. */
function capped(seed: number, level: number, noise: number): FrameImage {
  const next = random(seed);
  const data = new Uint8Array(W * H * 3);
  for (let i = 0; i < W * H; i++) {
    const v = Math.max(0, Math.min(255, Math.round(level + gaussian(next, noise))));
    data.fill(v, i * 3, i * 3 + 3);
  }
  return { width: W, height: H, channels: 3, data };
}

const rig = (extra: Record<string, FrameImage>): Map<string, FrameImage> =>
  new Map([...[0, 1, 2, 3].map((k): [string, FrameImage] => [`ring0${k}`, bed(k + 1)]), ...Object.entries(extra)]);

describe('imageStructure', () => {
  it('sees a textured bed, and hardly the sensor noise of a lens cap (noise averages out over a block)', () => {
    const textured = imageStructure(bed(1)) as number;
    expect(textured).toBeGreaterThan(5);
    expect(imageStructure(capped(9, 12, 5)) as number).toBeLessThan(1);
    expect(imageStructure(capped(9, 255, 0))).toBe(0);
    // Linear in the image's gain, so a darker camera is judged by the same rule.
    expect(imageStructure(bed(1, { gain: 0.25, noise: 0 })) as number).toBeCloseTo(0.25 * (imageStructure(bed(1, { noise: 0 })) as number), 0);
  });

  it('cannot judge an image smaller than 2×2 blocks', () => {
    expect(imageStructure({ width: 15, height: 40, channels: 1, data: new Uint8Array(600) })).toBeUndefined();
  });
});

describe('blankCameras', () => {
  it("names a lens-capped camera with its structure against the cameras' upper quartile", () => {
    const blank = blankCameras(rig({ center: capped(7, 14, 4) }), 0.1);
    expect([...blank.keys()]).toEqual(['center']);
    expect(blank.get('center')).toMatch(
      /^its image is blank: structure 0\.\d\d against the cameras' upper quartile \d+\.\d\d, under preprocessing\.blank_image_ratio 0\.1$/,
    );
  });

  it('names saturated and constant frames', () => {
    expect([...blankCameras(rig({ center: capped(3, 255, 0), ring09: capped(4, 128, 0) }), 0.1).keys()]).toEqual(['center', 'ring09']);
  });

  it('names the blank cameras of a frame in which most cameras are blank (a hub of the rig down)', () => {
    const hubDown = new Map([
      ...[0, 1].map((k): [string, FrameImage] => [`ring0${k}`, bed(k + 1)]),
      ...[2, 3, 4].map((k): [string, FrameImage] => [`ring0${k}`, capped(k, 2, 1.5)]),
    ]);
    expect([...blankCameras(hubDown, 0.1).keys()]).toEqual(['ring02', 'ring03', 'ring04']);
  });

  it('keeps every camera when one sees far more than the others (glare, a calibration board)', () => {
    // A dim scene (structure ≈ 3) and one camera with 20× that.
    const glare = new Map([
      ...[0, 1, 2, 3].map((k): [string, FrameImage] => [`ring0${k}`, bed(k + 1, { gain: 0.2, offset: 40 })]),
      ['center', bed(6, { gain: 12, offset: -1320 })] as [string, FrameImage],
    ]);
    expect(blankCameras(glare, 0.1).size).toBe(0);
  });

  it('keeps a camera 4× darker than the others, and a scene that every camera sees dark', () => {
    expect(blankCameras(rig({ center: bed(5, { gain: 0.25 }) }), 0.1).size).toBe(0);
    const dark = new Map([0, 1, 2].map((k): [string, FrameImage] => [`ring0${k}`, bed(k + 1, { gain: 0.05, offset: 3 })]));
    expect(blankCameras(dark, 0.1).size).toBe(0);
  });

  it('judges nothing with ratio 0, with one camera, or where every camera is alike blank', () => {
    expect(blankCameras(rig({ center: capped(7, 14, 4) }), 0).size).toBe(0);
    expect(blankCameras(new Map([['cam0', capped(7, 14, 4)]]), 0.1).size).toBe(0);
    expect(blankCameras(new Map([0, 1, 2].map((k): [string, FrameImage] => [`c${k}`, capped(k, 20, 0)])), 0.1).size).toBe(0);
  });
});
