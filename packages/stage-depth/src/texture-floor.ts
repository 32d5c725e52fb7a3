import type { GreyPlane } from './grey-plane.js';

/**
 * Removes the depth of every pixel whose `window × window` reference window (clipped at the border) has a grey-level
 * standard deviation below `floor`: the window holds no texture above sensor noise, so no cost can tell its depth
 * (see `PlaneSweepOptions.minTexture`). Sets `depth` NaN and `confidence` 0 there, in place; returns how many pixels
 * it removed. Window sums over running row and column totals (float64), so the cost is O(pixels) whatever the window.
 * @example
 * const removed = removeTextureless(ref, 11, 3 / 255, map.depth, map.confidence);
 */
export function removeTextureless(ref: GreyPlane, window: number, floor: number, depth: Float32Array, confidence: Float32Array): number {
  if (!(floor > 0)) return 0;
  const { width: W, height: H, data } = ref;
  const r = window >> 1;
  // Column sums of value and square over the rows [y − r, y + r], updated row by row.
  const colSum = new Float64Array(W);
  const colSq = new Float64Array(W);
  const addRow = (y: number, sign: number): void => {
    const o = y * W;
    for (let x = 0; x < W; x++) {
      const v = data[o + x];
      colSum[x] += sign * v;
      colSq[x] += sign * v * v;
    }
  };
  for (let y = 0; y < Math.min(H, r); y++) addRow(y, 1);
  const floor2 = floor * floor;
  let removed = 0;
  for (let y = 0; y < H; y++) {
    if (y + r < H) addRow(y + r, 1);
    if (y - r - 1 >= 0) addRow(y - r - 1, -1);
    const rows = Math.min(H - 1, y + r) - Math.max(0, y - r) + 1;
    let sum = 0;
    let sq = 0;
    for (let x = 0; x < Math.min(W, r); x++) {
      sum += colSum[x];
      sq += colSq[x];
    }
    for (let x = 0; x < W; x++) {
      if (x + r < W) {
        sum += colSum[x + r];
        sq += colSq[x + r];
      }
      if (x - r - 1 >= 0) {
        sum -= colSum[x - r - 1];
        sq -= colSq[x - r - 1];
      }
      const n = rows * (Math.min(W - 1, x + r) - Math.max(0, x - r) + 1);
      const mean = sum / n;
      const variance = sq / n - mean * mean;
      const p = y * W + x;
      if (variance < floor2 && depth[p] === depth[p]) {
        depth[p] = Number.NaN;
        confidence[p] = 0;
        removed++;
      }
    }
  }
  return removed;
}
