import { distortPoints, undistortPoints, type CameraCalibration, type LensModel } from '@aquamvs/geometry';

/** Maps distorted sensor pixels to normalised undistorted coordinates, exactly inverting the camera's distortion. */
export interface LensInverter {
  /**
   * Writes the normalised `(x, y)` of each N×2 distorted pixel to `out` (NaN where the lens model has no
   * inverse there) and returns the largest remaining residual `|distort(x, y) − pixel|` in pixels.
   */
  invert(pixels: Float64Array, out: Float64Array): number;
}

const STEP = 1e-7;
const TOLERANCE_PX = 1e-10;

/**
 * Inverts geometry's forward distortion model (the one `computeUndistortion` uses to build its maps): starts from
 * OpenCV's iterative `undistortPoints`, then takes Newton steps with a finite-difference Jacobian of
 * `distortPoints` until every residual is below 1e-10 px. Images rendered through this inverse are
 * consistent with the undistortion stage to far below a pixel's thousandth.
 */
export function createLensInverter(camera: CameraCalibration): LensInverter {
  const lens: LensModel = { K: camera.K, distCoeffs: camera.distCoeffs, isFisheye: camera.isFisheye };
  return {
    invert(pixels, out) {
      const n = Math.floor(pixels.length / 2);
      out.set(undistortPoints(lens, pixels).subarray(0, n * 2));
      const shiftedX = new Float64Array(n * 2);
      const shiftedY = new Float64Array(n * 2);
      for (let i = 0; i < n; i++) {
        // OpenCV's fisheye sentinel (no convergence) and anything non-finite: no inverse.
        if (out[i * 2] === -1e6 || !Number.isFinite(out[i * 2]) || !Number.isFinite(out[i * 2 + 1])) {
          out[i * 2] = out[i * 2 + 1] = Number.NaN;
        }
      }
      let worst = 0;
      for (let iter = 0; iter < 6; iter++) {
        const at = distortPoints(lens, out);
        worst = 0;
        for (let i = 0; i < n * 2; i++) {
          const r = Math.abs(pixels[i] - at[i]);
          if (r > worst) worst = r;
        }
        if (worst < TOLERANCE_PX) break;
        for (let i = 0; i < n; i++) {
          shiftedX[i * 2] = out[i * 2] + STEP;
          shiftedX[i * 2 + 1] = out[i * 2 + 1];
          shiftedY[i * 2] = out[i * 2];
          shiftedY[i * 2 + 1] = out[i * 2 + 1] + STEP;
        }
        const ax = distortPoints(lens, shiftedX);
        const ay = distortPoints(lens, shiftedY);
        for (let i = 0; i < n; i++) {
          const u = i * 2;
          const v = u + 1;
          const ru = pixels[u] - at[u];
          const rv = pixels[v] - at[v];
          const j00 = (ax[u] - at[u]) / STEP;
          const j10 = (ax[v] - at[v]) / STEP;
          const j01 = (ay[u] - at[u]) / STEP;
          const j11 = (ay[v] - at[v]) / STEP;
          const det = j00 * j11 - j01 * j10;
          out[u] += (j11 * ru - j01 * rv) / det;
          out[v] += (j00 * rv - j10 * ru) / det;
        }
      }
      return worst;
    },
  };
}
