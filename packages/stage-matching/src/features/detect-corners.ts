import { minEigenResponse } from './min-eigen-response.js';

/** Options of {@link detectCorners}. */
export interface DetectCornersOptions {
  /** Most corners returned (strongest first). */
  maxCorners: number;
  /** Keep corners whose response is at least `quality` × the strongest response. */
  quality: number;
  /** Minimum distance between returned corners, pixels. */
  minDistance: number;
  /** Corners closer than this to the image border are skipped, pixels. */
  border: number;
  /** Radius of the (box) structure-tensor window, pixels. @default 2 */
  windowRadius?: number;
  /** Optional mask (non-zero = keep), W×H. */
  mask?: Uint8Array;
}

/** Corners with sub-pixel positions. */
export interface Corners {
  /** N×2 `(u, v)`. */
  points: Float64Array;
  /** N responses (minimum eigenvalue of the structure tensor). */
  responses: Float32Array;
}

/**
 * Shi–Tomasi corners on a (pre-smoothed) grey plane: minimum eigenvalue of the structure tensor summed over a
 * (2r+1)² window, 3×3 local maxima above `quality · max`, strongest first with a minimum distance (like OpenCV
 * `goodFeaturesToTrack`), then sub-pixel positions from a quadratic fit of the response around each maximum.
 */
export function detectCorners(grey: Float32Array, width: number, height: number, options: DetectCornersOptions): Corners {
  const n = width * height;
  if (scratch.length !== n) scratch = new Float32Array(n);
  const { response, max } = minEigenResponse(grey, width, height, options.windowRadius ?? 2, scratch);
  const threshold = Math.max(options.quality * max, 1e-12);
  const b = Math.max(1, Math.ceil(options.border));
  const candidates: number[] = [];
  for (let y = b; y < height - b; y++) {
    for (let x = b; x < width - b; x++) {
      const i = y * width + x;
      const v = response[i];
      if (v < threshold) continue;
      if (options.mask !== undefined && options.mask[i] === 0) continue;
      if (
        v < response[i - 1] || v <= response[i + 1] || v < response[i - width] || v <= response[i + width] ||
        v < response[i - width - 1] || v < response[i - width + 1] || v <= response[i + width - 1] || v <= response[i + width + 1]
      ) continue; // prettier-ignore
      candidates.push(i);
    }
  }
  return selectSpread(strongestFirst(candidates, response, n), response, width, height, options);
}

/**
 * The response plane, reused across calls of this thread: a 1600×1200 camera's is 7.7 MB, and one allocated per
 * camera kept the collector busy on every matcher thread. Nothing of it escapes a call.
 */
let scratch = new Float32Array(0);

const INDEX_BITS = 2 ** 21;

/**
 * Candidates ordered by response (descending), then index (ascending). Up to 2²¹ pixels each candidate is
 * one float64 key `bits(response)·2²¹ + (2²¹ − 1 − index)` (positive float32 bit patterns order like their
 * values) sorted natively, which is several times faster than a comparator sort.
 */
function strongestFirst(candidates: number[], response: Float32Array, n: number): number[] {
  if (n > INDEX_BITS) return candidates.sort((p, q) => response[q] - response[p] || p - q);
  const f32 = new Float32Array(1);
  const u32 = new Uint32Array(f32.buffer);
  const keys = new Float64Array(candidates.length);
  for (let k = 0; k < candidates.length; k++) {
    f32[0] = response[candidates[k]];
    keys[k] = u32[0] * INDEX_BITS + (INDEX_BITS - 1 - candidates[k]);
  }
  keys.sort();
  const out = new Array<number>(keys.length);
  for (let k = 0; k < keys.length; k++) {
    const key = keys[keys.length - 1 - k];
    out[k] = INDEX_BITS - 1 - (key % INDEX_BITS);
  }
  return out;
}

function selectSpread(candidates: number[], response: Float32Array, width: number, height: number, options: DetectCornersOptions): Corners {
  const minD = Math.max(1, options.minDistance);
  const cell = minD / Math.SQRT2; // at most one accepted corner per cell
  const gw = Math.ceil(width / cell);
  const gh = Math.ceil(height / cell);
  const grid = new Int32Array(gw * gh).fill(-1);
  const points: number[] = [];
  const responses: number[] = [];
  const minD2 = minD * minD;
  for (const i of candidates) {
    if (responses.length >= options.maxCorners) break;
    const x = i % width;
    const y = (i - x) / width;
    const cx = Math.floor(x / cell);
    const cy = Math.floor(y / cell);
    let ok = true;
    for (let gy = Math.max(0, cy - 2); gy <= Math.min(gh - 1, cy + 2) && ok; gy++) {
      for (let gx = Math.max(0, cx - 2); gx <= Math.min(gw - 1, cx + 2); gx++) {
        const j = grid[gy * gw + gx];
        if (j < 0) continue;
        const dx = (j % width) - x;
        const dy = Math.floor(j / width) - y;
        if (dx * dx + dy * dy < minD2) {
          ok = false;
          break;
        }
      }
    }
    if (!ok) continue;
    grid[cy * gw + cx] = i;
    points.push(x + subPixel(response[i - 1], response[i], response[i + 1]), y + subPixel(response[i - width], response[i], response[i + width]));
    responses.push(response[i]);
  }
  return { points: Float64Array.from(points), responses: Float32Array.from(responses) };
}

/** Offset of the maximum of the parabola through (−1, a), (0, b), (1, c), clamped to ±0.5. */
function subPixel(a: number, b: number, c: number): number {
  const den = a - 2 * b + c;
  if (!(den < 0)) return 0;
  return Math.max(-0.5, Math.min(0.5, (0.5 * (a - c)) / den));
}
