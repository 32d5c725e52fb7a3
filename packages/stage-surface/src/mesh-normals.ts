/**
 * Vertex normals like Open3D `compute_vertex_normals`: the sum of the (area-weighted, unnormalised) normals of the
 * faces around each vertex, normalised; isolated vertices get (0, 0, 0).
 */
export function computeVertexNormals(positions: Float64Array, faces: Uint32Array): Float32Array {
  const n = Math.floor(positions.length / 3);
  const acc = new Float64Array(n * 3);
  for (let f = 0; f < faces.length; f += 3) {
    const a = faces[f] * 3;
    const b = faces[f + 1] * 3;
    const c = faces[f + 2] * 3;
    const ux = positions[b] - positions[a],
      uy = positions[b + 1] - positions[a + 1],
      uz = positions[b + 2] - positions[a + 2];
    const vx = positions[c] - positions[a],
      vy = positions[c + 1] - positions[a + 1],
      vz = positions[c + 2] - positions[a + 2];
    const nx = uy * vz - uz * vy;
    const ny = uz * vx - ux * vz;
    const nz = ux * vy - uy * vx;
    for (const v of [a, b, c]) {
      acc[v] += nx;
      acc[v + 1] += ny;
      acc[v + 2] += nz;
    }
  }
  const normals = new Float32Array(n * 3);
  for (let v = 0; v < n; v++) {
    const l = Math.hypot(acc[v * 3], acc[v * 3 + 1], acc[v * 3 + 2]);
    if (l > 0) for (let k = 0; k < 3; k++) normals[v * 3 + k] = acc[v * 3 + k] / l;
  }
  return normals;
}
