import { createCalibration, type Calibration, type CameraCalibration } from '@aquamvs/geometry';
import { benchmarkArgument } from '../errors.js';
import { createRandom, type SeededRandom } from '../random.js';
import { ringCentre } from './ring-centre.js';

/**
 * How a rig as mounted in the field departs from its nominal geometry, as plain data (a scene carries it): each
 * ring camera tilted further and rolled about its optical axis, the auxiliary camera tilted and rolled a little,
 * every lens with its own distortion, and the water surface at another height. Camera centres do not move.
 */
export interface RigVariant {
  /** Seed of the per-camera draws. */
  readonly seed: number;
  /**
   * Extra tilt of each ring camera's optical axis beyond the rig's, degrees, uniform in `[min, max]`, toward an
   * azimuth drawn within ±90° of the ring centre (so the centre stays in view).
   */
  readonly tiltDegrees: readonly [number, number];
  /** Roll of each ring camera about its optical axis, uniform in ±`rollDegrees`. */
  readonly rollDegrees: number;
  /** Extra tilt of each auxiliary camera, degrees, uniform in `[0, auxTiltDegrees]`, toward any azimuth. */
  readonly auxTiltDegrees: number;
  /** Roll of each auxiliary camera about its optical axis, uniform in ±`auxRollDegrees`. */
  readonly auxRollDegrees: number;
  /** Ranges of the ring cameras' Brown–Conrady `k1`, `k2`; `p1`, `p2` uniform in ±`tangential`, `k3` = 0. */
  readonly k1: readonly [number, number];
  readonly k2: readonly [number, number];
  readonly tangential: number;
  /** Ranges of the fisheye (equidistant) cameras' `k1 … k4`. */
  readonly fisheye: readonly (readonly [number, number])[];
  /** Z of the water surface (absent: the rig's). */
  readonly waterZ?: number;
}

const DEG = Math.PI / 180;

const uniform = (random: SeededRandom, [a, b]: readonly [number, number]): number => a + (b - a) * random.next();

/** Rodrigues rotation matrix (row-major) of `angle` about the unit `axis`. */
function axisAngle(axis: readonly number[], angle: number): number[] {
  const [x, y, z] = axis;
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  const k = 1 - c;
  return [
    c + x * x * k,
    x * y * k - z * s,
    x * z * k + y * s,
    y * x * k + z * s,
    c + y * y * k,
    y * z * k - x * s,
    z * x * k - y * s,
    z * y * k + x * s,
    c + z * z * k,
  ];
}

/** `A·B` for row-major 3×3 matrices. */
function mul(A: readonly number[], B: readonly number[]): number[] {
  const out = new Array<number>(9);
  for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) out[r * 3 + c] = A[r * 3] * B[c] + A[r * 3 + 1] * B[3 + c] + A[r * 3 + 2] * B[6 + c];
  return out;
}

const transpose = (A: readonly number[]): number[] => [A[0], A[3], A[6], A[1], A[4], A[7], A[2], A[5], A[8]];

/**
 * World→camera rotation of a camera turned, about its own centre, by `tilt` toward the horizontal world direction
 * at `azimuth` and then by `roll` about its new optical axis.
 */
function turned(R: readonly number[], tilt: number, azimuth: number, roll: number): number[] {
  const z = [R[6], R[7], R[8]];
  const d = [Math.cos(azimuth), Math.sin(azimuth), 0];
  // Rotation axis z × d tilts the optical axis toward d.
  const a = [z[1] * d[2] - z[2] * d[1], z[2] * d[0] - z[0] * d[2], z[0] * d[1] - z[1] * d[0]];
  const n = Math.hypot(a[0], a[1], a[2]);
  const tilted = n < 1e-12 ? [...R] : mul(R, transpose(axisAngle([a[0] / n, a[1] / n, a[2] / n], tilt)));
  const c = Math.cos(roll);
  const s = Math.sin(roll);
  return mul([c, s, 0, -s, c, 0, 0, 0, 1], tilted);
}

