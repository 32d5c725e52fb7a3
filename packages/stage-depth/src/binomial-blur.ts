import type { GreyPlane } from './grey-plane.js';

/** Planes {@link binomialBlur} may write into instead of allocating: the result and the horizontal pass's rows. */
export interface BlurBuffers {
  readonly out: Float32Array;
  readonly rows: Float32Array;
}

/**
 * `passes` rounds of the separable `[1 2 1]/4` binomial filter (a Gaussian of variance `passes/2` px², replicated
 * border). Its frequency response `cos²ⁿ(πf)` is never negative, which is what an iterated update needs: a box filter's
 * negative side lobes make errors at those frequencies grow every iteration. Each pass reads its input whole into
 * `rows` before it writes, so every pass writes the same output plane: with `buffers` nothing is allocated (hot loops
 * reuse them: fresh multi-megabyte planes cost page faults and collections), and the input plane is never written.
 */
export function binomialBlur(plane: GreyPlane, passes: number, buffers?: BlurBuffers): GreyPlane {
  const { width: W, height: H } = plane;
  let current = plane.data;
  if (passes <= 0) return { width: W, height: H, data: current };
  const rows = buffers?.rows ?? new Float32Array(W * H);
  const out = buffers?.out ?? new Float32Array(W * H);
  for (let p = 0; p < passes; p++) {
    for (let y = 0; y < H; y++) {
      const o = y * W;
      for (let x = 0; x < W; x++) rows[o + x] = 0.25 * (current[o + (x > 0 ? x - 1 : x)] + 2 * current[o + x] + current[o + (x < W - 1 ? x + 1 : x)]);
    }
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
