import { fisheyeCoefficients, pinholeCoefficients, distortFisheyePoint, distortPinholePoint } from './distortion.js';
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
  const distort = fisheye ? distortFisheyePoint : distortPinholePoint;
  const mapX = new Float32Array(width * height);
  const mapY = new Float32Array(width * height);
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
      distort(X / W, Y / W, K, k, p);
      mapX[o] = p[0];
      mapY[o] = p[1];
    }
  }
  return { K: kNew, width, height, mapX, mapY };
}
