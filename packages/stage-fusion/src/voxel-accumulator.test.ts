import { describe, expect, it } from 'vitest';
import { VoxelAccumulator, voxelDownsample } from './voxel-accumulator.js';
import { lcg } from './test-support/gt-views.js';

describe('voxel down-sample', () => {
  it('merges 32 points in two voxels into their two means, colours averaged', () => {
    const pts: number[] = [];
    const cols: number[] = [];
    for (let i = 0; i < 32; i++) {
      const base = i < 16 ? 0 : 0.01;
      pts.push(base + (i % 4) * 1e-4, (i % 3) * 1e-4, 1 + (i % 2) * 1e-4);
      cols.push(i < 16 ? 10 : 200, i < 16 ? 11 : 201, i % 2 === 0 ? 0 : 255);
    }
    const { positions, colors } = voxelDownsample(Float64Array.from(pts), 0.001, Uint8Array.from(cols));
    expect(positions.length / 3).toBe(2);
    expect(positions[0]).toBeCloseTo((0 + 1e-4 + 2e-4 + 3e-4) / 4, 12);
    expect(positions[3]).toBeCloseTo(0.01 + 1.5e-4, 12);
    expect([...(colors ?? [])]).toEqual([10, 11, 128, 200, 201, 128]);
  });

  it('cuts voxels on the world lattice: what a cloud merges into does not depend on where its minimum lies', () => {
    // 0.9 and 1.1 mm lie in different 1 mm voxels wherever the cloud starts; Open3D (anchor min − voxel/2) would merge them.
    expect(voxelDownsample(Float64Array.from([0.0009, 0, 0, 0.0011, 0, 0]), 0.001).positions.length / 3).toBe(2);
    const merged = voxelDownsample(Float64Array.from([0.0002, 0, 0, 0.0009, 0, 0]), 0.001).positions;
    expect(merged.length).toBe(3);
    expect(merged[0]).toBeCloseTo(0.00055, 12);
    // A noisy sheet merges into the same voxels with or without one more point 3.3 mm below it elsewhere.
    const rand = lcg(11);
    const sheet = Float64Array.from({ length: 3000 * 3 }, (_, i) => (i % 3 === 2 ? 1.0004 + 0.0003 * rand() : 0.02 * rand()));
    const alone = voxelDownsample(sheet, 0.001).positions;
    const withLow = voxelDownsample(Float64Array.from([...sheet, 0.05, 0.05, 1.0004 - 0.0033]), 0.001).positions;
    expect(withLow.length).toBe(alone.length + 3);
    expect(withLow.subarray(0, alone.length)).toEqual(alone);
    // A minimum on a lattice face whose quotient rounds up (0.009 / 0.001 → 9.000000000000002) still gets a voxel of
    // its own: three points in three voxels, none lost (the face's voxel index was −1); returned in lattice order.
    const points = Float64Array.from([0.009, 0.013, 0.018, 0.0095, 0.0135, 0.0185, 0.0101, 0.013, 0.018]);
    expect(voxelDownsample(points, 0.001).positions).toEqual(Float64Array.from([0.009, 0.013, 0.018, 0.0101, 0.013, 0.018, 0.0095, 0.0135, 0.0185]));
  });

  it('keeps one point per occupied voxel through hash growth (50 000 random points)', () => {
    const rand = lcg(5);
    const n = 50_000;
    const pts = Float64Array.from({ length: n * 3 }, () => rand() * 0.1);
    const { positions } = voxelDownsample(pts, 0.004);
    const occupied = new Set<string>();
    for (let i = 0; i < n; i++) {
      occupied.add([0, 1, 2].map((k) => Math.floor(pts[i * 3 + k] / 0.004)).join());
    }
    expect(positions.length / 3).toBe(occupied.size);
    const acc = new VoxelAccumulator(0.004, [0, 0, 0], [1, 1, 1], false);
    acc.add(0.5, 0.5, 0.5);
    expect(acc.size).toBe(1);
  });

  it('gives identical voxels, order and means through the column table and through the hash', () => {
    const rand = lcg(9);
    const n = 60_000;
    // A bumpy sheet (several voxels per column in places) with colours.
    const pts = new Float64Array(n * 3);
    const colors = new Uint8Array(n * 3);
    for (let i = 0; i < n; i++) {
      const x = rand() * 0.1;
      const y = rand() * 0.1;
      pts.set([x, y, 1 + 0.01 * Math.sin(200 * x) + 0.003 * rand()], i * 3);
      colors.set([i % 256, (i >> 8) % 256, 7], i * 3);
    }
    const m = mins(pts);
    const mx = [0, 1, 2].map((k) => Math.max(...pts.filter((_, j) => j % 3 === k)));
    const run = (maxColumns: number): ReturnType<VoxelAccumulator['result']> => {
      const acc = new VoxelAccumulator(0.001, m, mx, true, { maxColumns });
      for (let i = 0; i < n; i++) acc.add(pts[i * 3], pts[i * 3 + 1], pts[i * 3 + 2], colors[i * 3], colors[i * 3 + 1], colors[i * 3 + 2]);
      return acc.result();
    };
    const columns = run(2 ** 25);
    const hashed = run(0);
    expect(columns.positions.length / 3).toBeGreaterThan(20_000);
    expect(columns.positions).toEqual(hashed.positions);
    expect(columns.colors).toEqual(hashed.colors);
  });

  it('returns voxels in lattice order (y, then x, then z), whatever order the points came in', () => {
    const rand = lcg(3);
    // Points on a 1/1024 m grid (sums exact in any order): a sheet with a second layer in some columns.
    const pts: number[] = [];
    for (let i = 0; i < 4000; i++) {
      const x = Math.floor(rand() * 64) / 1024;
      const y = Math.floor(rand() * 64) / 1024;
      const z = 1 + (rand() < 0.3 ? 3 / 1024 : 0) + Math.floor(rand() * 2) / 1024;
      pts.push(x, y, z);
    }
    const forward = Float64Array.from(pts);
    const reversed = new Float64Array(forward.length);
    for (let i = 0; i < forward.length; i += 3) reversed.set(forward.subarray(i, i + 3), forward.length - 3 - i);
    const a = voxelDownsample(forward, 1 / 512).positions;
    const b = voxelDownsample(reversed, 1 / 512).positions;
    expect(a).toEqual(b);
    const cell = (i: number, k: number): number => Math.floor(a[i * 3 + k] * 512);
    let ordered = 0;
    for (let i = 1; i < a.length / 3; i++) {
      const prev = [cell(i - 1, 1), cell(i - 1, 0), cell(i - 1, 2)];
      const next = [cell(i, 1), cell(i, 0), cell(i, 2)];
      const k = prev.findIndex((p, j) => p !== next[j]);
      if (k >= 0 && prev[k] < next[k]) ordered++;
    }
    expect(a.length / 3).toBeGreaterThan(1000);
    expect(ordered).toBe(a.length / 3 - 1);
  });

  it('drops non-finite points and returns an empty cloud for empty input', () => {
    expect(voxelDownsample(Float64Array.from([Number.NaN, 0, 0, 1, 1, 1]), 0.01).positions).toEqual(Float64Array.from([1, 1, 1]));
    expect(voxelDownsample(new Float64Array(0), 0.01).positions.length).toBe(0);
  });
});

function mins(p: Float64Array): number[] {
  const m = [Infinity, Infinity, Infinity];
  for (let i = 0; i < p.length; i++) m[i % 3] = Math.min(m[i % 3], p[i]);
  return m;
}

describe('voxel grid size', () => {
  it('rejects a voxel too fine to index the cloud with AQM_ERR_FUSION_VOXEL_GRID, naming the voxel and the extent', () => {
    const points = Float64Array.from([0, 0, 0, 1000, 1000, 1000]);
    expect(() => voxelDownsample(points, 1e-6)).toThrow(
      expect.objectContaining({
        code: 'AQM_ERR_FUSION_VOXEL_GRID',
        message: 'reconstruction.voxel_size: 0.000001 m is too fine for a cloud spanning 1000.000 × 1000.000 × 1000.000 m (more than 2^53 voxels)',
      }),
    );
  });
});
