/** Points bucketed in a uniform hash grid, for radius queries. */
export class PointGrid {
  readonly #cell: number;
  readonly #buckets = new Map<string, number[]>();
  readonly #points: Float64Array;

  constructor(points: Float64Array, cell: number) {
    this.#cell = cell;
    this.#points = points;
    for (let i = 0; i < points.length / 3; i++) {
      const key = this.#key(Math.floor(points[i * 3] / cell), Math.floor(points[i * 3 + 1] / cell), Math.floor(points[i * 3 + 2] / cell));
      const bucket = this.#buckets.get(key);
      if (bucket === undefined) this.#buckets.set(key, [i]);
      else bucket.push(i);
    }
  }

  #key(x: number, y: number, z: number): string {
    return `${x},${y},${z}`;
  }

  /** Indices of the at most `maxNn` nearest points within `radius` (≤ cell size) of point `i`, nearest first (incl. `i`). */
  neighbours(i: number, radius: number, maxNn: number): number[] {
    const p = this.#points;
    const x = p[i * 3];
    const y = p[i * 3 + 1];
    const z = p[i * 3 + 2];
    const c = this.#cell;
    const cx = Math.floor(x / c);
    const cy = Math.floor(y / c);
    const cz = Math.floor(z / c);
    const r2 = radius * radius;
    const found: { j: number; d: number }[] = [];
    for (let dx = -1; dx <= 1; dx++) {
      for (let dy = -1; dy <= 1; dy++) {
        for (let dz = -1; dz <= 1; dz++) {
          const bucket = this.#buckets.get(this.#key(cx + dx, cy + dy, cz + dz));
          if (bucket === undefined) continue;
          for (const j of bucket) {
            const ex = p[j * 3] - x;
            const ey = p[j * 3 + 1] - y;
            const ez = p[j * 3 + 2] - z;
            const d = ex * ex + ey * ey + ez * ez;
            if (d <= r2) found.push({ j, d });
          }
        }
      }
    }
    found.sort((a, b) => a.d - b.d || a.j - b.j);
    return found.slice(0, maxNn).map((f) => f.j);
  }
}
