import { resolve } from 'node:path';
import type { RunContext } from '@aquamvs/core';
import { inputInvalid } from '@aquamvs/core/worker';
import type { Calibration } from './calibration.js';
import { loadCalibration } from './parse-calibration.js';
import { cameraProjection } from './camera-projection.js';
import type { RefractiveProjection } from './refractive-projection.js';
import { selectPairs } from './select-pairs.js';
import { undistortionModel, type UndistortionModel } from './undistortion.js';

/** A camera's models, computed once per run from calibration (spec §3.1). */
export interface CameraModel {
  readonly name: string;
  readonly isAuxiliary: boolean;
  /** K_new, the undistorted grid and the lens (the maps are made a row at a time: `undistortInto`). */
  readonly undistortion: UndistortionModel;
  /** Refractive projection on the undistorted grid (K_new), as every later stage uses it. */
  readonly projection: RefractiveProjection;
}

/** The active rig of a run: calibration cameras that also have an input. */
export interface Rig {
  readonly calibration: Calibration;
  /** Active ring cameras, sorted. */
  readonly ringCameras: readonly string[];
  /** Active auxiliary cameras, sorted. */
  readonly auxiliaryCameras: readonly string[];
  readonly models: ReadonlyMap<string, CameraModel>;
  /** Source cameras per reference ring camera (spec §3.4). */
  readonly pairs: Readonly<Record<string, string[]>>;
}

declare module '@aquamvs/core' {
  interface RunResources {
    /** The run's calibration; set it before the run to skip loading `calibration_path`. */
    calibration: Calibration;
    /** The active rig with per-camera models and pairs, built once per run by {@link prepareRig}. */
    rig: Rig;
  }
}

/**
 * Returns the run's {@link Rig}, building it on first use (every stage may call this in `prepare()`; the work is
 * done once). The calibration comes from `run.resources` or `config.calibration_path`; active cameras are the
 * calibration cameras listed in `camera_input_map` (all of them when the map is empty, e.g. in-memory sources). An input
 * camera the calibration lacks is an `AQM_ERR_INPUT_INVALID` naming it.
 */
export async function prepareRig(run: RunContext): Promise<Rig> {
  const existing = run.resources.find('rig');
  if (existing !== undefined) return existing;
  const calibration = run.resources.find('calibration') ?? (await loadCalibration(resolve(run.config.calibration_path)));
  run.resources.set('calibration', calibration);
  for (const warning of calibration.warnings) run.log.warn(warning);
  const inputs = Object.keys(run.config.camera_input_map);
  const calibrated = Object.keys(calibration.cameras);
  // An input camera without a calibration would otherwise be left out of every frame without a word.
  for (const name of inputs) {
    if (!calibrated.includes(name)) {
      throw inputInvalid(`camera_input_map: camera '${name}' is not in the calibration (calibrated cameras: ${calibrated.join(', ')})`);
    }
  }
  const isActive = (name: string): boolean => inputs.length === 0 || inputs.includes(name);
  for (const name of Object.keys(calibration.cameras)) {
    if (!isActive(name)) run.log.warn(`camera '${name}' is in the calibration but has no input in camera_input_map`);
  }
  const ringCameras = calibration.ringCameras.filter(isActive);
  const auxiliaryCameras = calibration.auxiliaryCameras.filter(isActive);
  const models = new Map<string, CameraModel>();
  for (const name of [...ringCameras, ...auxiliaryCameras]) {
    const camera = calibration.cameras[name];
    const undistortion = undistortionModel(camera);
    const projection = cameraProjection(calibration, camera, undistortion.K);
    models.set(name, { name, isAuxiliary: camera.isAuxiliary, undistortion, projection });
  }
  const pairs = selectPairs(
    { ringCameras, auxiliaryCameras, cameraCenter: (name) => calibration.cameraCenter(name) },
    { numNeighbors: run.config.sparse_matching.num_neighbors, includeCenter: run.config.sparse_matching.include_center },
  );
  const rig: Rig = { calibration, ringCameras, auxiliaryCameras, models, pairs };
  run.resources.set('rig', rig);
  return rig;
}

/**
 * Throws `AQM_ERR_INPUT_INVALID` when no ring camera of `rig` has a camera to pair with (no ring camera has an input,
 * or a single camera does): the stages that match pairs call it in `prepare`, so such a run stops before frame 0
 * instead of failing every frame with "0 camera pairs". A pipeline of per-camera stages (undistortion alone) needs no
 * pair and does not call it.
 * @example
 * requireCameraPairs(await prepareRig(run));
 */
export function requireCameraPairs(rig: Rig): void {
  const { ringCameras, auxiliaryCameras, pairs } = rig;
  if (ringCameras.some((ref) => (pairs[ref]?.length ?? 0) > 0)) return;
  const named = (names: readonly string[]): string => (names.length === 0 ? '' : ` (${names.join(', ')})`);
  throw inputInvalid(
    `camera_input_map: no camera pair to reconstruct from: ${ringCameras.length} ring camera(s)${named(ringCameras)} and ` +
      `${auxiliaryCameras.length} auxiliary camera(s)${named(auxiliaryCameras)} have an input; the pipeline needs a ring camera ` +
      `(one without "is_auxiliary": true in the calibration) and a second camera to pair it with`,
  );
}
