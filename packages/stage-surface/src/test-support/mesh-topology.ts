/** Edge and face counts that say whether a triangle mesh is a clean oriented 2-manifold (with border). */
export interface MeshTopology {
  /** Edges used by more than two faces. */
  readonly nonManifoldEdges: number;
  /** Edges two faces walk in the same direction (inconsistent winding). */
  readonly misorientedEdges: number;
  /** Faces with the same three vertices as an earlier face. */
  readonly duplicateFaces: number;
  /** Faces with a repeated vertex. */
  readonly degenerateFaces: number;
  /** Edges of exactly one face. */
  readonly borderEdges: number;
  /** Closed loops the border edges form (outer rim + one per hole). */
  readonly borderLoops: number;
}

export function meshTopology(faces: Uint32Array): MeshTopology {
  const directed = new Map<string, number>();
  const undirected = new Map<string, number>();
  const seen = new Set<string>();
  let duplicateFaces = 0;
  let degenerateFaces = 0;
  for (let f = 0; f < faces.length; f += 3) {
    const tri = [faces[f], faces[f + 1], faces[f + 2]];
    if (tri[0] === tri[1] || tri[1] === tri[2] || tri[0] === tri[2]) degenerateFaces++;
    const key = [...tri].sort((a, b) => a - b).join(',');
    if (seen.has(key)) duplicateFaces++;
    seen.add(key);
    for (let k = 0; k < 3; k++) {
      const a = tri[k];
      const b = tri[(k + 1) % 3];
      directed.set(`${a}>${b}`, (directed.get(`${a}>${b}`) ?? 0) + 1);
      const u = a < b ? `${a},${b}` : `${b},${a}`;
      undirected.set(u, (undirected.get(u) ?? 0) + 1);
    }
  }
  let nonManifoldEdges = 0;
  let borderEdges = 0;
  for (const uses of undirected.values()) {
    if (uses > 2) nonManifoldEdges++;
    if (uses === 1) borderEdges++;
  }
  let misorientedEdges = 0;
  for (const uses of directed.values()) if (uses > 1) misorientedEdges++;
  // Border loops: connected components of the border-edge graph.
  const parent = new Map<number, number>();
  const root = (v: number): number => {
    let r = v;
    while (parent.get(r) !== r) r = parent.get(r) as number;
    parent.set(v, r);
    return r;
  };
  for (const [key, uses] of undirected) {
    if (uses !== 1) continue;
    const [a, b] = key.split(',').map(Number);
    for (const v of [a, b]) if (!parent.has(v)) parent.set(v, v);
    parent.set(root(a), root(b));
  }
  let borderLoops = 0;
  for (const v of parent.keys()) if (root(v) === v) borderLoops++;
  return { nonManifoldEdges, misorientedEdges, duplicateFaces, degenerateFaces, borderEdges, borderLoops };
}
