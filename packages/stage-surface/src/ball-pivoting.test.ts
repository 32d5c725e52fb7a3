import { describe, expect, it } from 'vitest';
import type { PointCloud, SurfaceMesh } from '@aquamvs/core';
import { defaultBallRadii, reconstructBallPivoting } from './ball-pivoting.js';
import { ciScene, groundTruthCloud, medianDistanceMm, surfaceCloud } from './test-support/clouds.js';
import { meshTopology } from './test-support/mesh-topology.js';

/** Faces whose winding normal points against one of its corners' cloud normals. */
function facesAgainstNormals(mesh: SurfaceMesh, cloud: PointCloud): number {
  const { positions: p, faces } = mesh;
  const normalOf = new Map<string, number[]>();
  for (let i = 0; i < cloud.positions.length / 3; i++)
    normalOf.set(Array.from(cloud.positions.subarray(i * 3, i * 3 + 3)).join(), Array.from(cloud.normals?.subarray(i * 3, i * 3 + 3) ?? []));
  let against = 0;
  for (let f = 0; f < faces.length; f += 3) {
    const [a, b, c] = [faces[f] * 3, faces[f + 1] * 3, faces[f + 2] * 3];
    const u = [p[b] - p[a], p[b + 1] - p[a + 1], p[b + 2] - p[a + 2]];
    const v = [p[c] - p[a], p[c + 1] - p[a + 1], p[c + 2] - p[a + 2]];
    const n = [u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0]];
    for (const w of [a, b, c]) {
      const pn = normalOf.get(Array.from(p.subarray(w, w + 3)).join()) as number[];
      if (n[0] * pn[0] + n[1] * pn[1] + n[2] * pn[2] <= 0) against++;
    }
  }
  return against;
}

