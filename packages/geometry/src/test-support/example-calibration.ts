/** A parsed JSON object. */
export type JsonObject = Record<string, unknown>;

function walk(doc: JsonObject, path: readonly string[]): JsonObject {
  let node: unknown = doc;
  for (const key of path.slice(0, -1)) {
    node = (node as JsonObject)[key];
    if (typeof node !== 'object' || node === null) throw new Error(`no object at ${path.join('.')}`);
  }
  return node as JsonObject;
}

/** Reads `doc[path[0]][path[1]]…`. */
export function getPath(doc: JsonObject, path: readonly string[]): unknown {
  return walk(doc, path)[path[path.length - 1]];
}

/** Sets `doc[path[0]][path[1]]… = value`. */
export function setPath(doc: JsonObject, path: readonly string[], value: unknown): void {
  walk(doc, path)[path[path.length - 1]] = value;
}

/** Deletes `doc[path[0]][path[1]]…`. */
export function deletePath(doc: JsonObject, path: readonly string[]): void {
  delete walk(doc, path)[path[path.length - 1]];
}

/** The §1.3 example calibration (with an exact 30° rotation for cam_b), as a mutable JSON object. */
export function exampleCalibrationJson(): JsonObject {
  const c = Math.cos(Math.PI / 6);
  const s = Math.sin(Math.PI / 6);
  return {
    version: '1.0',
    cameras: {
      cam_b: {
        name: 'cam_b',
        intrinsics: {
          K: [
            [1395.0, 0.0, 803.5],
            [0.0, 1396.2, 598.1],
            [0.0, 0.0, 1.0],
          ],
          dist_coeffs: [-0.11, 0.04, 0.0, 0.0, -0.008],
          image_size: [1600, 1200],
        },
        extrinsics: {
          R: [
            [c, -s, 0],
            [s, c, 0],
            [0, 0, 1],
          ],
          t: [[0.0851], [-0.3175], [0.0]],
        },
        water_z: 0.978,
      },
      cam_a: {
        name: 'cam_a',
        intrinsics: {
          K: [
            [1400.0, 0.0, 800.0],
            [0.0, 1400.0, 600.0],
            [0.0, 0.0, 1.0],
          ],
          dist_coeffs: [-0.12, 0.05, 0.0004, -0.0002, -0.01],
          image_size: [1600, 1200],
        },
        extrinsics: {
          R: [
            [1, 0, 0],
            [0, 1, 0],
            [0, 0, 1],
          ],
          t: [0.0, 0.0, 0.0],
        },
        water_z: 0.978,
      },
      center: {
        name: 'center',
        intrinsics: {
          K: [
            [620.0, 0.0, 800.0],
            [0.0, 620.0, 600.0],
            [0.0, 0.0, 1.0],
          ],
          dist_coeffs: [0.02, -0.01, 0.003, -0.0005],
          image_size: [1600, 1200],
          is_fisheye: true,
        },
        extrinsics: {
          R: [
            [1, 0, 0],
            [0, 1, 0],
            [0, 0, 1],
          ],
          t: [-0.635, 0.0, 0.02],
        },
        water_z: 0.978,
        is_auxiliary: true,
      },
    },
    interface: { normal: [0.0, 0.0, -1.0], n_air: 1.0, n_water: 1.333 },
    board: { squares_x: 12, squares_y: 9, square_size: 0.03, marker_size: 0.022, dictionary: 'DICT_5X5_100' },
    diagnostics: {
      reprojection_error_rms: 0.41,
      reprojection_error_per_camera: { cam_a: 0.39, cam_b: 0.44 },
      validation_3d_error_mean: 0.0011,
      validation_3d_error_std: 0.0006,
    },
    metadata: {
      calibration_date: '2026-02-10T10:00:00',
      software_version: '1.4.2',
      config_hash: 'a1b2c3',
      num_frames_used: 120,
      num_frames_holdout: 20,
    },
  };
}
