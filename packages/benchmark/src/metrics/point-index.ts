/** Nearest-neighbour queries over a 3-D point set (bounded radius). */
export interface PointIndex {
  /** Distance from `(x, y, z)` to the nearest indexed point if it is ≤ `maxDistance`, else `Infinity`. */
  nearestDistance(x: number, y: number, z: number, maxDistance: number): number;
}

/**
 * Indexes N×3 points in a 2-D grid over (x, y) (the clouds here are 2.5-D surfaces) with cells of `cellSize`
 * metres (enlarged if the grid would exceed 16 M cells); queries scan the cells within `maxDistance`.
 * Non-finite points are ignored.
 */
export function createPointIndex(points: Float64Array, cellSize: number): PointIndex {
  const n = Math.floor(points.length / 3);
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (let i = 0; i < n; i++) {
    const x = points[i * 3];
    const y = points[i * 3 + 1];
    if (!Number.isFinite(x) || !Number.isFinite(y) || !Number.isFinite(points[i * 3 + 2])) continue;
    if (x < x0) x0 = x;
    if (x > x1) x1 = x;
    if (y < y0) y0 = y;
    if (y > y1) y1 = y;
  }
  if (!(x1 >= x0)) return { nearestDistance: () => Infinity };
  let cell = cellSize;
  while (((x1 - x0) / cell + 1) * ((y1 - y0) / cell + 1) > 16e6) cell *= 2;
  const nx = Math.floor((x1 - x0) / cell) + 1;
  const ny = Math.floor((y1 - y0) / cell) + 1;
  const cellOf = new Int32Array(n).fill(-1);
  const start = new Int32Array(nx * ny + 1);
  for (let i = 0; i < n; i++) {
    const x = points[i * 3];
    const y = points[i * 3 + 1];
    if (!Number.isFinite(x) || !Number.isFinite(y) || !Number.isFinite(points[i * 3 + 2])) continue;
    const c = Math.floor((y - y0) / cell) * nx + Math.floor((x - x0) / cell);
    cellOf[i] = c;
    start[c + 1]++;
  }
  for (let c = 0; c < nx * ny; c++) start[c + 1] += start[c];
  const fill = start.slice(0, nx * ny);
  const sorted = new Float64Array(start[nx * ny] * 3);
  for (let i = 0; i < n; i++) {
    const c = cellOf[i];
    if (c < 0) continue;
    const k = fill[c]++;
    sorted[k * 3] = points[i * 3];
    sorted[k * 3 + 1] = points[i * 3 + 1];
    sorted[k * 3 + 2] = points[i * 3 + 2];
  }
  return {
    nearestDistance(x, y, z, maxDistance) {
      const cx0 = Math.max(0, Math.floor((x - maxDistance - x0) / cell));
      const cx1 = Math.min(nx - 1, Math.floor((x + maxDistance - x0) / cell));
      const cy0 = Math.max(0, Math.floor((y - maxDistance - y0) / cell));
      const cy1 = Math.min(ny - 1, Math.floor((y + maxDistance - y0) / cell));
      let best = maxDistance * maxDistance;
      let found = false;
      for (let cy = cy0; cy <= cy1; cy++) {
        for (let cx = cx0; cx <= cx1; cx++) {
          const c = cy * nx + cx;
          for (let k = start[c]; k < start[c + 1]; k++) {
            const dx = sorted[k * 3] - x;
            const dy = sorted[k * 3 + 1] - y;
            const dz = sorted[k * 3 + 2] - z;
            const d2 = dx * dx + dy * dy + dz * dz;
            if (d2 <= best) {
              best = d2;
              found = true;
            }
          }
        }
      }
      return found ? Math.sqrt(best) : Infinity;
    },
  };
}
