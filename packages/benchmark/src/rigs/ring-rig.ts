import { createCalibration, type Calibration, type CameraCalibration } from '@aquamvs/geometry';
import { benchmarkArgument } from '../errors.js';

/** Geometry of a synthetic ring rig: ring cameras looking down (tilted inward) plus one fisheye centre camera. */
export interface RingRigOptions {
  /** Number of ring cameras (named `ring00`, `ring01`, …). */
  ringCameras: number;
  /** `[width, height]` of every camera. */
  imageSize: readonly [number, number];
  /** Nominal focal length of the ring cameras in pixels. */
  focal: number;
  /** Ring radius in metres. @default 0.635 */
  ringRadius?: number;
  /** Z of the water surface. @default 0.978 */
  waterZ?: number;
  /** @default 1.0 */
  nAir?: number;
  /** @default 1.333 */
  nWater?: number;
  /** Inward tilt of the ring cameras' optical axes from vertical, degrees. @default 10 */
  tiltDegrees?: number;
  /** Focal length of the centre fisheye camera in pixels. @default focal / 2 */
  fisheyeFocal?: number;
  /** Height of the centre camera above the ring plane in metres (it sits at Z = −height). @default 0.02 */
  centerHeight?: number;
  /** Scale of the per-camera Brown–Conrady / fisheye coefficients (0 = no distortion). @default 1 */
  distortionScale?: number;
  /** Add the auxiliary fisheye camera `center`. @default true */
  withCenter?: boolean;
}

const unit = (v: readonly number[]): number[] => {
  const n = Math.hypot(v[0], v[1], v[2]);
  return [v[0] / n, v[1] / n, v[2] / n];
};

/** World→camera rotation (row-major) whose camera axes are `x`, `z` (and `y = z × x`) in world coordinates. */
function rotationFromAxes(x: readonly number[], z: readonly number[]): number[] {
  const y = [z[1] * x[2] - z[2] * x[1], z[2] * x[0] - z[0] * x[2], z[0] * x[1] - z[1] * x[0]];
  return [x[0], x[1], x[2], y[0], y[1], y[2], z[0], z[1], z[2]];
}

/** `t = −R·C`. */
function translationOf(R: readonly number[], C: readonly number[]): number[] {
  return [0, 1, 2].map((r) => -(R[r * 3] * C[0] + R[r * 3 + 1] * C[1] + R[r * 3 + 2] * C[2]));
}

function ringCamera(i: number, o: Required<RingRigOptions>): CameraCalibration {
  const [w, h] = o.imageSize;
  const phi = Math.PI + (2 * Math.PI * i) / o.ringCameras;
  const center = [o.ringRadius * (1 + Math.cos(phi)), o.ringRadius * Math.sin(phi), 0];
  const inward = [-Math.cos(phi), -Math.sin(phi), 0];
  const tilt = (o.tiltDegrees * Math.PI) / 180;
  const zAxis = unit([Math.sin(tilt) * inward[0], Math.sin(tilt) * inward[1], Math.cos(tilt)]);
  const dot = inward[0] * zAxis[0] + inward[1] * zAxis[1] + inward[2] * zAxis[2];
  const xAxis = unit([inward[0] - dot * zAxis[0], inward[1] - dot * zAxis[1], inward[2] - dot * zAxis[2]]);
  const R = rotationFromAxes(xAxis, zAxis);
  // Camera 0 sits exactly at the world origin (AquaCal: origin at the reference camera's centre).
  if (i === 0) center[0] = center[1] = 0;
  const fx = o.focal * (1 + 0.003 * Math.sin(0.9 * i + 0.3));
  const fy = fx * (1 + 0.0005 * Math.cos(1.1 * i));
  const cx = w / 2 + 0.004 * w * Math.sin(1.9 * i + 0.2);
  const cy = h / 2 + 0.004 * h * Math.cos(2.3 * i + 0.4);
  const s = o.distortionScale;
  const dist = [
    s * (-0.045 + 0.01 * Math.sin(1.3 * i)),
    s * (0.02 + 0.006 * Math.cos(0.7 * i)),
    s * 2e-4 * Math.sin(2.1 * i + 1),
    s * -1.5e-4 * Math.cos(1.7 * i),
    s * -0.004,
  ];
  return {
    name: `ring${String(i).padStart(2, '0')}`,
    K: [fx, 0, cx, 0, fy, cy, 0, 0, 1],
    distCoeffs: dist,
    R,
    t: translationOf(R, center),
    imageSize: [w, h],
    isFisheye: false,
    isAuxiliary: false,
  };
}

