import type { Calibration } from './calibration.js';

const rows3 = (m: readonly number[]): number[][] => [
  [m[0], m[1], m[2]],
  [m[3], m[4], m[5]],
  [m[6], m[7], m[8]],
];

/**
 * Writes a {@link Calibration} as an AquaCal v1.0 JSON document (all required keys of §1.2, so
 * `aquacal.io.serialization.load_calibration` and {@link parseCalibration} accept it). Missing
 * `board` / `diagnostics` / `metadata` entries are filled with neutral placeholders.
 * @example
 * await writeFile('calibration.json', JSON.stringify(serializeCalibration(calib), null, 2));
 */
export function serializeCalibration(calibration: Calibration): Record<string, unknown> {
  const cameras: Record<string, unknown> = {};
  const perCamera: Record<string, number> = {};
  for (const [name, cam] of Object.entries(calibration.cameras)) {
    const intrinsics: Record<string, unknown> = {
      K: rows3(cam.K),
      dist_coeffs: [...cam.distCoeffs],
      image_size: [cam.imageSize[0], cam.imageSize[1]],
    };
    if (cam.isFisheye) intrinsics.is_fisheye = true;
    const entry: Record<string, unknown> = {
      name,
      intrinsics,
      extrinsics: { R: rows3(cam.R), t: [cam.t[0], cam.t[1], cam.t[2]] },
      water_z: calibration.waterZ,
    };
    if (cam.isAuxiliary) entry.is_auxiliary = true;
    cameras[name] = entry;
    perCamera[name] = 0;
  }
  return {
    version: '1.0',
    cameras,
    interface: {
      normal: [...calibration.interfaceNormal],
      n_air: calibration.nAir,
      n_water: calibration.nWater,
    },
    board: {
      squares_x: 12,
      squares_y: 9,
      square_size: 0.03,
      marker_size: 0.022,
      dictionary: 'DICT_5X5_100',
      ...calibration.board,
    },
    diagnostics: {
      reprojection_error_rms: 0,
      reprojection_error_per_camera: perCamera,
      validation_3d_error_mean: 0,
      validation_3d_error_std: 0,
      ...calibration.diagnostics,
    },
    metadata: {
      calibration_date: '1970-01-01T00:00:00',
      software_version: '@aquamvs/geometry',
      config_hash: '',
      num_frames_used: 0,
      num_frames_holdout: 0,
      ...calibration.metadata,
    },
  };
}