describe('ball pivoting', () => {
  it('meshes a jittered plane with a 2 cm hole into an oriented manifold with exactly two borders, using every point', () => {
    const full = surfaceCloud(
      () => 1.5,
      () => [0, 0],
      -0.05,
      0.05,
      0.002,
    );
    const keep: number[] = [];
    for (let i = 0; i < full.positions.length / 3; i++) if (Math.hypot(full.positions[i * 3], full.positions[i * 3 + 1]) > 0.02) keep.push(i);
    const pick = (a: ArrayLike<number>): number[] => keep.flatMap((i) => [a[i * 3], a[i * 3 + 1], a[i * 3 + 2]]);
    const cloud = {
      positions: Float64Array.from(pick(full.positions)),
      normals: Float32Array.from(pick(full.normals ?? [])),
      colors: Uint8Array.from(pick(full.colors ?? [])),
    };
    const mesh = reconstructBallPivoting(cloud);
    expect(mesh.stats.unusedPoints).toBe(0);
    expect(mesh.positions.length).toBe(cloud.positions.length);
    expect(meshTopology(mesh.faces)).toMatchObject({
      nonManifoldEdges: 0,
      misorientedEdges: 0,
      duplicateFaces: 0,
      degenerateFaces: 0,
      borderLoops: 2,
    });
    // A closed disc with one hole: V − E + F = 0.
    const edges = ((3 * mesh.faces.length) / 3 + meshTopology(mesh.faces).borderEdges) / 2;
    expect(mesh.positions.length / 3 - edges + mesh.faces.length / 3).toBe(0);
    expect(facesAgainstNormals(mesh, cloud)).toBe(0);
    // Vertices keep their points' colours and get normals from the faces (up is −Z here).
    expect(Array.from(mesh.colors ?? [])).toEqual(Array.from(cloud.colors));
    for (let v = 0; v < mesh.positions.length / 3; v++) expect(mesh.normals?.[v * 3 + 2]).toBeCloseTo(-1, 6);
  });

  for (const [name, holes] of [
    ['flat', 0],
    ['undulating', 10],
  ] as const) {
    it(`meshes the ci ${name} ground truth (4 overlapping camera grids): clean manifold, ≥ 99.9 % of points, at most ${holes} holes`, () => {
      const scene = ciScene(name);
      const cloud = groundTruthCloud(scene, 3);
      const mesh = reconstructBallPivoting(cloud);
      const topology = meshTopology(mesh.faces);
      expect(topology).toMatchObject({ nonManifoldEdges: 0, misorientedEdges: 0, duplicateFaces: 0, degenerateFaces: 0 });
      expect(topology.borderLoops - 1).toBeLessThanOrEqual(holes);
      expect(mesh.stats.unusedPoints).toBeLessThan(cloud.positions.length / 3 / 1000);
      expect(mesh.faces.length / 3).toBeGreaterThan(1.9 * (mesh.positions.length / 3));
      expect(medianDistanceMm(scene, mesh.positions)).toBeLessThan(0.01);
      expect(facesAgainstNormals(mesh, cloud)).toBe(0);
    });
  }

  it('takes [1, 2, 4] × the mean nearest-neighbour distance as radii by default, or the given radii smallest first', () => {
    const grid = surfaceCloud(
      () => 1,
      () => [0, 0],
      0,
      0.04,
      0.002,
    );
    const exact = Float64Array.from({ length: 21 * 21 * 3 }, (_, k) =>
      k % 3 === 2 ? 1 : (k % 3 === 0 ? Math.floor(k / 3) % 21 : Math.floor(k / 63)) * 0.002,
    );
    const radii = defaultBallRadii(exact);
    [2, 4, 8].forEach((mm, i) => expect(radii[i] * 1000).toBeCloseTo(mm, 9));
    expect(reconstructBallPivoting(grid, { radii: [0.006, 0.003] }).stats.radii).toEqual([0.003, 0.006]);
  });

  it('averages the cloud into voxels first when asked, and rejects bad radii, a cloud without normals; empty in, empty out', () => {
    // 60 × 60 points 1 mm apart (x, y = 0.5 … 59.5 mm) make 20 × 20 voxels of 3 mm, each averaged to its centre.
    const positions = Float64Array.from({ length: 3600 * 3 }, (_, k) =>
      k % 3 === 2 ? 1 : ((k % 3 === 0 ? Math.floor(k / 3) % 60 : Math.floor(k / 180)) + 0.5) * 0.001,
    );
    const fine = { positions, normals: Float32Array.from({ length: 3600 * 3 }, (_, k) => (k % 3 === 2 ? -1 : 0)) };
    const mesh = reconstructBallPivoting(fine, { voxel: 0.003 });
    expect(mesh.positions.length / 3 + mesh.stats.unusedPoints).toBe(400);
    for (let k = 0; k < mesh.positions.length; k++) {
      if (k % 3 === 2) expect(mesh.positions[k]).toBe(1);
      else expect((mesh.positions[k] * 1000 - 1.5) / 3).toBeCloseTo(Math.round((mesh.positions[k] * 1000 - 1.5) / 3), 9);
    }
    expect(meshTopology(mesh.faces)).toMatchObject({ nonManifoldEdges: 0, borderLoops: 1 });
    expect(() => reconstructBallPivoting(fine, { radii: [] })).toThrow(expect.objectContaining({ code: 'AQM_ERR_SURFACE_BALL_RADII' }));
    expect(() => reconstructBallPivoting(fine, { radii: [0.002, -1] })).toThrow(expect.objectContaining({ code: 'AQM_ERR_SURFACE_BALL_RADII' }));
    expect(() => reconstructBallPivoting({ positions: fine.positions })).toThrow(expect.objectContaining({ code: 'AQM_ERR_SURFACE_NEEDS_NORMALS' }));
    const empty = reconstructBallPivoting({ positions: new Float64Array(0), normals: new Float32Array(0) });
    expect([empty.positions.length, empty.faces.length]).toEqual([0, 0]);
  });
});
