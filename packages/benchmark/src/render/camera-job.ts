import { createRefractiveProjection, type CameraCalibration, type Calibration, type RefractiveProjection } from '@aquamvs/geometry';
import type { SceneSpec } from '../scenes/scene-spec.js';

/** Everything one camera's render needs, as plain data (sent to render workers). */
export interface CameraJob {
  readonly camera: CameraCalibration;
  readonly waterZ: number;
  readonly nAir: number;
  readonly nWater: number;
  readonly normal: readonly [number, number, number];
  readonly spec: SceneSpec;
  readonly seed: number;
}

/** The {@link CameraJob} of `camera` in `calibration`. */
export function cameraJob(calibration: Calibration, camera: string, spec: SceneSpec, seed: number): CameraJob {
  const c = calibration.cameras[camera];
  return {
    camera: {
      name: c.name,
      K: [...c.K],
      distCoeffs: [...c.distCoeffs],
      R: [...c.R],
      t: [...c.t],
      imageSize: [c.imageSize[0], c.imageSize[1]],
      isFisheye: c.isFisheye,
      isAuxiliary: c.isAuxiliary,
    },
    waterZ: calibration.waterZ,
    nAir: calibration.nAir,
    nWater: calibration.nWater,
    normal: [calibration.interfaceNormal[0], calibration.interfaceNormal[1], calibration.interfaceNormal[2]],
    spec,
    seed,
  };
}

/** The refractive projection of the job's camera with intrinsics `K` (the camera's own, or K_new). */
export function jobProjection(job: CameraJob, K: readonly number[]): RefractiveProjection {
  return createRefractiveProjection({
    K,
    R: job.camera.R,
    t: job.camera.t,
    waterZ: job.waterZ,
    normal: job.normal,
    nAir: job.nAir,
    nWater: job.nWater,
  });
}
