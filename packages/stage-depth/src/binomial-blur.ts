import type { GreyPlane } from './grey-plane.js';

/**
 * `passes` rounds of the separable `[1 2 1]/4` binomial filter (a Gaussian of variance `passes/2` px², replicated
 * border). Its frequency response `cos²ⁿ(πf)` is never negative, which is what an iterated update needs: a box filter's
 * negative side lobes make errors at those frequencies grow every iteration.
 */
export function binomialBlur(plane: GreyPlane, passes: number): GreyPlane {
  const { width: W, height: H } = plane;
  let current = plane.data;
  for (let p = 0; p < passes; p++) {
    const rows = new Float32Array(W * H);
    for (let y = 0; y < H; y++) {
      const o = y * W;
      for (let x = 0; x < W; x++) rows[o + x] = 0.25 * (current[o + (x > 0 ? x - 1 : x)] + 2 * current[o + x] + current[o + (x < W - 1 ? x + 1 : x)]);
    }
    const out = new Float32Array(W * H);
    for (let y = 0; y < H; y++) {
      const up = (y > 0 ? y - 1 : y) * W;
      const down = (y < H - 1 ? y + 1 : y) * W;
      const o = y * W;
      for (let x = 0; x < W; x++) out[o + x] = 0.25 * (rows[up + x] + 2 * rows[o + x] + rows[down + x]);
    }
    current = out;
  }
  return { width: W, height: H, data: current };
}
