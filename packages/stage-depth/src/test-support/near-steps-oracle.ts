import type { Rect } from '../tile-region.js';

// The JavaScript form of the step decision's near-step test, kept as the tests' oracle for the WebAssembly kernel
// (`SweepKernels.nearSteps`), which does the same float64 operations two pixels at a time.

/** Along a row, a column and the two diagonals. */
const AXES: readonly (readonly [number, number])[] = [
  [1, 0],
  [0, 1],
  [1, 1],
  [1, -1],
];

/**
 * 1 where a valid pixel of `regions` has, along a row, column or diagonal, a second difference
 * `|D(p + j·u) + D(p − j·u) − 2·D(p)|` above `threshold` for some `j ≤ reach`: a step (or a sharp bend) lies within
 * `reach` pixels. Pixels outside `regions` stay 0.
 */
export function nearStepsOracle(depth: Float32Array, W: number, H: number, reach: number, threshold: number, regions: readonly Rect[]): Uint8Array {
  const near = new Uint8Array(W * H);
  // Direction by direction and distance by distance over whole rows of each region (the pixels where both ends lie in
  // the image): a NaN anywhere gives a NaN difference, which is no step.
  for (const r of regions) {
    for (let a = 0; a < 4; a++) {
      const [dx, dy] = AXES[a];
      for (let j = 1; j <= reach; j++) {
        const off = j * (dy * W + dx);
        const xLo = Math.max(r.x0, dx === 0 ? 0 : j);
        const xHi = Math.min(r.x1, dx === 0 ? W : W - j);
        const yLo = Math.max(r.y0, dy === 0 ? 0 : j);
        const yHi = Math.min(r.y1, dy === 0 ? H : H - j);
        for (let y = yLo; y < yHi; y++) {
          for (let p = y * W + xLo, end = y * W + xHi; p < end; p++) {
            if (Math.abs(depth[p - off] + depth[p + off] - 2 * depth[p]) > threshold) near[p] = 1;
          }
        }
      }
    }
  }
  return near;
}