function centreOf(R: readonly number[], t: readonly number[]): number[] {
  return [0, 1, 2].map((i) => -(R[i] * t[0] + R[3 + i] * t[1] + R[6 + i] * t[2]));
}

function checkVariant(v: RigVariant): void {
  const [t0, t1] = v.tiltDegrees;
  if (!(t0 >= 0 && t1 >= t0 && t1 < 45)) throw benchmarkArgument('rigVariant.tiltDegrees', '[min, max] with 0 ≤ min ≤ max < 45', v.tiltDegrees);
  for (const [key, value] of [
    ['rollDegrees', v.rollDegrees],
    ['auxTiltDegrees', v.auxTiltDegrees],
    ['auxRollDegrees', v.auxRollDegrees],
  ] as const) {
    if (!(value >= 0 && value <= 180)) throw benchmarkArgument(`rigVariant.${key}`, 'a value in [0, 180]', value);
  }
  if (v.fisheye.length !== 4) throw benchmarkArgument('rigVariant.fisheye', 'four [min, max] ranges (k1 … k4)', v.fisheye);
  if (v.waterZ !== undefined && !(v.waterZ > 0)) throw benchmarkArgument('rigVariant.waterZ', 'a positive Z coordinate', v.waterZ);
}

/**
 * The rig `calibration` as mounted per `variant` (see {@link RigVariant}); deterministic in `variant.seed`.
 * Ring cameras are drawn in name order; each camera's draws come from its own stream.
 * @example
 * const field = applyRigVariant(ciRig(), { seed: 1, tiltDegrees: [5, 15], rollDegrees: 10, auxTiltDegrees: 3,
 *   auxRollDegrees: 40, k1: [-0.2, -0.03], k2: [0, 0.08], tangential: 8e-4,
 *   fisheye: [[0, 0.06], [-0.015, 0.005], [-0.002, 0.002], [-5e-4, 5e-4]], waterZ: 0.85 });
 */
export function applyRigVariant(calibration: Calibration, variant: RigVariant): Calibration {
  checkVariant(variant);
  const [cx, cy] = ringCentre(calibration);
  const names = Object.keys(calibration.cameras);
  const cameras = names.map((name, index): CameraCalibration => {
    const camera = calibration.cameras[name];
    const random = createRandom(variant.seed, 17 + index);
    const C = centreOf(camera.R, camera.t);
    let R: number[];
    if (camera.isAuxiliary) {
      R = turned(
        camera.R,
        variant.auxTiltDegrees * DEG * random.next(),
        2 * Math.PI * random.next(),
        variant.auxRollDegrees * DEG * (2 * random.next() - 1),
      );
    } else {
      const inward = Math.atan2(cy - C[1], cx - C[0]);
      const tilt = uniform(random, variant.tiltDegrees) * DEG;
      R = turned(camera.R, tilt, inward + (Math.PI / 2) * (2 * random.next() - 1), variant.rollDegrees * DEG * (2 * random.next() - 1));
    }
    const distCoeffs = camera.isFisheye
      ? variant.fisheye.map((range) => uniform(random, range))
      : [
          uniform(random, variant.k1),
          uniform(random, variant.k2),
          variant.tangential * (2 * random.next() - 1),
          variant.tangential * (2 * random.next() - 1),
          0,
        ];
    const t = [0, 1, 2].map((r) => -(R[r * 3] * C[0] + R[r * 3 + 1] * C[1] + R[r * 3 + 2] * C[2]));
    return { ...camera, R, t, distCoeffs, K: [...camera.K], imageSize: [camera.imageSize[0], camera.imageSize[1]] };
  });
  const hash = calibration.metadata.config_hash;
  return createCalibration({
    cameras,
    waterZ: variant.waterZ ?? calibration.waterZ,
    nAir: calibration.nAir,
    nWater: calibration.nWater,
    interfaceNormal: calibration.interfaceNormal,
    board: calibration.board,
    diagnostics: calibration.diagnostics,
    metadata: { ...calibration.metadata, config_hash: `${typeof hash === 'string' ? hash : 'rig'}-variant-${variant.seed}` },
  });
}
