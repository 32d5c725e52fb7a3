import { softThreshold } from './soft-threshold.js';

/**
 * 3×3 smoothing of a depth map (invalid pixels stay NaN), the regulariser of the refinement and alignment passes.
 *
 * Without `tolerance`: the mean of the valid neighbours. With it (metres): the centre averaged with each opposite pair
 * of neighbours (left/right, up/down, both diagonals) whose second difference `|a + b − 2c|` is at most `tolerance`,
 * and where a pair is not, with each of its two pixels that is level with the centre (within `tolerance`). A pair on a
 * plane — a flat bed or a steep flank alike — is kept whole, so slopes are smoothed as before; across a step (a rock's
 * rim: one side on the top, the other on the bed) only the centre's own side is kept, so repeated passes do not wear
 * the step down into a ramp a few pixels wide.
 *
 * With `curvatureFloor` (metres): curvature above it is put back (`S(d) + soft(S(d) − S(S(d)), floor)`), so a mound
 * top or pit floor is not shrunk by a third of its Laplacian each pass; below it (noise) the smoothing is unchanged.
 */
export function smoothDepth(depth: Float32Array, W: number, H: number, tolerance = Infinity, curvatureFloor = Infinity): Float32Array {
  const smooth = (d: Float32Array): Float32Array => (tolerance === Infinity ? meanSmooth(d, W, H) : edgeStoppingSmooth(d, W, H, tolerance));
  const once = smooth(depth);
  if (curvatureFloor === Infinity) return once;
  // 2·S(d) − S(S(d)): S adds a third of the Laplacian to a quadratic; subtracting what a second S adds cancels it.
  const twice = smooth(once);
  for (let i = 0; i < once.length; i++) {
    const t = twice[i];
    if (t !== t) continue;
    // Curvature below the noise floor is smoothed as before; only real relief keeps its shape.
    once[i] += softThreshold(once[i] - t, curvatureFloor);
  }
  return once;
}

function meanSmooth(depth: Float32Array, W: number, H: number): Float32Array {
  const out = new Float32Array(depth.length).fill(Number.NaN);
  for (let y = 0; y < H; y++) {
    const interior = y > 0 && y < H - 1;
    for (let x = 0; x < W; x++) {
      const i = y * W + x;
      const c = depth[i];
      if (c !== c) continue;
      if (!interior || x === 0 || x === W - 1) {
        out[i] = validMean3x3(depth, W, H, x, y);
        continue;
      }
      // validMean3x3 inside the image: the same neighbours in the same order (rows top to bottom, left to right).
      let sum = 0;
      let count = 0;
      for (let o = i - W - 1; o <= i + W - 1; o += W) {
        const a = depth[o];
        const b = depth[o + 1];
        const d = depth[o + 2];
        if (a === a) {
          sum += a;
          count++;
        }
        if (b === b) {
          sum += b;
          count++;
        }
        if (d === d) {
          sum += d;
          count++;
        }
      }
      out[i] = sum / count;
    }
  }
  return out;
}

/** Mean of the valid (non-NaN) depths of the 3×3 neighbourhood of (x, y), the centre included; NaN if none. */
function validMean3x3(depth: Float32Array, W: number, H: number, x: number, y: number): number {
  let sum = 0;
  let count = 0;
  for (let yy = Math.max(0, y - 1); yy <= Math.min(H - 1, y + 1); yy++) {
    for (let xx = Math.max(0, x - 1); xx <= Math.min(W - 1, x + 1); xx++) {
      const d = depth[yy * W + xx];
      if (d === d) {
        sum += d;
        count++;
      }
    }
  }
  return count === 0 ? Number.NaN : sum / count;
}

/**
 * `depth` with its holes filled, up to `iterations` pixels from a valid pixel, by the mean of their valid neighbours
 * (one ring per iteration); farther holes stay NaN.
 */
export function fillHoles(depth: Float32Array, W: number, H: number, iterations: number): Float32Array {
  let current = Float32Array.from(depth);
  for (let it = 0; it < iterations; it++) {
    const next = Float32Array.from(current);
    let filled = 0;
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        if (current[y * W + x] === current[y * W + x]) continue;
        const mean = validMean3x3(current, W, H, x, y);
        if (mean === mean) {
          next[y * W + x] = mean;
          filled++;
        }
      }
    }
    current = next;
    if (filled === 0) break;
  }
  return current;
}

/** Offsets (dx, dy) of one neighbour of each opposite pair. */
const PAIRS = [
  [1, 0],
  [0, 1],
  [1, 1],
  [1, -1],
] as const;

function edgeStoppingSmooth(depth: Float32Array, W: number, H: number, tolerance: number): Float32Array {
  const out = new Float32Array(depth.length).fill(Number.NaN);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const c = depth[y * W + x];
      if (c !== c) continue;
      let sum = c;
      let count = 1;
      for (const [dx, dy] of PAIRS) {
        const xa = x + dx;
        const ya = y + dy;
        const xb = x - dx;
        const yb = y - dy;
        if (xa < 0 || xa >= W || xb < 0 || xb >= W || ya < 0 || ya >= H || yb < 0 || yb >= H) continue;
        const a = depth[ya * W + xa];
        const b = depth[yb * W + xb];
        if (Math.abs(a + b - 2 * c) <= tolerance) {
          sum += a + b;
          count += 2;
          continue;
        }
        // Across a step: keep each side only where it is level with the centre (false for NaN).
        if (Math.abs(a - c) <= tolerance) {
          sum += a;
          count++;
        }
        if (Math.abs(b - c) <= tolerance) {
          sum += b;
          count++;
        }
      }
      out[y * W + x] = sum / count;
    }
  }
  return out;
}
