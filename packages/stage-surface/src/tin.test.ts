import { describe, expect, it } from 'vitest';
import { reconstructTin } from './tin.js';
import { ciScene, groundTruthCloud, medianDistanceMm, surfaceCloud } from './test-support/clouds.js';
import { meshTopology } from './test-support/mesh-topology.js';

describe('triangulated irregular network (tin)', () => {
  it('makes every point a vertex of a consistently wound, manifold triangulation with normals up and the points own colours', () => {
    const f = (x: number, y: number): number => 1.5 + 0.01 * Math.sin(x * 40) * Math.cos(y * 30);
    const cloud = surfaceCloud(f, () => [0, 0], -0.1, 0.1, 0.01);
    const n = cloud.positions.length / 3;
    const mesh = reconstructTin(cloud);
    expect(mesh.positions.length / 3).toBe(n);
    // A jittered grid's Delaunay triangulation: about two triangles per point.
    expect(mesh.faces.length / 3).toBeGreaterThan(1.8 * n);
    expect(meshTopology(mesh.faces)).toMatchObject({ nonManifoldEdges: 0, misorientedEdges: 0, duplicateFaces: 0, degenerateFaces: 0 });
    const points = new Map<string, number>();
    for (let i = 0; i < n; i++) points.set(`${cloud.positions[i * 3]},${cloud.positions[i * 3 + 1]}`, i);
    for (let v = 0; v < n; v++) {
      const i = points.get(`${mesh.positions[v * 3]},${mesh.positions[v * 3 + 1]}`) ?? -1;
      expect(mesh.positions[v * 3 + 2]).toBe(cloud.positions[i * 3 + 2]);
      expect(Array.from(mesh.colors?.subarray(v * 3, v * 3 + 3) ?? [])).toEqual(Array.from(cloud.colors?.subarray(i * 3, i * 3 + 3) ?? []));
      expect(mesh.normals?.[v * 3 + 2]).toBeLessThan(0);
    }
  });

  it('leaves out triangles with an edge past 5 × the median, so a gap in the cloud stays open (Infinity keeps the hull)', () => {
    const cloud = surfaceCloud(
      () => 1.5,
      () => [0, 0],
      -0.1,
      0.1,
      0.005,
    );
    const n = cloud.positions.length / 3;
    const keep = Array.from({ length: n }, (_, i) => i).filter((i) => Math.hypot(cloud.positions[i * 3], cloud.positions[i * 3 + 1]) > 0.04);
    const holed = { positions: Float64Array.from(keep.flatMap((i) => [0, 1, 2].map((k) => cloud.positions[i * 3 + k]))) };
    const covers = (mesh: { positions: Float64Array; faces: Uint32Array }): boolean => {
      for (let t = 0; t < mesh.faces.length; t += 3) {
        const [a, b, c] = [mesh.faces[t], mesh.faces[t + 1], mesh.faces[t + 2]].map((v) => [mesh.positions[v * 3], mesh.positions[v * 3 + 1]]);
        const side = (p: number[], q: number[]): number => (q[0] - p[0]) * -p[1] - (q[1] - p[1]) * -p[0];
        const s = [side(a, b), side(b, c), side(c, a)];
        if (s.every((v) => v >= 0) || s.every((v) => v <= 0)) return true;
      }
      return false;
    };
    expect(covers(reconstructTin(holed))).toBe(false);
    expect(covers(reconstructTin(holed, { maxEdgeFactor: Infinity }))).toBe(true);
  });

  it('meshes the ci undulating ground truth (every 8th pixel) with median vertex distance below 0.01 mm; averaged into 3 mm voxels below 0.3 mm', () => {
    const scene = ciScene('undulating');
    const cloud = groundTruthCloud(scene, 8);
    expect(medianDistanceMm(scene, reconstructTin(cloud).positions)).toBeLessThan(0.01);
    const averaged = reconstructTin(cloud, { voxel: 0.003 });
    expect(averaged.positions.length).toBeLessThan(0.99 * cloud.positions.length);
    expect(medianDistanceMm(scene, averaged.positions)).toBeLessThan(0.3);
  });

  it('needs three points; an empty cloud gives an empty mesh', () => {
    expect(() => reconstructTin({ positions: Float64Array.from([0, 0, 1, 1, 0, 1]) })).toThrow(
      expect.objectContaining({ code: 'AQM_ERR_SURFACE_TOO_FEW_POINTS' }),
    );
    expect(reconstructTin({ positions: new Float64Array(0) }).faces.length).toBe(0);
  });
});
