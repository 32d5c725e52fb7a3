import type { SurfaceMesh } from '@aquamvs/core';
import { MeshoptSimplifier } from 'meshoptimizer/simplifier';
import { computeVertexNormals } from './mesh-normals.js';

/**
 * Simplifies a mesh to about `targetFaces` triangles with meshoptimizer's quadric-error simplifier (the counterpart
 * of Open3D `simplify_quadric_decimation`), then drops unused vertices and recomputes normals. Colours are carried
 * per kept vertex. Returns the mesh unchanged when it already has no more faces than the target.
 */
export async function decimateMesh(mesh: SurfaceMesh, targetFaces: number): Promise<SurfaceMesh> {
  const faceCount = mesh.faces.length / 3;
  if (faceCount <= targetFaces) return mesh;
  await MeshoptSimplifier.ready;
  const positions32 = Float32Array.from(mesh.positions);
  const [indices] = MeshoptSimplifier.simplify(mesh.faces, positions32, 3, targetFaces * 3, 1, ['ErrorAbsolute']);
  const n = mesh.positions.length / 3;
  const remap = new Int32Array(n).fill(-1);
  let count = 0;
  for (const v of indices) if (remap[v] < 0) remap[v] = count++;
  const positions = new Float64Array(count * 3);
  const colors = mesh.colors ? new Uint8Array(count * 3) : undefined;
  for (let v = 0; v < n; v++) {
    const r = remap[v];
    if (r < 0) continue;
    positions.set(mesh.positions.subarray(v * 3, v * 3 + 3), r * 3);
    if (colors && mesh.colors) colors.set(mesh.colors.subarray(v * 3, v * 3 + 3), r * 3);
  }
  const faces = Uint32Array.from(indices, (v) => remap[v]);
  const out: SurfaceMesh = { positions, faces, normals: computeVertexNormals(positions, faces) };
  return colors ? { ...out, colors } : out;
}
