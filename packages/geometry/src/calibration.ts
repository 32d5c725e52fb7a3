import { geometryArgument } from './errors.js';
import { cameraCenterOf } from './mat3.js';

/** Intrinsics and extrinsics of one camera (AquaCal v1.0 camera entry). Matrices are row-major. */
export interface CameraCalibration {
  /** Camera name: the key of the `cameras` object in the calibration file. */
  readonly name: string;
  /** 3×3 intrinsic matrix, row-major, length 9. */
  readonly K: readonly number[];
  /** Distortion: pinhole `[k1,k2,p1,p2,k3]` or 8 rational terms; fisheye `[k1,k2,k3,k4]`. */
  readonly distCoeffs: readonly number[];
  /** World→camera rotation, row-major, length 9. */
  readonly R: readonly number[];
  /** World→camera translation, length 3 (`p_cam = R·p_world + t`). */
  readonly t: readonly number[];
  /** `[width, height]` in pixels. */
  readonly imageSize: readonly [number, number];
  /** Equidistant fisheye model (4 coefficients). */
  readonly isFisheye: boolean;
  /** Auxiliary (centre) camera registered post hoc; never a reference view. */
  readonly isAuxiliary: boolean;
}

/** A loaded rig calibration (AquaCal v1.0) with AquaMVS's derived views. */
export interface Calibration {
  /** Cameras by name, in file order. */
  readonly cameras: Readonly<Record<string, CameraCalibration>>;
  /** Z coordinate of the flat water surface (world +Z points down), from the first camera in file order. */
  readonly waterZ: number;
  readonly nAir: number;
  readonly nWater: number;
  /** Unit interface normal pointing from water to air, usually `[0, 0, -1]`. */
  readonly interfaceNormal: readonly [number, number, number];
  /** Names of non-auxiliary cameras, sorted. */
  readonly ringCameras: readonly string[];
  /** Names of auxiliary cameras, sorted. */
  readonly auxiliaryCameras: readonly string[];
  /** AquaCal `board` object, kept verbatim for round trips (unused by the pipeline). */
  readonly board: Readonly<Record<string, unknown>>;
  /** AquaCal `diagnostics` object, kept verbatim. */
  readonly diagnostics: Readonly<Record<string, unknown>>;
  /** AquaCal `metadata` object, kept verbatim. */
  readonly metadata: Readonly<Record<string, unknown>>;
  /** Non-fatal findings while loading (e.g. cameras disagreeing on `water_z`). */
  readonly warnings: readonly string[];
  /** Camera centre `C = −Rᵀt` in world coordinates; throws for an unknown camera. */
  cameraCenter(name: string): [number, number, number];
}

/** What {@link createCalibration} needs; the derived fields are computed. */
export interface CalibrationInit {
  cameras: Record<string, CameraCalibration> | readonly CameraCalibration[];
  waterZ: number;
  /** @default 1.0 */
  nAir?: number;
  /** @default 1.333 */
  nWater?: number;
  /** @default [0, 0, -1] */
  interfaceNormal?: readonly [number, number, number];
  board?: Record<string, unknown>;
  diagnostics?: Record<string, unknown>;
  metadata?: Record<string, unknown>;
  warnings?: readonly string[];
}

/**
 * Builds a {@link Calibration} from cameras and interface parameters (ring/auxiliary lists sorted,
 * `cameraCenter` bound). Used by the loader and by code that synthesises rigs.
 * @example
 * const calib = createCalibration({ cameras: [cam], waterZ: 0.978 });
 */
export function createCalibration(init: CalibrationInit): Calibration {
  const list = Array.isArray(init.cameras)
    ? (init.cameras as readonly CameraCalibration[])
    : Object.values(init.cameras as Record<string, CameraCalibration>);
  const cameras: Record<string, CameraCalibration> = {};
  for (const camera of list) cameras[camera.name] = camera;
  const names = Object.keys(cameras);
  const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  const centers = new Map<string, [number, number, number]>();
  for (const name of names) centers.set(name, cameraCenterOf(cameras[name].R, cameras[name].t));
  return {
    cameras,
    waterZ: init.waterZ,
    nAir: init.nAir ?? 1.0,
    nWater: init.nWater ?? 1.333,
    interfaceNormal: init.interfaceNormal ?? [0, 0, -1],
    ringCameras: names.filter((n) => !cameras[n].isAuxiliary).sort(byName),
    auxiliaryCameras: names.filter((n) => cameras[n].isAuxiliary).sort(byName),
    board: init.board ?? {},
    diagnostics: init.diagnostics ?? {},
    metadata: init.metadata ?? {},
    warnings: init.warnings ?? [],
    cameraCenter(name: string): [number, number, number] {
      const c = centers.get(name);
      if (c === undefined) throw geometryArgument('cameraCenter', `one of ${names.join(', ')}`, name);
      return [c[0], c[1], c[2]];
    },
  };
}
