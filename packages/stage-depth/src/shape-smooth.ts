import { binomialBlur } from './binomial-blur.js';
import { smoothDepth } from './smooth-depth.js';
import { softThreshold } from './soft-threshold.js';

/** 5×5 binomial mean of the valid (non-NaN) depths around each valid pixel (replicated border); invalid pixels stay NaN. */
function binomial5(depth: Float32Array, W: number, H: number): Float32Array {
  const values = new Float32Array(depth.length);
  const valid = new Float32Array(depth.length);
  for (let i = 0; i < depth.length; i++) {
    if (depth[i] !== depth[i]) continue;
    values[i] = depth[i];
    valid[i] = 1;
  }
  // Two [1 2 1] passes = the [1 4 6 4 1] binomial; dividing by the blurred validity weights the valid depths only.
  const sum = binomialBlur({ width: W, height: H, data: values }, 2).data;
  const weight = binomialBlur({ width: W, height: H, data: valid }, 2).data;
  const out = new Float32Array(depth.length).fill(Number.NaN);
  for (let i = 0; i < depth.length; i++) if (valid[i] === 1) out[i] = sum[i] / weight[i];
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
  for (let i = 0; i < mean.length; i++) mean[i] += softThreshold(exact[i] - mean[i], floor);
  return mean;
}
