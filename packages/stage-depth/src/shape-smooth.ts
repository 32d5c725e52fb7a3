import { smoothDepth } from './smooth-depth.js';

const BINOMIAL5 = [1, 4, 6, 4, 1] as const;

/** 5×5 binomial mean of the valid (non-NaN) depths around each valid pixel; invalid pixels stay NaN. */
function binomial5(depth: Float32Array, W: number, H: number): Float32Array {
  const rows = new Float32Array(depth.length);
  const weights = new Float32Array(depth.length);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      let sum = 0;
      let weight = 0;
      for (let k = -2; k <= 2; k++) {
        const xx = x + k;
        if (xx < 0 || xx >= W) continue;
        const d = depth[y * W + xx];
        if (d === d) {
          sum += BINOMIAL5[k + 2] * d;
          weight += BINOMIAL5[k + 2];
        }
      }
      rows[y * W + x] = sum;
      weights[y * W + x] = weight;
    }
  }
  const out = new Float32Array(depth.length).fill(Number.NaN);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      if (depth[y * W + x] !== depth[y * W + x]) continue;
      let sum = 0;
      let weight = 0;
      for (let k = -2; k <= 2; k++) {
        const yy = y + k;
        if (yy < 0 || yy >= H) continue;
        sum += BINOMIAL5[k + 2] * rows[yy * W + x];
        weight += BINOMIAL5[k + 2] * weights[yy * W + x];
      }
      out[y * W + x] = sum / weight;
    }
  }
  return out;
}

/**
 * A smoothing that keeps quadratics exactly: `2B − B∘B` with `B` the 5×5 binomial mean (what `B` adds to a quadratic,
 * a multiple of its Laplacian, a second `B` adds again; subtracting it cancels it). No response at the Nyquist
 * frequencies, white-noise gain 0.37 (the 3×3 mean: 0.33). Invalid pixels stay NaN.
 */
export function quadraticSmooth(depth: Float32Array, W: number, H: number): Float32Array {
  const once = binomial5(depth, W, H);
  const twice = binomial5(once, W, H);
  for (let i = 0; i < once.length; i++) once[i] = 2 * once[i] - twice[i];
  return once;
}

/**
 * The 3×3 mean, moved toward {@link quadraticSmooth} where the two differ by more than `floor` (metres; soft
 * threshold). Below the floor the difference is noise and the quieter mean stands; above it it is the mean's bias on
 * relief (a third of the Laplacian: a mound top lowered, a pit floor raised, every iteration), which is taken out.
 */
export function shapePreservingSmooth(depth: Float32Array, W: number, H: number, floor: number): Float32Array {
  const mean = smoothDepth(depth, W, H);
  const exact = quadraticSmooth(depth, W, H);
  for (let i = 0; i < mean.length; i++) {
    const c = exact[i] - mean[i];
    if (c > floor) mean[i] += c - floor;
    else if (c < -floor) mean[i] += c + floor;
  }
  return mean;
}
