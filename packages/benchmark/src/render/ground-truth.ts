import { undistortionModel } from '@aquamvs/geometry';
import { createSceneSurface } from '../scenes/scene-surface.js';
import { jobProjection, type CameraJob } from './camera-job.js';

/** Ground truth of one camera on its *undistorted* pixel grid (the grid depth maps live on). */
export interface GroundTruth {
  readonly camera: string;
  readonly width: number;
  readonly height: number;
  /** K_new of the undistorted grid (row-major 3×3), from geometry's `undistortionModel`. */
  readonly K: readonly number[];
  /** H×W ray depth δ in metres (along the refracted ray from the water surface); NaN where the ray misses. */
  readonly depth: Float64Array;
  /** H×W×3 world points `origin + δ·direction`; NaN where the ray misses. */
  readonly points: Float64Array;
}

/** Intrinsics of the undistorted grid of the job's camera. */
export function undistortedIntrinsics(job: CameraJob): { K: number[]; width: number; height: number } {
  const u = undistortionModel({
    K: job.camera.K,
    distCoeffs: job.camera.distCoeffs,
    imageSize: job.camera.imageSize,
    isFisheye: job.camera.isFisheye,
  });
  return { K: u.K, width: u.width, height: u.height };
}

/**
 * Exact ground truth for every pixel centre of the undistorted grid: geometry's `castRay` with K_new, then the
 * exact ray–surface intersection (~1e-12 m).
 */
export function computeGroundTruth(job: CameraJob, intrinsics = undistortedIntrinsics(job)): GroundTruth {
  const { K, width, height } = intrinsics;
  const projection = jobProjection(job, K);
  const surface = createSceneSurface(job.spec);
  const depth = new Float64Array(width * height);
  const points = new Float64Array(width * height * 3);
  const pixels = new Float64Array(width * 2);
  const origins = new Float64Array(width * 3);
  const directions = new Float64Array(width * 3);
  for (let row = 0; row < height; row++) {
    for (let col = 0; col < width; col++) {
      pixels[col * 2] = col;
      pixels[col * 2 + 1] = row;
    }
    projection.castRayInto(pixels, origins, directions);
    let guess = Number.NaN;
    for (let col = 0; col < width; col++) {
      const o = col * 3;
      const delta = surface.intersect(origins[o], origins[o + 1], origins[o + 2], directions[o], directions[o + 1], directions[o + 2], guess);
      const p = row * width + col;
      depth[p] = delta;
      if (delta >= 0) {
        guess = delta;
        points[p * 3] = origins[o] + delta * directions[o];
        points[p * 3 + 1] = origins[o + 1] + delta * directions[o + 1];
        points[p * 3 + 2] = origins[o + 2] + delta * directions[o + 2];
      } else {
        depth[p] = Number.NaN;
        points[p * 3] = points[p * 3 + 1] = points[p * 3 + 2] = Number.NaN;
      }
    }
  }
  return { camera: job.camera.name, width, height, K, depth, points };
}
