import { geometryArgument, geometryDegenerate } from './errors.js';
import { solveSymmetric3 } from './mat3.js';
import type { RefractiveProjection } from './refractive-projection.js';

/** Batched 3-D points with a validity mask. */
export interface TriangulatedPoints {
  /** N×3 points; `(0, 0, 0)` where invalid. */
  points: Float64Array;
  valid: Uint8Array;
}

/**
 * Least-squares intersection of N ≥ 2 rays: solves `Σ(I − d̂d̂ᵀ)·P = Σ(I − d̂d̂ᵀ)·o`.
 * Throws `AQM_ERR_GEOMETRY_DEGENERATE` for fewer than two rays or (near-)parallel rays.
 * @example
 * const p = triangulateRays(new Float64Array([0,0,0, 1,0,0]), new Float64Array([0,0,1, -1,0,1]));
 */
export function triangulateRays(origins: Float64Array, directions: Float64Array): Float64Array {
  const n = Math.floor(origins.length / 3);
  if (directions.length !== origins.length) {
    throw geometryArgument('triangulateRays: directions', `${n * 3} numbers like origins`, directions.length);
  }
  if (n < 2) throw geometryDegenerate(`triangulateRays: need at least 2 rays, got ${n}`);
  let a00 = 0, a01 = 0, a02 = 0, a11 = 0, a12 = 0, a22 = 0, b0 = 0, b1 = 0, b2 = 0; // prettier-ignore
  for (let i = 0; i < n; i++) {
    let dx = directions[i * 3];
    let dy = directions[i * 3 + 1];
    let dz = directions[i * 3 + 2];
    const len = Math.sqrt(dx * dx + dy * dy + dz * dz);
    dx /= len;
    dy /= len;
    dz /= len;
    const ox = origins[i * 3];
    const oy = origins[i * 3 + 1];
    const oz = origins[i * 3 + 2];
    const m00 = 1 - dx * dx, m01 = -dx * dy, m02 = -dx * dz, m11 = 1 - dy * dy, m12 = -dy * dz, m22 = 1 - dz * dz; // prettier-ignore
    a00 += m00;
    a01 += m01;
    a02 += m02;
    a11 += m11;
    a12 += m12;
    a22 += m22; // prettier-ignore
    b0 += m00 * ox + m01 * oy + m02 * oz;
    b1 += m01 * ox + m11 * oy + m12 * oz;
    b2 += m02 * ox + m12 * oy + m22 * oz;
  }
  const out = new Float64Array(3);
  if (!solveSymmetric3(a00, a01, a02, a11, a12, a22, b0, b1, b2, 1e-10 * n * n * n, out)) {
    throw geometryDegenerate(`triangulateRays: the ${n} rays are parallel (singular system)`);
  }
  return out;
}

/**
 * Batched two-ray closest point: for each i solves `(A_a + A_b)·P = A_a·o_a + A_b·o_b`, `A = I − d̂d̂ᵀ`.
 * Pairs with `|det| ≤ 1e-6` are degenerate: `P = 0`, `valid = 0` (§3.6).
 */
export function triangulateRayPairs(
  originsA: Float64Array,
  directionsA: Float64Array,
  originsB: Float64Array,
  directionsB: Float64Array,
): TriangulatedPoints {
  const n = Math.floor(originsA.length / 3);
  if (directionsA.length !== n * 3 || originsB.length !== n * 3 || directionsB.length !== n * 3) {
    throw geometryArgument('triangulateRayPairs', `four arrays of ${n * 3} numbers`, [
      originsA.length,
      directionsA.length,
      originsB.length,
      directionsB.length, // prettier-ignore
    ]);
  }
  const points = new Float64Array(n * 3);
  const valid = new Uint8Array(n);
  const o = [originsA, originsB];
  const d = [directionsA, directionsB];
  for (let i = 0; i < n; i++) {
    let a00 = 0, a01 = 0, a02 = 0, a11 = 0, a12 = 0, a22 = 0, b0 = 0, b1 = 0, b2 = 0; // prettier-ignore
    for (let r = 0; r < 2; r++) {
      const dd = d[r];
      const oo = o[r];
      let dx = dd[i * 3];
      let dy = dd[i * 3 + 1];
      let dz = dd[i * 3 + 2];
      const len = Math.sqrt(dx * dx + dy * dy + dz * dz);
      dx /= len;
      dy /= len;
      dz /= len;
      const m00 = 1 - dx * dx, m01 = -dx * dy, m02 = -dx * dz, m11 = 1 - dy * dy, m12 = -dy * dz, m22 = 1 - dz * dz; // prettier-ignore
      const ox = oo[i * 3], oy = oo[i * 3 + 1], oz = oo[i * 3 + 2]; // prettier-ignore
      a00 += m00;
      a01 += m01;
      a02 += m02;
      a11 += m11;
      a12 += m12;
      a22 += m22; // prettier-ignore
      b0 += m00 * ox + m01 * oy + m02 * oz;
      b1 += m01 * ox + m11 * oy + m12 * oz;
      b2 += m02 * ox + m12 * oy + m22 * oz;
    }
    valid[i] = solveSymmetric3(a00, a01, a02, a11, a12, a22, b0, b1, b2, 1e-6, points, i * 3) ? 1 : 0;
  }
  return { points, valid };
}

