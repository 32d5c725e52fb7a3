import { cellIsSurface } from './depth-edges.js';

/**
 * Bilinear sample of an H×W depth map at `(u, v)` with the reference's `grid_sample` semantics (spec §3.10):
 * `align_corners=True` (pixel centres at integers), zero padding for the depth, and NaN when more than 0.01 of the
 * bilinear weight falls on NaN pixels (the NaN mask is sampled with border padding).
 */
export function sampleDepth(depth: Float32Array, width: number, height: number, u: number, v: number): number {
  if (!(Number.isFinite(u) && Number.isFinite(v))) return Number.NaN;
  const x0 = Math.floor(u);
  const y0 = Math.floor(v);
  const fx = u - x0;
  const fy = v - y0;
  let value = 0;
  let nanWeight = 0;
  for (let k = 0; k < 4; k++) {
    const x = x0 + (k & 1);
    const y = y0 + (k >> 1);
    const w = (k & 1 ? fx : 1 - fx) * (k >> 1 ? fy : 1 - fy);
    if (w === 0) continue;
    const inside = x >= 0 && x < width && y >= 0 && y < height;
    // NaN mask: border padding (clamped pixel); depth: zero padding.
    const cx = x < 0 ? 0 : x >= width ? width - 1 : x;
    const cy = y < 0 ? 0 : y >= height ? height - 1 : y;
    if (Number.isNaN(depth[cy * width + cx])) nanWeight += w;
    if (inside) {
      const d = depth[y * width + x];
      if (!Number.isNaN(d)) value += w * d;
    }
  }
  return nanWeight > 0.01 ? Number.NaN : value;
}

/** How a target view's depth map judges a point: it agrees, sees a surface in front of it, sees past it, or has no depth there. */
export const DepthVerdict = { Unknown: 0, Agrees: 1, Occluded: 2, Conflicts: 3 } as const;
export type DepthVerdict = (typeof DepthVerdict)[keyof typeof DepthVerdict];

/**
 * Compares `expected` (the point's ray depth in the target) with the target's depth map around `(u, v)`. Where the
 * four neighbours are finite and on one surface (a span under `tolerance`, or a steep surface: {@link cellIsSurface}),
 * this is the bilinear sample of {@link sampleDepth}; at a depth edge or beside missing pixels the interpolated value
 * belongs to neither surface, so each finite neighbour is judged on its own: the point agrees when one neighbour
 * agrees or when it lies between the nearest and farthest neighbour (on the wall that fills the jump); else it is
 * occluded when a neighbour lies in front of it, and conflicts when all lie behind it.
 */
export function judgeDepth(
  depth: Float32Array,
  width: number,
  height: number,
  u: number,
  v: number,
  expected: number,
  tolerance: number,
): DepthVerdict {
  if (!(Number.isFinite(u) && Number.isFinite(v))) return DepthVerdict.Unknown;
  const x0 = Math.floor(u);
  const y0 = Math.floor(v);
  const fx = u - x0;
  const fy = v - y0;
  let value = 0;
  let weight = 0;
  let lo = Infinity;
  let hi = -Infinity;
  let missing = false;
  let agrees = false;
  for (let k = 0; k < 4; k++) {
    const x = x0 + (k & 1);
    const y = y0 + (k >> 1);
    const w = (k & 1 ? fx : 1 - fx) * (k >> 1 ? fy : 1 - fy);
    if (w === 0) continue;
    const d = x >= 0 && x < width && y >= 0 && y < height ? depth[y * width + x] : Number.NaN;
    if (Number.isNaN(d)) {
      missing = true;
      continue;
    }
    value += w * d;
    weight += w;
    if (d < lo) lo = d;
    if (d > hi) hi = d;
    if (Math.abs(d - expected) < tolerance) agrees = true;
  }
  if (weight === 0) return DepthVerdict.Unknown;
  if (!missing && (hi - lo < tolerance || cellIsSurface(depth, width, height, x0, y0, fx > 0, fy > 0, tolerance))) {
    const diff = value - expected;
    return Math.abs(diff) < tolerance ? DepthVerdict.Agrees : diff < 0 ? DepthVerdict.Occluded : DepthVerdict.Conflicts;
  }
  // The point lies inside the target's depth jump: a wall the target sees edge-on, between its two levels.
  if (agrees || (lo - tolerance < expected && expected < hi + tolerance)) return DepthVerdict.Agrees;
  return lo < expected - tolerance ? DepthVerdict.Occluded : DepthVerdict.Conflicts;
}
