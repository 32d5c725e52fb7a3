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

/** A camera's undistortion without its maps: K_new, the grid, and the lens that gives any row of the maps. */
export interface UndistortionModel {
  /** K_new: intrinsics of the undistorted image, row-major. */
  K: number[];
  width: number;
  height: number;
  /** What maps a destination pixel to its source pixel (plain data, so it can go to worker threads). */
  lens: UndistortionLens;
}

/** The source-pixel map of {@link UndistortionModel}: `K_new⁻¹`, the camera's K and its distortion coefficients. */
export interface UndistortionLens {
  /** K_new⁻¹, row-major. */
  ir: number[];
  /** The camera's (distorted) K, row-major. */
  K: number[];
  /** Pinhole: 8 coefficients (k1, k2, p1, p2, k3, k4, k5, k6); fisheye: 4. */
  k: Float64Array;
  fisheye: boolean;
}

/** Undistortion maps (OpenCV `CV_32FC1` layout, row-major H×W) and the new intrinsics. */
export interface Undistortion extends UndistortionModel {
  /** Source x (column) for every destination pixel. */
  mapX: Float32Array;
  /** Source y (row) for every destination pixel. */
  mapY: Float32Array;
}

/**
 * K_new and the lens of a camera's undistortion, without the maps (OpenCV, §3.2: pinhole
 * `getOptimalNewCameraMatrix(alpha = 0)`, fisheye `fisheye.estimateNewCameraMatrixForUndistortRectify(balance =
 * 0)`). The maps' rows come from {@link fillMapRows}, so an image can be undistorted without holding the maps
 * (8 bytes a pixel).
 * @example
 * const model = undistortionModel(calib.cameras.cam_a); // model.K, model.width, model.height
 */
export function undistortionModel(input: UndistortionInput): UndistortionModel {
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
  return { K: kNew, width, height, lens: { ir: Array.from(ir), K, k, fisheye } };
}

/**
 * Undistortion maps matching OpenCV (§3.2): {@link undistortionModel} then `initUndistortRectifyMap(K, dist, I,
 * K_new, (w, h), CV_32FC1)` (fisheye: `fisheye.initUndistortRectifyMap`). Compute once per run; apply per frame
 * with {@link remap}. (The pipeline undistorts without them: `undistortInto`.)
 * @example
 * const und = computeUndistortion(calib.cameras.cam_a);
 * const undistorted = remap(image, und);
 */
export function computeUndistortion(input: UndistortionInput): Undistortion {
  const model = undistortionModel(input);
  const mapX = new Float32Array(model.width * model.height);
  const mapY = new Float32Array(model.width * model.height);
  fillMapRows(model, 0, model.height, mapX, mapY);
  return { ...model, mapX, mapY };
}

/**
 * Rows `[y0, y1)` of the maps into `mapX`/`mapY` (row `y0` at index 0): each destination pixel's normalised ray
 * `K_new⁻¹·(j, i, 1)`, distorted by `distortFisheyePoint` or as `distortPinholePoint` does — the pinhole model written
 * out inline with the coefficients in locals (the same arithmetic in the same order, so the same floats; ~5× faster
 * than a call per pixel). Fisheye rays behind the camera map to ±∞.
 */
export function fillMapRows(model: UndistortionModel, y0: number, y1: number, mapX: Float32Array, mapY: Float32Array): void {
  if (model.lens.fisheye) fillFisheyeRows(model, y0, y1, mapX, mapY);
  else fillPinholeRows(model, y0, y1, mapX, mapY);
}

function fillPinholeRows(model: UndistortionModel, y0: number, y1: number, mapX: Float32Array, mapY: Float32Array): void {
  const { width } = model;
  const { ir, K, k } = model.lens;
  const k0 = k[0];
  const k1 = k[1];
  const k2 = k[2];
  const k3 = k[3];
  const k4 = k[4];
  const k5 = k[5];
  const k6 = k[6];
  const k7 = k[7];
  const [fx, , cx, , fy, cy] = K;
  const [a0, a1, a2, b0, b1, b2, c0, c1, c2] = ir;
  for (let i = y0; i < y1; i++) {
    // The row's terms of K_new⁻¹·(j, i, 1), added in the same order as written out per pixel (same floats).
    const ai = a1 * i;
    const bi = b1 * i;
    const ci = c1 * i;
    let o = (i - y0) * width;
    for (let j = 0; j < width; j++, o++) {
      const W = c0 * j + ci + c2;
      const x = (a0 * j + ai + a2) / W;
      const y = (b0 * j + bi + b2) / W;
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

/** Fisheye rows through `distortFisheyePoint` (one camera of a rig at most: not worth writing out); rays behind the camera map to ±∞. */
function fillFisheyeRows(model: UndistortionModel, y0: number, y1: number, mapX: Float32Array, mapY: Float32Array): void {
  const { width } = model;
  const { ir, K, k } = model.lens;
  const p = new Float64Array(2);
  for (let i = y0; i < y1; i++) {
    for (let j = 0; j < width; j++) {
      const X = ir[0] * j + ir[1] * i + ir[2];
      const Y = ir[3] * j + ir[4] * i + ir[5];
      const W = ir[6] * j + ir[7] * i + ir[8];
      const o = (i - y0) * width + j;
      if (W <= 0) {
        mapX[o] = X > 0 ? -Infinity : Infinity;
        mapY[o] = Y > 0 ? -Infinity : Infinity;
        continue;
      }
      distortFisheyePoint(X / W, Y / W, K, k, p);
      mapX[o] = p[0];
      mapY[o] = p[1];
    }
  }
}
