/** A point cloud or mesh prepared for the browser viewer (positions as float32). */
export interface ViewerGeometry {
  readonly positions: Float32Array;
  readonly colors?: Uint8Array;
  readonly normals?: Float32Array;
  readonly faces?: Uint32Array;
}

/** Keeps at most `max` points, evenly strided (order preserved); per-point arrays follow. */
export function decimatePoints(
  cloud: { positions: ArrayLike<number>; colors?: Uint8Array | undefined; normals?: ArrayLike<number> | undefined },
  max: number,
): ViewerGeometry & { indices: Uint32Array } {
  const n = Math.floor(cloud.positions.length / 3);
  const keep = Math.min(n, Math.max(0, Math.floor(max)));
  const indices = new Uint32Array(keep);
  for (let i = 0; i < keep; i++) indices[i] = Math.floor((i * n) / keep);
  const positions = new Float32Array(3 * keep);
  const colors = cloud.colors ? new Uint8Array(3 * keep) : undefined;
  const normals = cloud.normals ? new Float32Array(3 * keep) : undefined;
  for (let i = 0; i < keep; i++) {
    const s = indices[i];
    for (let k = 0; k < 3; k++) {
      positions[3 * i + k] = cloud.positions[3 * s + k];
      if (colors) colors[3 * i + k] = (cloud.colors as Uint8Array)[3 * s + k];
      if (normals) normals[3 * i + k] = (cloud.normals as ArrayLike<number>)[3 * s + k];
    }
  }
  return { positions, indices, ...(colors ? { colors } : {}), ...(normals ? { normals } : {}) };
}

/**
 * Vertex-clustering decimation to at most `maxFaces` triangles: vertices are snapped to a cubic grid (cell size
 * grown by √2 until the face count fits), each cell becomes one vertex with the mean position, colour and normal
 * of its members, and faces that collapse or repeat are dropped. Robust on any triangle soup.
 */
export function decimateMesh(
  mesh: { positions: ArrayLike<number>; colors?: Uint8Array | undefined; normals?: ArrayLike<number> | undefined; faces: Uint32Array },
  maxFaces: number,
): ViewerGeometry & { faces: Uint32Array } {
  const n = Math.floor(mesh.positions.length / 3);
  if (mesh.faces.length / 3 <= maxFaces) {
    return {
      positions: Float32Array.from(mesh.positions),
      faces: mesh.faces,
      ...(mesh.colors ? { colors: mesh.colors } : {}),
      ...(mesh.normals ? { normals: Float32Array.from(mesh.normals) } : {}),
    };
  }
  const min = [Infinity, Infinity, Infinity];
  const max = [-Infinity, -Infinity, -Infinity];
  for (let i = 0; i < 3 * n; i++) {
    const v = mesh.positions[i];
    if (v < min[i % 3]) min[i % 3] = v;
    if (v > max[i % 3]) max[i % 3] = v;
  }
  const area = Math.max((max[0] - min[0]) * (max[1] - min[1]), (max[0] - min[0]) * (max[2] - min[2]), (max[1] - min[1]) * (max[2] - min[2]), 1e-12);
  let cell = Math.sqrt(area / Math.max(1, maxFaces / 2));
  for (;;) {
    const result = clusterOnce(mesh, n, min, cell);
    if (result.faces.length / 3 <= maxFaces) return result;
    cell *= Math.SQRT2;
  }
}

function clusterOnce(
  mesh: { positions: ArrayLike<number>; colors?: Uint8Array | undefined; normals?: ArrayLike<number> | undefined; faces: Uint32Array },
  n: number,
  min: readonly number[],
  cell: number,
): ViewerGeometry & { faces: Uint32Array } {
  const cellOf = new Map<string, number>();
  const remap = new Uint32Array(n);
  const sums: number[] = [];
  for (let i = 0; i < n; i++) {
    const key = `${Math.floor((mesh.positions[3 * i] - min[0]) / cell)},${Math.floor((mesh.positions[3 * i + 1] - min[1]) / cell)},${Math.floor((mesh.positions[3 * i + 2] - min[2]) / cell)}`;
    let id = cellOf.get(key);
    if (id === undefined) {
      id = cellOf.size;
      cellOf.set(key, id);
      for (let k = 0; k < 10; k++) sums.push(0);
    }
    remap[i] = id;
    const o = 10 * id;
    for (let k = 0; k < 3; k++) {
      sums[o + k] += mesh.positions[3 * i + k];
      if (mesh.colors) sums[o + 3 + k] += mesh.colors[3 * i + k];
      if (mesh.normals) sums[o + 6 + k] += mesh.normals[3 * i + k];
    }
    sums[o + 9] += 1;
  }
  const m = cellOf.size;
  const positions = new Float32Array(3 * m);
  const colors = mesh.colors ? new Uint8Array(3 * m) : undefined;
  const normals = mesh.normals ? new Float32Array(3 * m) : undefined;
  for (let c = 0; c < m; c++) {
    const o = 10 * c;
    const count = sums[o + 9];
    const nl = Math.hypot(sums[o + 6], sums[o + 7], sums[o + 8]) || 1;
    for (let k = 0; k < 3; k++) {
      positions[3 * c + k] = sums[o + k] / count;
      if (colors) colors[3 * c + k] = Math.round(sums[o + 3 + k] / count);
      if (normals) normals[3 * c + k] = sums[o + 6 + k] / nl;
    }
  }
  const seen = new Set<string>();
  const faces: number[] = [];
  for (let f = 0; f < mesh.faces.length; f += 3) {
    const a = remap[mesh.faces[f]];
    const b = remap[mesh.faces[f + 1]];
    const c = remap[mesh.faces[f + 2]];
    if (a === b || b === c || a === c) continue;
    const key = [a, b, c].sort((x, y) => x - y).join(',');
    if (seen.has(key)) continue;
    seen.add(key);
    faces.push(a, b, c);
  }
  return { positions, faces: Uint32Array.from(faces), ...(colors ? { colors } : {}), ...(normals ? { normals } : {}) };
}
