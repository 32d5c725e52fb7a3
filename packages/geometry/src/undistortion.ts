import { distortFisheyePoint, fisheyeCoefficients, pinholeCoefficients } from './distortion.js';
import { geometryArgument } from './errors.js';
import { mat3Inverse } from './mat3.js';
import { fisheyeNewCameraMatrix, optimalNewCameraMatrix } from './new-camera-matrix.js';

/** Input of {@link computeUndistortion}: a camera's intrinsics. */
export interface UndistortionInput {
  /** 3×3 intrinsics, row-major. */
  K: ArrayLike<number>;
  /** Pinhole: 5 or 8 coefficients; fisheye: 4. */
  distCoeffs: ArrayLike<number>;
  /** `[width, height]`. */
  imageSize: readonly [number, number];
  /** @default false */
  isFisheye?: boolean;
}

/** Undistortion maps (OpenCV `CV_32FC1` layout, row-major H×W) and the new intrinsics. */
export interface Undistortion {
  /** K_new: intrinsics of the undistorted image, row-major. */
  K: number[];
  width: number;
  height: number;
  /** Source x (column) for every destination pixel. */
  mapX: Float32Array;
  /** Source y (row) for every destination pixel. */
  mapY: Float32Array;
}

/**
 * Undistortion maps matching OpenCV (§3.2). Pinhole: `getOptimalNewCameraMatrix(alpha = 0)` then
 * `initUndistortRectifyMap(K, dist, I, K_new, (w, h), CV_32FC1)`. Fisheye:
 * `fisheye.estimateNewCameraMatrixForUndistortRectify(balance = 0)` then `fisheye.initUndistortRectifyMap`.
 * Compute once per run; apply per frame with {@link remap}.
 * @example
 * const und = computeUndistortion(calib.cameras.cam_a);
 * const undistorted = remap(image, und);
 */
export function computeUndistortion(input: UndistortionInput): Undistortion {
  const [width, height] = input.imageSize;
  if (!(Number.isInteger(width) && Number.isInteger(height) && width > 0 && height > 0)) {
    throw geometryArgument('computeUndistortion: imageSize', 'two positive integers', input.imageSize);
  }
  const K = Array.from(input.K);
  const fisheye = input.isFisheye ?? false;
  const kNew = fisheye ? fisheyeNewCameraMatrix(K, input.distCoeffs, [width, height]) : optimalNewCameraMatrix(K, input.distCoeffs, [width, height]);
  const ir = mat3Inverse(kNew);
  if (ir === null) throw geometryArgument('computeUndistortion: K_new', 'an invertible matrix', kNew);
  const k = fisheye ? fisheyeCoefficients(input.distCoeffs) : pinholeCoefficients(input.distCoeffs);
  const mapX = new Float32Array(width * height);
  const mapY = new Float32Array(width * height);
  fillMaps(ir, K, k, fisheye, width, height, mapX, mapY);
  return { K: kNew, width, height, mapX, mapY };
}

/**
 * The maps: each destination pixel's normalised ray `K_new⁻¹·(j, i, 1)`, distorted by `distortFisheyePoint` or as
 * `distortPinholePoint` does, written out inline with the coefficients in locals (the same arithmetic in the same
 * order, so the same floats; 20 % faster than a call per pixel). Fisheye rays behind the camera map to ±∞.
 */
function fillMaps(
  ir: readonly number[],
  K: readonly number[],
  k: Float64Array,
  fisheye: boolean,
  width: number,
  height: number,
  mapX: Float32Array,
  mapY: Float32Array,
): void {
  const [k0, k1, k2, k3, k4, k5, k6, k7] = k;
  const [fx, , cx, , fy, cy] = K;
  const p = new Float64Array(2);
  for (let i = 0; i < height; i++) {
    for (let j = 0; j < width; j++) {
      const X = ir[0] * j + ir[1] * i + ir[2];
      const Y = ir[3] * j + ir[4] * i + ir[5];
      const W = ir[6] * j + ir[7] * i + ir[8];
      const o = i * width + j;
      if (fisheye && W <= 0) {
        mapX[o] = X > 0 ? -Infinity : Infinity;
        mapY[o] = Y > 0 ? -Infinity : Infinity;
        continue;
      }
      const x = X / W;
      const y = Y / W;
      if (fisheye) {
        // One camera of a rig at most: the call is not worth writing out.
        distortFisheyePoint(x, y, K, k, p);
        mapX[o] = p[0];
        mapY[o] = p[1];
        continue;
      }
      const x2 = x * x;
      const y2 = y * y;
      const r2 = x2 + y2;
      const xy2 = 2 * x * y;
      const kr = (1 + ((k4 * r2 + k1) * r2 + k0) * r2) / (1 + ((k7 * r2 + k6) * r2 + k5) * r2);
      mapX[o] = fx * (x * kr + k2 * xy2 + k3 * (r2 + 2 * x2)) + cx;
      mapY[o] = fy * (y * kr + k2 * (r2 + 2 * y2) + k3 * xy2) + cy;
    }
  }
}
