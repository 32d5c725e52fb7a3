import type { Calibration, CameraCalibration } from './calibration.js';
import { createRefractiveProjection, type RefractiveProjection } from './refractive-projection.js';

/**
 * The refractive projection of one calibration camera through the calibration's water surface, with intrinsics `K`:
 * the camera's own (raw pixels) or its undistorted K_new (what every stage after undistortion uses).
 * @example
 * const camera = calibration.cameras[name];
 * const projection = cameraProjection(calibration, camera, computeUndistortion(camera).K);
 */
export function cameraProjection(calibration: Calibration, camera: CameraCalibration, K: readonly number[] = camera.K): RefractiveProjection {
  return createRefractiveProjection({
    K,
    R: camera.R,
    t: camera.t,
    waterZ: calibration.waterZ,
    normal: calibration.interfaceNormal,
    nAir: calibration.nAir,
    nWater: calibration.nWater,
  });
}
