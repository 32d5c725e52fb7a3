import { createRefractiveProjection, type RefractiveProjection } from '../refractive-projection.js';

/** Rotation about Z by `deg` degrees, row-major. */
export function rotZ(deg: number): number[] {
  const a = (deg * Math.PI) / 180;
  return [Math.cos(a), -Math.sin(a), 0, Math.sin(a), Math.cos(a), 0, 0, 0, 1];
}

/** Rotation about X by `deg` degrees, row-major. */
function rotX(deg: number): number[] {
  const a = (deg * Math.PI) / 180;
  return [1, 0, 0, 0, Math.cos(a), -Math.sin(a), 0, Math.sin(a), Math.cos(a)];
}

/** `t = −R·C` for a camera with rotation R at centre C. */
export function translationFor(R: readonly number[], C: readonly number[]): number[] {
  return [0, 1, 2].map((i) => -(R[i * 3] * C[0] + R[i * 3 + 1] * C[1] + R[i * 3 + 2] * C[2]));
}

export const RIG_K: number[] = [1400, 0, 800, 0, 1400, 600, 0, 0, 1];
export const RIG_WATER_Z: number = 0.978;

/** A camera of the real-rig geometry (§1.4): centre on the ring, optionally yawed and tilted. */
export function rigCamera(C: readonly number[], yawDeg = 0, tiltDeg = 0): RefractiveProjection {
  const R = multiply(rotX(tiltDeg), rotZ(yawDeg));
  return createRefractiveProjection({ K: RIG_K, R, t: translationFor(R, C), waterZ: RIG_WATER_Z, nAir: 1.0, nWater: 1.333 });
}

function multiply(a: readonly number[], b: readonly number[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) out.push(a[i * 3] * b[j] + a[i * 3 + 1] * b[3 + j] + a[i * 3 + 2] * b[6 + j]);
  return out;
}

/** 12 ring cameras (radius 0.635 m around (0.635, 0)) + an auxiliary centre camera, for pair/fusion tests. */
export function ringCentres(n = 12, radius = 0.635): Record<string, [number, number, number]> {
  const out: Record<string, [number, number, number]> = {};
  for (let i = 0; i < n; i++) {
    const a = (2 * Math.PI * i) / n;
    out[`cam${String(i).padStart(2, '0')}`] = [radius * Math.cos(a), radius * Math.sin(a), 0];
  }
  return out;
}
