import { shapeMismatch } from './errors.js';

/** A point cloud or triangle mesh in flat typed arrays (N vertices, M triangles). */
export interface MeshData {
  /** N×3 vertex positions. */
  readonly positions: Float32Array | Float64Array;
  /** N×3 vertex normals. */
  readonly normals?: Float32Array | Float64Array;
  /** N×3 RGB vertex colours, 0–255. */
  readonly colors?: Uint8Array;
  /** M×3 vertex indices of triangles (counter-clockwise seen from the front). */
  readonly faces?: Uint32Array;
}

/** Checks array lengths and face indices; returns the vertex and face counts. */
export function checkMesh(mesh: MeshData, target: string): { vertices: number; faces: number } {
  const { positions, normals, colors, faces } = mesh;
  if (positions.length % 3 !== 0) throw shapeMismatch(target, `positions length ${positions.length} is not a multiple of 3`);
  const n = positions.length / 3;
  if (normals && normals.length !== positions.length) {
    throw shapeMismatch(target, `normals length ${normals.length}, expected ${positions.length} (N×3)`);
  }
  if (colors && colors.length !== positions.length) {
    throw shapeMismatch(target, `colors length ${colors.length}, expected ${positions.length} (N×3)`);
  }
  if (faces) {
    if (faces.length % 3 !== 0) throw shapeMismatch(target, `faces length ${faces.length} is not a multiple of 3`);
    for (let i = 0; i < faces.length; i++) {
      if (faces[i] >= n) throw shapeMismatch(target, `face ${Math.floor(i / 3)} uses vertex ${faces[i]}, but there are ${n} vertices`);
    }
  }
  return { vertices: n, faces: faces ? faces.length / 3 : 0 };
}
