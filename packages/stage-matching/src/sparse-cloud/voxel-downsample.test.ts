import { describe, expect, it } from 'vitest';
import { voxelDownsample } from './voxel-downsample.js';

describe('voxelDownsample', () => {
  it('merges points of one voxel into their mean', () => {
    const pts: number[] = [];
    for (let i = 0; i < 16; i++) pts.push(0.0001 * i, 0, 1);
    for (let i = 0; i < 16; i++) pts.push(0.01 + 0.0001 * i, 0, 1);
    const out = voxelDownsample(Float64Array.from(pts), 0.004);
    expect(out.length / 3).toBe(2);
    expect(out[0]).toBeCloseTo(0.00075, 9);
    expect(out[3]).toBeCloseTo(0.01075, 9);
  });
});
