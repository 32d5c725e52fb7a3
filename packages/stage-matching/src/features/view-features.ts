import type { FrameImage } from '@aquamvs/core';
import type { RefractiveProjection } from '@aquamvs/geometry';
import type { CameraFeatures } from '../artifacts.js';
import { clahe } from './clahe.js';
import { detectCorners } from './detect-corners.js';
import { gaussianBlur, gaussianBlurRows } from './gaussian-blur.js';
import { greyRows, toGrey } from './grey.js';
import { sharedFloat32, sharedFloat64 } from '../parallel/shared-arrays.js';
import { horizontalJacobian, samplePatch, type Plane } from './patch.js';

/** Options of {@link extractViewFeatures}. */
export interface ViewFeatureOptions {
  maxKeypoints: number;
  /** Corner response threshold relative to the strongest corner. */
  quality: number;
  /** CLAHE clip limit, or null for no CLAHE. */
  claheClipLimit: number | null;
  /** Non-zero = keep. */
  mask?: Uint8Array;
  /** σ of the smoothing applied before detection and sampling, pixels. */
  blurSigma: number;
}

/** A camera's features plus what matching needs: the smoothed image and each keypoint's refracted ray. */
export interface ViewFeatures extends CameraFeatures {
  readonly camera: string;
  readonly plane: Plane;
  /** N×3 ray origins (on the water surface). */
  readonly origins: Float64Array;
  /** N×3 unit ray directions (in water). */
  readonly directions: Float64Array;
}

/**
 * Detects corners in an undistorted image (features without descriptors yet: call {@link describeView}).
 * Keypoints outside the mask are dropped (rounded, clamped pixel, spec §3.14).
 */
export function detectView(camera: string, image: FrameImage, projection: RefractiveProjection, options: ViewFeatureOptions): ViewFeatures {
  const { width, height } = image;
  const smooth = sharedFloat32(width * height);
  if (options.claheClipLimit === null) gaussianBlurRows(width, height, options.blurSigma, greyRows(camera, image), smooth);
  else gaussianBlur(clahe(toGrey(camera, image), width, height, options.claheClipLimit), width, height, options.blurSigma, smooth);
  const minDistance = Math.max(2, 0.5 * Math.sqrt((width * height) / options.maxKeypoints));
  const corners = detectCorners(smooth, width, height, {
    maxCorners: options.maxKeypoints,
    quality: options.quality,
    minDistance,
    border: 4,
    ...(options.mask === undefined ? {} : { mask: options.mask }),
  });
  const keep: number[] = [];
  for (let i = 0; i < corners.responses.length; i++) {
    if (options.mask === undefined || inMask(options.mask, corners.points[i * 2], corners.points[i * 2 + 1], width, height)) keep.push(i);
  }
  const keypoints = sharedFloat64(keep.length * 2);
  const scores = sharedFloat32(keep.length);
  keep.forEach((i, k) => {
    keypoints[k * 2] = corners.points[i * 2];
    keypoints[k * 2 + 1] = corners.points[i * 2 + 1];
    scores[k] = corners.responses[i];
  });
  const origins = sharedFloat64(keep.length * 3);
  const directions = sharedFloat64(keep.length * 3);
  projection.castRayInto(keypoints, origins, directions);
  const plane: Plane = { data: smooth, width, height };
  return { camera, plane, keypoints, scores, descriptors: sharedFloat32(0), descriptorSize: 0, origins, directions };
}

/**
 * Describes each keypoint by a G×G patch laid out on the horizontal world plane `Z = nominalZ` around the
 * keypoint's ray (so patches are aligned to world X/Y in every camera: no rotation or scale search is needed
 * across the ring). Keypoints whose patch leaves the image or is flat are dropped.
 */
export function describeView(view: ViewFeatures, projection: RefractiveProjection, nominalZ: number, step: number, grid: number): ViewFeatures {
  const n = view.scores.length;
  const D = grid * grid;
  const desc = new Float32Array(n * D);
  const J = new Float64Array(4);
  const keep: number[] = [];
  const { origins: o, directions: d } = view;
  for (let i = 0; i < n; i++) {
    const j = i * 3;
    const depth = (nominalZ - o[j + 2]) / d[j + 2];
    if (!(depth > 0)) continue;
    if (!horizontalJacobian(projection, o[j] + depth * d[j], o[j + 1] + depth * d[j + 1], nominalZ, J)) continue;
    if (samplePatch(view.plane, view.keypoints[i * 2], view.keypoints[i * 2 + 1], J, 0, step, grid, desc, keep.length * D)) keep.push(i);
  }
  const m = keep.length;
  const keypoints = sharedFloat64(m * 2);
  const scores = sharedFloat32(m);
  const origins = sharedFloat64(m * 3);
  const directions = sharedFloat64(m * 3);
  const descriptors = sharedFloat32(m * D);
  descriptors.set(desc.subarray(0, m * D));
  keep.forEach((i, k) => {
    keypoints.set(view.keypoints.subarray(i * 2, i * 2 + 2), k * 2);
    scores[k] = view.scores[i];
    origins.set(o.subarray(i * 3, i * 3 + 3), k * 3);
    directions.set(d.subarray(i * 3, i * 3 + 3), k * 3);
  });
  return { ...view, keypoints, scores, origins, directions, descriptors, descriptorSize: D };
}

/** Mask test at the rounded, clamped pixel (spec §3.14). */
function inMask(mask: Uint8Array, u: number, v: number, width: number, height: number): boolean {
  const x = Math.min(width - 1, Math.max(0, Math.round(u)));
  const y = Math.min(height - 1, Math.max(0, Math.round(v)));
  return mask[y * width + x] !== 0;
}
