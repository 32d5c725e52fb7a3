import type { FrameImage } from '@aquamvs/core';
import { describe, expect, it } from 'vitest';
import type { RawKeypoints } from './extractor-model.js';
import { extractFeatures } from './extract-features.js';
import { longSideSize, resizeGrey } from './resize-grey.js';

describe('longSideSize and resizeGrey', () => {
  it('scales the long side to 1024 and truncates the short side (kornia side=long)', () => {
    expect(longSideSize(320, 240, 1024)).toEqual([1024, 768]);
    expect(longSideSize(240, 320, 1024)).toEqual([768, 1024]);
    expect(longSideSize(1600, 1201, 1024)).toEqual([1024, 768]);
  });

  it('is bilinear (align_corners=False) when enlarging and averages when shrinking', () => {
    const ramp = Float32Array.from({ length: 8 * 2 }, (_, i) => i % 8);
    const up = resizeGrey(ramp, 8, 2, 32, 8);
    // output x ↦ source (x + 0.5)/4 − 0.5; linear ramp is reproduced away from the clamped borders
    for (let x = 2; x < 30; x++) expect(up[3 * 32 + x]).toBeCloseTo((x + 0.5) / 4 - 0.5, 5);
    const down = resizeGrey(ramp, 8, 2, 4, 1);
    expect(Array.from(down).map((v) => Number(v.toFixed(4)))).toEqual([0.7143, 2.5, 4.5, 6.2857]); // PIL/torch antialias: truncated, renormalised triangle at the borders
    const flat = resizeGrey(new Float32Array(50 * 30).fill(0.7), 50, 30, 1024, 614);
    expect(flat.reduce((m, v) => Math.max(m, Math.abs(v - 0.7)), 0)).toBeLessThan(1e-6);
  });
});

describe('extractFeatures', () => {
  const image: FrameImage = { width: 320, height: 240, channels: 1, data: new Uint8Array(320 * 240).fill(255) };
  // keypoints in the 1024×768 image; scores 0.9, 0.005, 0.004, 0.8, 0.7
  const raw: RawKeypoints = {
    keypoints: new Float64Array([63.5, 31.5, 319.5, 319.5, 100, 100, 1023, 767, 0, 0]),
    scores: new Float32Array([0.9, 0.005, 0.004, 0.8, 0.7]),
    descriptors: Float32Array.from({ length: 5 * 2 }, (_, i) => i),
    descriptorSize: 2,
  };
  let seen: [number, number, number] = [0, 0, 0];
  const run = (grey: Float32Array, w: number, h: number): Promise<RawKeypoints> => {
    seen = [w, h, grey[0]];
    return Promise.resolve(raw);
  };

  it('feeds the 1024-long-side grey image in [0, 1] and maps keypoints back with (kp + 0.5)/scale − 0.5', async () => {
    const f = await extractFeatures('cam', image, run, { maxKeypoints: 10, detectionThreshold: 0.005, claheClipLimit: null });
    expect(seen).toEqual([1024, 768, 1]);
    expect(Array.from(f.scores)).toEqual([0.9, 0.8, 0.7, 0.005].map(Math.fround));
    expect(f.keypoints[0]).toBeCloseTo(64 / 3.2 - 0.5, 9);
    expect(f.keypoints[1]).toBeCloseTo(32 / 3.2 - 0.5, 9);
    expect(f.keypoints[2]).toBeCloseTo(1023.5 / 3.2 - 0.5, 9);
    expect(Array.from(f.descriptors.subarray(0, 4))).toEqual([0, 1, 6, 7]);
  });

  it('keeps the max_keypoints best, then drops keypoints masked out at their rounded pixel', async () => {
    const mask = new Uint8Array(320 * 240).fill(1);
    mask[(240 - 1) * 320 + 319] = 0; // keypoint (1023, 767) → (319.4, 239.4)
    const f = await extractFeatures('cam', image, run, { maxKeypoints: 2, detectionThreshold: 0.005, claheClipLimit: null, mask });
    expect(Array.from(f.scores)).toEqual([Math.fround(0.9)]);
  });
});
