import { describe, expect, it } from 'vitest';
import { voxelAverage } from './voxel-average.js';

describe('voxelAverage', () => {
  it('keeps one point per occupied voxel: mean position, normalised mean normal, mean colour; drops non-finite points', () => {
    const cloud = {
      positions: Float64Array.from([0.1, 0.1, 0.1, 0.3, 0.1, 0.1, 0.5, 0.5, 0.5, 1.2, 0.1, 0.1, Number.NaN, 0, 0]),
      normals: Float32Array.from([1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, -1, 1, 0, 0]),
      colors: Uint8Array.from([10, 20, 30, 20, 40, 60, 30, 60, 90, 1, 2, 3, 0, 0, 0]),
    };
    const out = voxelAverage(cloud, 1);
    [0.3, 0.7 / 3, 0.7 / 3, 1.2, 0.1, 0.1].forEach((v, k) => expect(out.positions[k]).toBeCloseTo(v, 12));
    const third = 1 / Math.sqrt(3);
    [third, third, third, 0, 0, -1].forEach((v, k) => expect(out.normals?.[k]).toBeCloseTo(v, 6));
    expect(Array.from(out.colors ?? [])).toEqual([20, 40, 60, 1, 2, 3]);
  });
});
