/**
 * Lens distortion models with OpenCV's exact iteration schemes: Brown–Conrady pinhole (5 or 8
 * coefficients `[k1,k2,p1,p2,k3(,k4,k5,k6)]`) and the equidistant fisheye model (`[k1,k2,k3,k4]`).
 */
import { geometryArgument } from './errors.js';

/** Intrinsics needed to map between pixels and normalised image coordinates. */
export interface LensModel {
  /** 3×3 intrinsics, row-major. */
  K: ArrayLike<number>;
  distCoeffs: ArrayLike<number>;
  isFisheye: boolean;
}

/** Brown–Conrady coefficients padded to 8 terms `[k1,k2,p1,p2,k3,k4,k5,k6]`. */
export function pinholeCoefficients(dist: ArrayLike<number>): Float64Array {
  if (dist.length !== 4 && dist.length !== 5 && dist.length !== 8) {
    throw geometryArgument('pinhole distortion coefficients', '4, 5 or 8 numbers', Array.from(dist));
  }
  const k = new Float64Array(8);
  for (let i = 0; i < dist.length; i++) k[i] = dist[i];
  return k;
}

/** Fisheye coefficients `[k1,k2,k3,k4]`. */
export function fisheyeCoefficients(dist: ArrayLike<number>): Float64Array {
  if (dist.length !== 4) throw geometryArgument('fisheye distortion coefficients', '4 numbers', Array.from(dist));
  return Float64Array.from(dist);
}

/**
 * OpenCV `undistortPoints` (default criteria: exactly 5 fixed-point iterations) for one pixel;
 * writes normalised `(x, y)` to `out[0..1]`.
 */
export function undistortPinholePoint(u: number, v: number, K: ArrayLike<number>, k: Float64Array, out: Float64Array): void {
  const cx = K[2];
  const cy = K[5];
  const ifx = 1 / K[0];
  const ify = 1 / K[4];
  const x0 = (u - cx) * ifx;
  const y0 = (v - cy) * ify;
  let x = x0;
  let y = y0;
  for (let j = 0; j < 5; j++) {
    const r2 = x * x + y * y;
    const icdist = (1 + ((k[7] * r2 + k[6]) * r2 + k[5]) * r2) / (1 + ((k[4] * r2 + k[1]) * r2 + k[0]) * r2);
    if (icdist < 0) {
      x = x0;
      y = y0;
      break;
    }
    const deltaX = 2 * k[2] * x * y + k[3] * (r2 + 2 * x * x);
    const deltaY = k[2] * (r2 + 2 * y * y) + 2 * k[3] * x * y;
    x = (x0 - deltaX) * icdist;
    y = (y0 - deltaY) * icdist;
  }
  out[0] = x;
  out[1] = y;
}

/**
 * OpenCV `fisheye::undistortPoints` (Newton on θ, at most 10 iterations, ε = 1e-8) for one pixel;
 * writes normalised `(x, y)` to `out[0..1]` (OpenCV's `-1e6` sentinel when it does not converge).
 */
export function undistortFisheyePoint(u: number, v: number, K: ArrayLike<number>, k: Float64Array, out: Float64Array): void {
  const px = (u - K[2]) / K[0];
  const py = (v - K[5]) / K[4];
  let thetaD = Math.sqrt(px * px + py * py);
  thetaD = Math.min(Math.max(-Math.PI / 2, thetaD), Math.PI / 2);
  let converged = false;
  let theta = thetaD;
  let scale = 1;
  if (thetaD > 1e-8) {
    for (let j = 0; j < 10; j++) {
      const t2 = theta * theta;
      const t4 = t2 * t2;
      const t6 = t4 * t2;
      const t8 = t6 * t2;
      const k0t2 = k[0] * t2;
      const k1t4 = k[1] * t4;
      const k2t6 = k[2] * t6;
      const k3t8 = k[3] * t8;
      const fix = (theta * (1 + k0t2 + k1t4 + k2t6 + k3t8) - thetaD) / (1 + 3 * k0t2 + 5 * k1t4 + 7 * k2t6 + 9 * k3t8);
      theta -= fix;
      if (Math.abs(fix) < 1e-8) {
        converged = true;
        break;
      }
    }
    scale = Math.tan(theta) / thetaD;
  } else {
    converged = true;
  }
  const flipped = (thetaD < 0 && theta > 0) || (thetaD > 0 && theta < 0);
  if (converged && !flipped) {
    out[0] = px * scale;
    out[1] = py * scale;
  } else {
    out[0] = -1e6;
    out[1] = -1e6;
  }
}