function centerCamera(o: Required<RingRigOptions>): CameraCalibration {
  const [w, h] = o.imageSize;
  const R = [1, 0, 0, 0, 1, 0, 0, 0, 1];
  const s = o.distortionScale;
  return {
    name: 'center',
    K: [o.fisheyeFocal, 0, w / 2, 0, o.fisheyeFocal, h / 2, 0, 0, 1],
    distCoeffs: [s * 0.03, s * -0.008, s * 0.002, s * -0.0004],
    R,
    t: translationOf(R, [o.ringRadius, 0, -o.centerHeight]),
    imageSize: [w, h],
    isFisheye: true,
    isAuxiliary: true,
  };
}

/**
 * Builds a synthetic ring rig as a {@link Calibration}: world +Z down, water plane `Z = waterZ`, ring camera 0
 * at the origin, the ring centre at `(ringRadius, 0)`, the fisheye centre camera above the ring centre.
 * Intrinsics and distortion vary slightly and deterministically per camera, like a real calibration.
 * @example
 * const calib = createRingRig({ ringCameras: 6, imageSize: [640, 480], focal: 560 });
 */
export function createRingRig(options: RingRigOptions): Calibration {
  const o: Required<RingRigOptions> = {
    ringRadius: 0.635,
    waterZ: 0.978,
    nAir: 1.0,
    nWater: 1.333,
    tiltDegrees: 10,
    fisheyeFocal: options.focal / 2,
    centerHeight: 0.02,
    distortionScale: 1,
    withCenter: true,
    ...options,
  };
  if (!Number.isInteger(o.ringCameras) || o.ringCameras < 2) throw benchmarkArgument('ringCameras', 'an integer ≥ 2', o.ringCameras);
  if (!(o.imageSize[0] > 0 && o.imageSize[1] > 0 && Number.isInteger(o.imageSize[0]) && Number.isInteger(o.imageSize[1]))) {
    throw benchmarkArgument('imageSize', 'two positive integers', o.imageSize);
  }
  if (!(o.waterZ > 0)) throw benchmarkArgument('waterZ', 'a positive Z coordinate', o.waterZ);
  const cameras: CameraCalibration[] = [];
  for (let i = 0; i < o.ringCameras; i++) cameras.push(ringCamera(i, o));
  if (o.withCenter) cameras.push(centerCamera(o));
  return createCalibration({
    cameras,
    waterZ: o.waterZ,
    nAir: o.nAir,
    nWater: o.nWater,
    interfaceNormal: [0, 0, -1],
    board: { squares_x: 12, squares_y: 9, square_size: 0.03, marker_size: 0.022, dictionary: 'DICT_5X5_100' },
    diagnostics: {
      reprojection_error_rms: 0,
      reprojection_error_per_camera: Object.fromEntries(cameras.map((c) => [c.name, 0])),
      validation_3d_error_mean: 0,
      validation_3d_error_std: 0,
    },
    metadata: {
      calibration_date: '2026-01-01T00:00:00',
      software_version: 'aquamvs-benchmark synthetic rig',
      config_hash: `ring-${o.ringCameras}-${o.imageSize[0]}x${o.imageSize[1]}`,
      num_frames_used: 0,
      num_frames_holdout: 0,
    },
  });
}
