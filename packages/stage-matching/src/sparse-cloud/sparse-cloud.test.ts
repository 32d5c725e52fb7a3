import type { FrameImage } from '@aquamvs/core';
import { createRefractiveProjection } from '@aquamvs/geometry';
import { describe, expect, it } from 'vitest';
import { bestViewColors } from './best-view-colors.js';
import { estimateNormals } from './estimate-normals.js';
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

describe('estimateNormals', () => {
  it('gives unit normals perpendicular to a plane, facing the origin above it', () => {
    const pts: number[] = [];
    for (let i = 0; i < 20; i++) for (let j = 0; j < 20; j++) pts.push(i * 0.002, j * 0.002, 1.2 + 0.001 * i);
    const n = estimateNormals(Float64Array.from(pts), 0.005, 30);
    const expected = [0.001, 0, -0.002].map((v) => v / Math.hypot(0.001, 0.002));
    for (let k = 0; k < 400; k += 37) {
      expect(Math.hypot(n[k * 3], n[k * 3 + 1], n[k * 3 + 2])).toBeCloseTo(1, 5);
      for (let c = 0; c < 3; c++) expect(n[k * 3 + c]).toBeCloseTo(expected[c], 4);
    }
  });

  it('falls back to (0, 0, ±1) for isolated points, oriented towards the origin', () => {
    const n = estimateNormals(new Float64Array([0, 0, 1, 1, 1, 1]), 0.005);
    expect(Array.from(n, (v) => v + 0)).toEqual([0, 0, -1, 0, 0, -1]);
  });
});

describe('bestViewColors', () => {
  const cam = (x: number, yaw: number) => {
    const c = Math.cos(yaw);
    const s = Math.sin(yaw);
    const R = [c, -s, 0, s, c, 0, 0, 0, 1];
    const t = [0, 1, 2].map((r) => -(R[r * 3] * x));
    return createRefractiveProjection({ K: [100, 0, 50, 0, 100, 50, 0, 0, 1], R, t, waterZ: 0.5 });
  };
  const solid = (v: number): FrameImage => ({ width: 100, height: 100, channels: 3, data: new Uint8Array(100 * 100 * 3).fill(v) });

  it('prefers the camera looking most directly along the normal', () => {
    const points = new Float64Array([0, 0, 1.0]);
    const normals = new Float32Array([0, 0, -1]);
    const colors = bestViewColors(points, normals, [
      { projection: cam(0.3, 0), image: solid(50) },
      { projection: cam(0, 0), image: solid(200) },
    ]);
    expect(Array.from(colors)).toEqual([200, 200, 200]);
  });

  it('skips cameras where the point falls outside the image and leaves grey 128 when none sees it', () => {
    const points = new Float64Array([5, 0, 1.0]);
    const colors = bestViewColors(points, new Float32Array([0, 0, -1]), [{ projection: cam(0, 0), image: solid(10) }]);
    expect(Array.from(colors)).toEqual([128, 128, 128]);
  });
});
