import { describe, expect, it } from 'vitest';
import { reconstructPoisson } from './poisson.js';
import { SurfacePool } from './surface-pool.js';
import { ciScene, groundTruthCloud, medianDistanceMm, surfaceCloud } from './test-support/clouds.js';

describe('screened Poisson reconstruction', () => {
  const plane = surfaceCloud(
    () => 1.5,
    () => [0, 0],
    -0.1,
    0.1,
    0.003,
  );

  it('reconstructs a plane at Z = 1.5: mean vertex Z within 0.1 mm, every vertex within 1 mm, normals up', async () => {
    const mesh = await reconstructPoisson(plane, { depth: 7 });
    const n = mesh.positions.length / 3;
    // About one vertex per lattice cell on the sampled square (h = 0.2 · 1.1 / 128).
    const cells = (0.2 / ((0.2 * 1.1) / 128)) ** 2;
    expect(n).toBeGreaterThan(0.9 * cells);
    expect(n).toBeLessThan(1.3 * cells);
    let sum = 0;
    let worst = 0;
    for (let i = 0; i < n; i++) {
      const z = mesh.positions[i * 3 + 2];
      sum += z;
      worst = Math.max(worst, Math.abs(z - 1.5));
      expect(mesh.normals?.[i * 3 + 2]).toBeLessThan(-0.9);
    }
    expect(Math.abs(sum / n - 1.5)).toBeLessThan(1e-4);
    expect(worst).toBeLessThan(1e-3);
    // The mesh covers the sampled square (to within a lattice cell) and no more.
    const xs = mesh.positions.filter((_, i) => i % 3 === 0);
    expect(Math.min(...xs)).toBeGreaterThan(-0.105);
    expect(Math.max(...xs)).toBeLessThan(0.105);
    expect(Math.min(...xs)).toBeLessThan(-0.095);
  });

  it('solves coarse to fine to a relative residual of 1e-4 and copies colours from the nearest point', async () => {
    const mesh = await reconstructPoisson(plane, { depth: 7 });
    expect(mesh.stats.levels.map((l) => l.depth)).toEqual([3, 4, 5, 6, 7]);
    for (const level of mesh.stats.levels) expect(level.residual).toBeLessThan(1e-4);
    // Colour pattern: red grows with x from 0 at x = −0.1 to 255 at x = 0.1.
    const colors = mesh.colors ?? new Uint8Array(0);
    for (let i = 0; i < mesh.positions.length / 3; i += 50) {
      expect(Math.abs(colors[i * 3] - ((mesh.positions[i * 3] + 0.1) / 0.2) * 255)).toBeLessThan(8);
    }
  });

  it('reconstructs the ci undulating ground truth (1.5 m wide, 7 mm lattice at depth 8) with median vertex distance below 1 mm', async () => {
    const scene = ciScene('undulating');
    const mesh = await reconstructPoisson(groundTruthCloud(scene, 3), { depth: 8 });
    expect(mesh.faces.length / 3).toBeGreaterThan(20_000);
    expect(medianDistanceMm(scene, mesh.positions)).toBeLessThan(1);
  });

  it('on samples too sparse for the finer lattices (clusters of 3 points 25 mm apart, 30 % left out) couples every band wall to the coarser level: each level converges in under 30 iterations, the plane within 0.15 mm (p90)', async () => {
    let seed = 7;
    const rand = (): number => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32;
    const pos: number[] = [];
    const nor: number[] = [];
    for (let y = -0.75; y <= 0.75; y += 0.025) {
      for (let x = -0.75; x <= 0.75; x += 0.025) {
        if (rand() < 0.3) continue;
        const cx = x + (rand() - 0.5) * 0.015;
        const cy = y + (rand() - 0.5) * 0.015;
        for (let c = 0; c < 3; c++) {
          pos.push(cx + (rand() - 0.5) * 1e-3, cy + (rand() - 0.5) * 1e-3, 1.5 + (rand() - 0.5) * 2e-4);
          nor.push(0, 0, -1);
        }
      }
    }
    const mesh = await reconstructPoisson({ positions: Float64Array.from(pos), normals: Float32Array.from(nor) }, { depth: 9 });
    const [coarsest, ...finer] = mesh.stats.levels;
    expect(coarsest.coupled).toBe(0);
    for (const level of finer) {
      expect(level.iterations).toBeLessThan(30);
      expect(level.coupled).toBeGreaterThan(0.25 * level.unknowns);
    }
    const dz = Array.from({ length: mesh.positions.length / 3 }, (_, i) => Math.abs(mesh.positions[i * 3 + 2] - 1.5)).sort((a, b) => a - b);
    expect(dz[Math.floor(dz.length * 0.9)]).toBeLessThan(1.5e-4);
  });

  it('on a sheet of samples finer than the lattice keeps Neumann walls above and below it: only walls across the surface (its rim) are coupled', async () => {
    const mesh = await reconstructPoisson(
      surfaceCloud(
        () => 1.5,
        () => [0, 0],
        -0.1,
        0.1,
        0.001,
      ),
      { depth: 7 },
    );
    for (const level of mesh.stats.levels.slice(1)) {
      expect(level.coupled).toBeGreaterThan(0);
      expect(level.coupled).toBeLessThan(0.1 * level.unknowns);
    }
  });

  it('on worker threads gives the same mesh and solver statistics bit for bit (splat in slabs of nodes, CG operator in node ranges)', async () => {
    // 250 k samples: above the size that goes to worker threads.
    const wavy = surfaceCloud(
      (x, y) => 1.5 + 0.01 * Math.sin(40 * x) * Math.cos(30 * y),
      (x, y) => [0.4 * Math.cos(40 * x) * Math.cos(30 * y), -0.3 * Math.sin(40 * x) * Math.sin(30 * y)],
      -0.1,
      0.1,
      0.0004,
    );
    expect(wavy.positions.length / 3).toBeGreaterThan(200_000);
    const pool = new SurfacePool(2);
    try {
      // Depth 8: the finest level has over 200 k unknowns, so CG runs on the pool too.
      const [one, two] = [await reconstructPoisson(wavy, { depth: 8 }), await reconstructPoisson(wavy, { depth: 8, workers: pool })];
      expect(two.stats.levels.at(-1)?.unknowns).toBeGreaterThan(200_000);
      expect(two.stats).toEqual(one.stats);
      expect(pool.takeActivity().length > 0).toBe(pool.isParallel);
      expect(two.positions).toEqual(one.positions);
      expect(two.faces).toEqual(one.faces);
    } finally {
      await pool.close();
    }
  });

  it('requires normals, rejects depth 0 or 11, and returns an empty mesh for an empty cloud', async () => {
    await expect(reconstructPoisson({ positions: plane.positions })).rejects.toThrow(
      expect.objectContaining({ code: 'AQM_ERR_SURFACE_NEEDS_NORMALS' }),
    );
    await expect(reconstructPoisson(plane, { depth: 11 })).rejects.toThrow(expect.objectContaining({ code: 'AQM_ERR_SURFACE_POISSON_DEPTH' }));
    await expect(reconstructPoisson(plane, { depth: 0 })).rejects.toThrow(expect.objectContaining({ code: 'AQM_ERR_SURFACE_POISSON_DEPTH' }));
    const empty = await reconstructPoisson({ positions: new Float64Array(0), normals: new Float32Array(0) });
    expect(empty.positions.length).toBe(0);
    expect(empty.faces.length).toBe(0);
  });
});
