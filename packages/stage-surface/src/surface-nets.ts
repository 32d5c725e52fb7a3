import type { PoissonLevel } from './poisson-level.js';

/** Vertices (lattice units) and triangles of an iso-surface, with the lattice cell of each vertex. */
export interface IsoSurface {
  /** N×3 vertex positions in lattice units. */
  readonly vertices: Float64Array;
  readonly faces: Uint32Array;
  /** Per vertex: sum of the screening mass at its cell's corners (sample density). */
  readonly density: Float64Array;
}

const EDGES = [
  [0, 1],
  [2, 3],
  [4, 5],
  [6, 7],
  [0, 2],
  [1, 3],
  [4, 6],
  [5, 7],
  [0, 4],
  [1, 5],
  [2, 6],
  [3, 7],
] as const;

/**
 * Surface nets on the level's active cells: one vertex per cell whose corners straddle `iso` (the mean of the edge
 * crossings), one quad (two triangles) per straddling lattice edge whose four surrounding cells have vertices,
 * wound so that the face normals point towards increasing `values`. Only cells with sample mass at a corner get a
 * vertex, so the surface stops within a cell of the samples instead of closing around the band.
 */
export function surfaceNets(level: PoissonLevel, values: Float64Array, iso: number): IsoSurface {
  const { lattice, neighbors: nb, mass } = level;
  const r = lattice.r;
  const keys = lattice.keys;
  const m = lattice.size;
  const cellVertex = new Int32Array(m).fill(-1);
  const verts: number[] = [];
  const density: number[] = [];
  const corner = new Int32Array(8);
  const val = new Float64Array(8);
  for (let a = 0; a < m; a++) {
    const x1 = nb[a * 6 + 1];
    const y1 = nb[a * 6 + 3];
    const z1 = nb[a * 6 + 5];
    if (x1 < 0 || y1 < 0 || z1 < 0) continue;
    const xy = nb[x1 * 6 + 3];
    const xz = nb[x1 * 6 + 5];
    const yz = nb[y1 * 6 + 5];
    if (xy < 0 || xz < 0 || yz < 0) continue;
    const xyz = nb[xy * 6 + 5];
    if (xyz < 0) continue;
    corner[0] = a;
    corner[1] = x1;
    corner[2] = y1;
    corner[3] = xy;
    corner[4] = z1;
    corner[5] = xz;
    corner[6] = yz;
    corner[7] = xyz;
    let pos = 0;
    let dens = 0;
    for (let c = 0; c < 8; c++) {
      val[c] = values[corner[c]] - iso;
      if (val[c] >= 0) pos++;
      dens += mass[corner[c]];
    }
    if (pos === 0 || pos === 8 || dens === 0) continue;
    let sx = 0,
      sy = 0,
      sz = 0,
      cnt = 0;
    for (const [p, q] of EDGES) {
      if (val[p] >= 0 === val[q] >= 0) continue;
      const t = val[p] / (val[p] - val[q]);
      sx += (p & 1) + t * ((q & 1) - (p & 1));
      sy += ((p >> 1) & 1) + t * (((q >> 1) & 1) - ((p >> 1) & 1));
      sz += (p >> 2) + t * ((q >> 2) - (p >> 2));
      cnt++;
    }
    const key = keys[a];
    cellVertex[a] = verts.length / 3;
    verts.push((key % r) + sx / cnt, (Math.floor(key / r) % r) + sy / cnt, Math.floor(key / (r * r)) + sz / cnt);
    density.push(dens);
  }
  const faces: number[] = [];
  for (let a = 0; a < m; a++) {
    const key = keys[a];
    const i = key % r;
    const j = Math.floor(key / r) % r;
    const k = Math.floor(key / (r * r));
    for (let axis = 0; axis < 3; axis++) {
      const b = nb[a * 6 + 2 * axis + 1];
      if (b < 0) continue;
      const up = values[b] - iso >= 0;
      if (values[a] - iso >= 0 === up) continue;
      // The four cells around the edge, in counter-clockwise order about +axis.
      let c00: number, c10: number, c11: number, c01: number;
      if (axis === 0) {
        c00 = lattice.rankOf(i, j - 1, k - 1);
        c10 = lattice.rankOf(i, j, k - 1);
        c11 = a;
        c01 = lattice.rankOf(i, j - 1, k);
      } else if (axis === 1) {
        c00 = lattice.rankOf(i - 1, j, k - 1);
        c10 = lattice.rankOf(i - 1, j, k);
        c11 = a;
        c01 = lattice.rankOf(i, j, k - 1);
      } else {
        c00 = lattice.rankOf(i - 1, j - 1, k);
        c10 = lattice.rankOf(i, j - 1, k);
        c11 = a;
        c01 = lattice.rankOf(i - 1, j, k);
      }
      if (c00 < 0 || c10 < 0 || c01 < 0) continue;
      const v00 = cellVertex[c00],
        v10 = cellVertex[c10],
        v11 = cellVertex[c11],
        v01 = cellVertex[c01];
      if (v00 < 0 || v10 < 0 || v11 < 0 || v01 < 0) continue;
      if (up) faces.push(v00, v10, v11, v00, v11, v01);
      else faces.push(v00, v11, v10, v00, v01, v11);
    }
  }
  return { vertices: Float64Array.from(verts), faces: Uint32Array.from(faces), density: Float64Array.from(density) };
}