/** {@link triangulatePair}'s points, with each match's reprojection error. */
export interface TriangulatedPair extends TriangulatedPoints {
  /** Per match, the larger of the two cameras' reprojection errors in pixels (NaN where a projection failed). */
  reprojectionErrors: Float64Array;
}

/** Options of {@link triangulatePair}. */
export interface TriangulatePairOptions {
  /**
   * Minimum angle between the two refracted rays, degrees.
   * @default 2.0
   */
  minAngle?: number;
  /**
   * Maximum reprojection error in either camera, pixels.
   * @default 3.0
   */
  maxReprojError?: number;
}

/**
 * Triangulates matched pixels of two cameras with the quality filters of §3.6: both ray depths
 * positive, `|d_a·d_b| < cos(minAngle)`, and both reprojections valid with error `< maxReprojError`. Each match's
 * reprojection error comes with it: what a camera that moved since calibration shows first.
 */
export function triangulatePair(
  cameraA: RefractiveProjection,
  cameraB: RefractiveProjection,
  pixelsA: Float64Array,
  pixelsB: Float64Array,
  options: TriangulatePairOptions = {},
): TriangulatedPair {
  const n = Math.floor(pixelsA.length / 2);
  if (pixelsB.length !== n * 2) throw geometryArgument('triangulatePair: pixelsB', `${n * 2} numbers like pixelsA`, pixelsB.length);
  const cosMin = Math.cos(((options.minAngle ?? 2.0) * Math.PI) / 180);
  const maxErr = options.maxReprojError ?? 3.0;
  const ra = cameraA.castRay(pixelsA);
  const rb = cameraB.castRay(pixelsB);
  const result = triangulateRayPairs(ra.origins, ra.directions, rb.origins, rb.directions);
  const { points, valid } = result;
  const pa = cameraA.project(points);
  const pb = cameraB.project(points);
  const reprojectionErrors = new Float64Array(n).fill(Number.NaN);
  for (let i = 0; i < n; i++) {
    if (!valid[i]) continue;
    const j = i * 3;
    let ok = true;
    let dot = 0;
    for (const rays of [ra, rb]) {
      const { origins: o, directions: d } = rays;
      const depth = (points[j] - o[j]) * d[j] + (points[j + 1] - o[j + 1]) * d[j + 1] + (points[j + 2] - o[j + 2]) * d[j + 2];
      if (!(depth > 0)) ok = false;
    }
    dot = ra.directions[j] * rb.directions[j] + ra.directions[j + 1] * rb.directions[j + 1] + ra.directions[j + 2] * rb.directions[j + 2];
    if (!(Math.abs(dot) < cosMin)) ok = false;
    const ea = Math.hypot(pa.pixels[i * 2] - pixelsA[i * 2], pa.pixels[i * 2 + 1] - pixelsA[i * 2 + 1]);
    const eb = Math.hypot(pb.pixels[i * 2] - pixelsB[i * 2], pb.pixels[i * 2 + 1] - pixelsB[i * 2 + 1]);
    if (pa.valid[i] && pb.valid[i]) reprojectionErrors[i] = Math.max(ea, eb);
    if (!(pa.valid[i] && pb.valid[i] && ea < maxErr && eb < maxErr)) ok = false;
    if (!ok) valid[i] = 0;
  }
  return { ...result, reprojectionErrors };
}
