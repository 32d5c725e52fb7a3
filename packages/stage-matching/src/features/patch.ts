import type { RefractiveProjection } from '@aquamvs/geometry';

const scratch = new Float64Array(8);

/**
 * Jacobian of `world (X, Y) on the horizontal plane through P → pixel` of a camera, by central differences
 * of the refractive projection (h metres). Writes `[du/dX, du/dY, dv/dX, dv/dY]` at `out[offset]`; false when a
 * projection is invalid.
 */
export function horizontalJacobian(
  projection: RefractiveProjection,
  x: number,
  y: number,
  z: number,
  out: Float64Array,
  offset = 0,
  h = 1e-3,
): boolean {
  const s = scratch;
  if (!projection.projectPoint(x + h, y, z, s, 0) || !projection.projectPoint(x - h, y, z, s, 2)) return false;
  if (!projection.projectPoint(x, y + h, z, s, 4) || !projection.projectPoint(x, y - h, z, s, 6)) return false;
  const inv = 1 / (2 * h);
  out[offset] = (s[0] - s[2]) * inv;
  out[offset + 1] = (s[4] - s[6]) * inv;
  out[offset + 2] = (s[1] - s[3]) * inv;
  out[offset + 3] = (s[5] - s[7]) * inv;
  return true;
}

/** A grey plane to sample from. */
export interface Plane {
  readonly data: Float32Array;
  readonly width: number;
  readonly height: number;
}

/**
 * Samples a G×G patch centred at pixel `(cu, cv)` on a grid of world offsets `step` metres apart along world X
 * and Y (pixel offset = J·(dX, dY)), bilinearly, then normalises it to zero mean and unit norm, writing G² values
 * at `out[offset]`. Returns false when a sample falls outside the image or the patch is flat.
 */
export function samplePatch(
  plane: Plane,
  cu: number,
  cv: number,
  J: Float64Array,
  jOffset: number,
  step: number,
  G: number,
  out: Float32Array,
  offset = 0,
): boolean {
  const { data, width } = plane;
  const j0 = J[jOffset] * step;
  const j1 = J[jOffset + 1] * step;
  const j2 = J[jOffset + 2] * step;
  const j3 = J[jOffset + 3] * step;
  const c = (G - 1) / 2;
  if (!patchInside(plane, cu, cv, j0, j1, j2, j3, c)) return false;
  let sum = 0;
  let sum2 = 0;
  let k = offset;
  for (let gy = 0; gy < G; gy++) {
    let u = cu - j0 * c + j1 * (gy - c);
    let v = cv - j2 * c + j3 * (gy - c);
    for (let gx = 0; gx < G; gx++, k++, u += j0, v += j2) {
      const x0 = u | 0;
      const y0 = v | 0;
      const ax = u - x0;
      const ay = v - y0;
      const p = y0 * width + x0;
      const top = data[p] + ax * (data[p + 1] - data[p]);
      const bottom = data[p + width] + ax * (data[p + width + 1] - data[p + width]);
      const value = top + ay * (bottom - top);
      out[k] = value;
      sum += value;
      sum2 += value * value;
    }
  }
  const n = G * G;
  const mean = sum / n;
  const ss = sum2 - sum * mean;
  if (!(ss > 1e-6 * n)) return false;
  const inv = 1 / Math.sqrt(ss);
  for (let i = offset; i < offset + n; i++) out[i] = (out[i] - mean) * inv;
  return true;
}

/**
 * NCC of the zero-mean, unit-norm patch `ref` (G² values) with the patch sampled like {@link samplePatch} at
 * `(cu, cv)`, without storing the sampled patch: `Σ ref·s / √(Σs² − (Σs)²/n)` (Σ ref = 0). −2 when a sample
 * falls outside the image or the sampled patch is flat.
 */
export function patchNcc(plane: Plane, cu: number, cv: number, J: Float64Array, step: number, G: number, ref: Float32Array): number {
  const { data, width } = plane;
  const j0 = J[0] * step;
  const j1 = J[1] * step;
  const j2 = J[2] * step;
  const j3 = J[3] * step;
  const c = (G - 1) / 2;
  if (!patchInside(plane, cu, cv, j0, j1, j2, j3, c)) return -2;
  let sum = 0;
  let sum2 = 0;
  let cross = 0;
  let k = 0;
  for (let gy = 0; gy < G; gy++) {
    let u = cu - j0 * c + j1 * (gy - c);
    let v = cv - j2 * c + j3 * (gy - c);
    for (let gx = 0; gx < G; gx++, k++, u += j0, v += j2) {
      const x0 = u | 0;
      const y0 = v | 0;
      const ax = u - x0;
      const ay = v - y0;
      const p = y0 * width + x0;
      const top = data[p] + ax * (data[p + 1] - data[p]);
      const bottom = data[p + width] + ax * (data[p + width + 1] - data[p + width]);
      const value = top + ay * (bottom - top);
      sum += value;
      sum2 += value * value;
      cross += ref[k] * value;
    }
  }
  const n = G * G;
  const ss = sum2 - (sum * sum) / n;
  if (!(ss > 1e-6 * n)) return -2;
  return cross / Math.sqrt(ss);
}

/** True when every sample of the affine G×G grid (half size c) lies where bilinear interpolation is defined. */
function patchInside(plane: Plane, cu: number, cv: number, j0: number, j1: number, j2: number, j3: number, c: number): boolean {
  const eu = (Math.abs(j0) + Math.abs(j1)) * c;
  const ev = (Math.abs(j2) + Math.abs(j3)) * c;
  return cu - eu >= 0 && cv - ev >= 0 && cu + eu < plane.width - 1 && cv + ev < plane.height - 1;
}

/** Dot product of two length-n vectors stored in flat arrays (NCC of normalised patches). */
export function dot(a: Float32Array, ao: number, b: Float32Array, bo: number, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += a[ao + i] * b[bo + i];
  return s;
}

/**
 * Closest point of two rays (midpoint of the shortest segment), written at `out[0..2]`; false for (near-)parallel rays.
 */
export function closestPoint(
  o1: Float64Array,
  d1: Float64Array,
  i1: number,
  o2: Float64Array,
  d2: Float64Array,
  i2: number,
  out: Float64Array, // prettier-ignore
): boolean {
  const a = i1 * 3;
  const b = i2 * 3;
  const wx = o1[a] - o2[b];
  const wy = o1[a + 1] - o2[b + 1];
  const wz = o1[a + 2] - o2[b + 2];
  const uu = d1[a] * d1[a] + d1[a + 1] * d1[a + 1] + d1[a + 2] * d1[a + 2];
  const uv = d1[a] * d2[b] + d1[a + 1] * d2[b + 1] + d1[a + 2] * d2[b + 2];
  const vv = d2[b] * d2[b] + d2[b + 1] * d2[b + 1] + d2[b + 2] * d2[b + 2];
  const uw = d1[a] * wx + d1[a + 1] * wy + d1[a + 2] * wz;
  const vw = d2[b] * wx + d2[b + 1] * wy + d2[b + 2] * wz;
  const den = uu * vv - uv * uv;
  if (!(den > 1e-12)) return false;
  const s = (uv * vw - vv * uw) / den;
  const t = (uu * vw - uv * uw) / den;
  for (let k = 0; k < 3; k++) out[k] = 0.5 * (o1[a + k] + s * d1[a + k] + o2[b + k] + t * d2[b + k]);
  return true;
}
