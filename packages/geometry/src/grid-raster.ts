/** A regular XY grid: node (i, j) lies at `(x0 + i·resolution, y0 + j·resolution)`, row-major (rows of nx nodes). */
export interface GridSpec {
  readonly x0: number;
  readonly y0: number;
  readonly nx: number;
  readonly ny: number;
  readonly resolution: number;
}

/** Called for a grid node inside triangle (a, b, c) with its barycentric weights. */
export type GridNodeVisitor = (node: number, a: number, b: number, c: number, wa: number, wb: number, wc: number) => void;

/**
 * Visits every grid node that lies in a triangle of `triangles` (vertex indices into the XY `coords`, e.g. a Delaunay
 * triangulation), with its barycentric weights: linear interpolation of per-vertex values onto a grid (scipy
 * `griddata(method='linear')`) in O(triangles + nodes). Triangles with an XY edge longer than `maxEdge` are skipped.
 * @example
 * forEachGridNode(coords, new Delaunator(coords).triangles, grid, (g, a, b, c, wa, wb, wc) => (z[g] = wa * za[a] + wb * za[b] + wc * za[c]));
 */
export function forEachGridNode(
  coords: Float64Array,
  triangles: ArrayLike<number>,
  grid: GridSpec,
  visit: GridNodeVisitor,
  maxEdge: number = Infinity,
): void {
  const { x0, y0, nx, ny, resolution: res } = grid;
  const maxEdge2 = maxEdge * maxEdge;
  for (let t = 0; t + 2 < triangles.length; t += 3) {
    const a = triangles[t],
      b = triangles[t + 1],
      c = triangles[t + 2];
    const ax = coords[a * 2],
      ay = coords[a * 2 + 1];
    const bx = coords[b * 2],
      by = coords[b * 2 + 1];
    const cx = coords[c * 2],
      cy = coords[c * 2 + 1];
    if (maxEdge2 < Infinity && Math.max((ax - bx) ** 2 + (ay - by) ** 2, (bx - cx) ** 2 + (by - cy) ** 2, (cx - ax) ** 2 + (cy - ay) ** 2) > maxEdge2)
      continue;
    const det = (by - cy) * (ax - cx) + (cx - bx) * (ay - cy);
    if (det === 0) continue;
    const eps = 1e-12 * Math.abs(det);
    const i0 = Math.max(0, Math.ceil((Math.min(ax, bx, cx) - x0) / res - 1e-9));
    const i1 = Math.min(nx - 1, Math.floor((Math.max(ax, bx, cx) - x0) / res + 1e-9));
    const j0 = Math.max(0, Math.ceil((Math.min(ay, by, cy) - y0) / res - 1e-9));
    const j1 = Math.min(ny - 1, Math.floor((Math.max(ay, by, cy) - y0) / res + 1e-9));
    for (let j = j0; j <= j1; j++) {
      const gy = y0 + j * res;
      for (let i = i0; i <= i1; i++) {
        const gx = x0 + i * res;
        const wa = ((by - cy) * (gx - cx) + (cx - bx) * (gy - cy)) / det;
        const wb = ((cy - ay) * (gx - cx) + (ax - cx) * (gy - cy)) / det;
        const wc = 1 - wa - wb;
        if (wa < -eps || wb < -eps || wc < -eps) continue;
        visit(j * nx + i, a, b, c, wa, wb, wc);
      }
    }
  }
}