/** Normalised undistorted `(x, y)` → distorted pixel, Brown–Conrady (as in `initUndistortRectifyMap`). */
export function distortPinholePoint(x: number, y: number, K: ArrayLike<number>, k: Float64Array, out: Float64Array): void {
  const x2 = x * x;
  const y2 = y * y;
  const r2 = x2 + y2;
  const xy2 = 2 * x * y;
  const kr = (1 + ((k[4] * r2 + k[1]) * r2 + k[0]) * r2) / (1 + ((k[7] * r2 + k[6]) * r2 + k[5]) * r2);
  out[0] = K[0] * (x * kr + k[2] * xy2 + k[3] * (r2 + 2 * x2)) + K[2];
  out[1] = K[4] * (y * kr + k[2] * (r2 + 2 * y2) + k[3] * xy2) + K[5];
}

/** Normalised undistorted `(x, y)` → distorted pixel, equidistant fisheye (`fisheye::initUndistortRectifyMap`). */
export function distortFisheyePoint(x: number, y: number, K: ArrayLike<number>, k: Float64Array, out: Float64Array): void {
  const r = Math.sqrt(x * x + y * y);
  const theta = Math.atan(r);
  const t2 = theta * theta;
  const t4 = t2 * t2;
  const t6 = t4 * t2;
  const t8 = t4 * t4;
  const thetaD = theta * (1 + k[0] * t2 + k[1] * t4 + k[2] * t6 + k[3] * t8);
  const scale = r === 0 ? 1 : thetaD / r;
  out[0] = K[0] * x * scale + K[2];
  out[1] = K[4] * y * scale + K[5];
}

/**
 * Maps N×2 normalised undistorted coordinates `(X/Z, Y/Z)` to distorted pixels of `lens`.
 * @example
 * const pixels = distortPoints(camera, new Float64Array([0.1, -0.05]));
 */
export function distortPoints(lens: LensModel, normalized: Float64Array): Float64Array {
  const n = Math.floor(normalized.length / 2);
  const out = new Float64Array(n * 2);
  const tmp = new Float64Array(2);
  const k = lens.isFisheye ? fisheyeCoefficients(lens.distCoeffs) : pinholeCoefficients(lens.distCoeffs);
  const distort = lens.isFisheye ? distortFisheyePoint : distortPinholePoint;
  for (let i = 0; i < n; i++) {
    distort(normalized[i * 2], normalized[i * 2 + 1], lens.K, k, tmp);
    out[i * 2] = tmp[0];
    out[i * 2 + 1] = tmp[1];
  }
  return out;
}

/**
 * Maps N×2 distorted pixels of `lens` to normalised undistorted coordinates with OpenCV's iteration
 * schemes (pinhole: 5 fixed-point steps, like `cv.undistortPoints`; fisheye: Newton, ε 1e-8).
 */
export function undistortPoints(lens: LensModel, pixels: Float64Array): Float64Array {
  const n = Math.floor(pixels.length / 2);
  const out = new Float64Array(n * 2);
  const tmp = new Float64Array(2);
  const k = lens.isFisheye ? fisheyeCoefficients(lens.distCoeffs) : pinholeCoefficients(lens.distCoeffs);
  const undistort = lens.isFisheye ? undistortFisheyePoint : undistortPinholePoint;
  for (let i = 0; i < n; i++) {
    undistort(pixels[i * 2], pixels[i * 2 + 1], lens.K, k, tmp);
    out[i * 2] = tmp[0];
    out[i * 2 + 1] = tmp[1];
  }
  return out;
}
