/** Keypoints bucketed in square cells, for finding those near a curve. */
export class KeypointGrid {
  readonly cell: number;
  readonly cols: number;
  readonly rows: number;
  readonly #start: Int32Array;
  readonly #items: Int32Array;
  readonly #points: Float64Array;

  constructor(points: Float64Array, width: number, height: number, cell: number) {
    this.cell = cell;
    this.cols = Math.max(1, Math.ceil(width / cell));
    this.rows = Math.max(1, Math.ceil(height / cell));
    const n = points.length / 2;
    const cellOf = new Int32Array(n);
    const counts = new Int32Array(this.cols * this.rows + 1);
    for (let i = 0; i < n; i++) {
      const cx = Math.min(this.cols - 1, Math.max(0, Math.floor(points[i * 2] / cell)));
      const cy = Math.min(this.rows - 1, Math.max(0, Math.floor(points[i * 2 + 1] / cell)));
      cellOf[i] = cy * this.cols + cx;
      counts[cellOf[i] + 1]++;
    }
    for (let c = 0; c < this.cols * this.rows; c++) counts[c + 1] += counts[c];
    this.#start = counts;
    this.#items = new Int32Array(n);
    const fill = counts.slice(0, this.cols * this.rows);
    for (let i = 0; i < n; i++) this.#items[fill[cellOf[i]]++] = i;
    this.#points = points;
  }

  /**
   * Calls `visit(i)` once per keypoint within `tol` pixels of segment (x0, y0)–(x1, y1) whose `stamp[i]` differs
   * from `mark`, setting `stamp[i] = mark`.
   */
  nearSegment(x0: number, y0: number, x1: number, y1: number, tol: number, stamp: Int32Array, mark: number, visit: (i: number) => void): void {
    const cx0 = Math.max(0, Math.floor((Math.min(x0, x1) - tol) / this.cell));
    const cx1 = Math.min(this.cols - 1, Math.floor((Math.max(x0, x1) + tol) / this.cell));
    const cy0 = Math.max(0, Math.floor((Math.min(y0, y1) - tol) / this.cell));
    const cy1 = Math.min(this.rows - 1, Math.floor((Math.max(y0, y1) + tol) / this.cell));
    if (cx0 > cx1 || cy0 > cy1) return;
    const dx = x1 - x0;
    const dy = y1 - y0;
    const len2 = dx * dx + dy * dy;
    const tol2 = tol * tol;
    const p = this.#points;
    for (let cy = cy0; cy <= cy1; cy++) {
      for (let cx = cx0; cx <= cx1; cx++) {
        const c = cy * this.cols + cx;
        for (let k = this.#start[c]; k < this.#start[c + 1]; k++) {
          const i = this.#items[k];
          if (stamp[i] === mark) continue;
          const px = p[i * 2] - x0;
          const py = p[i * 2 + 1] - y0;
          const t = len2 > 0 ? Math.max(0, Math.min(1, (px * dx + py * dy) / len2)) : 0;
          const ex = px - t * dx;
          const ey = py - t * dy;
          if (ex * ex + ey * ey > tol2) continue;
          stamp[i] = mark;
          visit(i);
        }
      }
    }
  }
}
