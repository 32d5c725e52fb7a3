import type { Calibration } from '@aquamvs/geometry';
import { benchmarkArgument, unknownScene } from '../errors.js';
import type { H264Settings } from '../render/h264.js';
import type { RigVariant } from '../rigs/rig-variant.js';
import { BOWER_RIG_VARIANT, reliefFeatures } from './relief-scenes.js';
import type { ReliefFeature } from './relief.js';
import { ringCentre } from '../rigs/ring-centre.js';

/** A synthetic scene as plain data (serialisable to scene.json and to render workers). */
export interface SceneSpec {
  /** A built-in scene name. */
  readonly name: SceneName;
  /** Mean Z of the sand surface (world +Z down); for a tilted bed, its Z under the ring centre. */
  readonly baseZ: number;
  /** Undulation amplitude A in metres (0 for `flat`). */
  readonly amplitude: number;
  /** Undulation wavelength λ in metres (the y wave has 1.3λ). */
  readonly wavelength: number;
  /** Textured region `[xMin, xMax, yMin, yMax]`; rays hitting the surface outside it miss. */
  readonly bounds: readonly [number, number, number, number];
  /** Tilt of the bed `[dZ/dx, dZ/dy]` about the ring centre (absent: level). */
  readonly slope?: readonly [number, number];
  /** Ring centre `[x, y]` the tilt turns about. */
  readonly centre?: readonly [number, number];
  /** Cm-scale relief on the bed (absent: none). */
  readonly relief?: readonly ReliefFeature[];
  /**
   * Per-camera photometric differences as real cameras have them: gain, offset, vignetting and sensor noise
   * (absent or false: identical ideal cameras).
   */
  readonly photometric?: boolean;
  /** Surface texture: procedural `sand` (default) or photo-like `pebbles` (gravel with sharp crevices). */
  readonly texture?: 'sand' | 'pebbles';
  /** The cameras record H.264 video: every rendered frame goes through a real encode and decode (absent: none). */
  readonly h264?: H264Settings;
  /** The rig as mounted in the field: extra tilts and rolls, per-lens distortion, water height (absent: nominal). */
  readonly rigVariant?: RigVariant;
}

/** Names of the built-in scenes. */
export const SCENE_NAMES = ['flat', 'undulating', 'nest', 'rock', 'slope', 'bower'] as const;
/** A built-in scene name. */
export type SceneName = (typeof SCENE_NAMES)[number];

/** Options of {@link createSceneSpec}; unset values take the §5.1 defaults. */
export interface SceneOptions {
  /** Depth of the mean surface below the water plane, metres. @default 0.2 (bower: 0.3) */
  depthBelowWater?: number;
  /** Undulation amplitude A (undulating only). @default 0.005 */
  amplitude?: number;
  /** Undulation wavelength λ (undulating only). @default 0.05 */
  wavelength?: number;
  /** Half size of the square textured region around the ring centre, metres. @default 1.5 */
  halfExtent?: number;
  /** H.264 constant rate factor the frames go through; `null`: none. @default null (bower: 23) */
  crf?: number | null;
  /**
   * `bower` only: mount the rig as in the field (extra tilts and rolls, per-lens distortion, water at Z = 0.85 m;
   * `BOWER_RIG_VARIANT`). `false` renders the calibration as given — a lab's own `calibration.json` is already the rig
   * as mounted. @default true
   */
  mountRig?: boolean;
}

/** True for a built-in scene name. */
export function isSceneName(name: string): name is SceneName {
  return (SCENE_NAMES as readonly string[]).includes(name);
}

const tanDegrees = (degrees: number): number => Math.tan((degrees * Math.PI) / 180);
/** The bed's tilt `[dZ/dx, dZ/dy]`: 15° in x under `slope`, 5° in y under `bower`. */
const BED_SLOPE: Readonly<Record<'nest' | 'rock' | 'slope' | 'bower', readonly [number, number]>> = {
  nest: [0, 0],
  rock: [0, 0],
  slope: [tanDegrees(15), 0],
  bower: [0, tanDegrees(5)],
};

function h264Of(name: SceneName, crf: number | null | undefined): { h264?: H264Settings } {
  const value = crf === undefined ? (name === 'bower' ? 23 : null) : crf;
  if (value === null) return {};
  if (!(Number.isInteger(value) && value >= 0 && value <= 51)) throw benchmarkArgument('crf', 'an integer in [0, 51] or null', value);
  return { h264: { crf: value, preset: 'medium' } };
}

/**
 * The scene `name` for a rig: `flat` is the plane `Z = water_z + 0.2`; `undulating` is
 * `Z = base + A·(sin(2πx/λ) + sin(2πy/(1.3λ)))` with A = 5 mm, λ = 5 cm. The relief scenes (`nest`: mounds, a pit
 * and a rimmed nest bowl; `rock`: a steep-walled rock with a ledge beside a boulder; `slope`: a 15° bed with a mound
 * and a pit; `bower`: a cichlid sand-castle bower with a crater, a spawning pit and a rock on a 5° bed) sit on a level
 * or tilted bed, with per-camera gain, offset, vignetting and noise. `bower` is also recorded the way field data is:
 * H.264 frames (crf 23) from the rig as mounted ({@link RigVariant}: cameras tilted 5–15° further and rolled, varied
 * lenses, water at Z = 0.85 m, bed 0.3 m below it). The textured square is centred under the ring cameras.
 * @example
 * const spec = createSceneSpec('undulating', ciRig(), { amplitude: 0.003 });
 */
export function createSceneSpec(name: string, calibration: Calibration, options: SceneOptions = {}): SceneSpec {
  if (!isSceneName(name)) throw unknownScene(name, SCENE_NAMES);
  const depth = options.depthBelowWater ?? (name === 'bower' ? 0.3 : 0.2);
  const amplitude = name === 'undulating' ? (options.amplitude ?? 0.005) : 0;
  const wavelength = options.wavelength ?? 0.05;
  const half = options.halfExtent ?? 1.5;
  if (!(depth > 0)) throw benchmarkArgument('depthBelowWater', 'a positive depth in metres', depth);
  if (!(amplitude >= 0) || amplitude >= depth / 2) throw benchmarkArgument('amplitude', `a value in [0, ${depth / 2})`, amplitude);
  if (!(wavelength > 0)) throw benchmarkArgument('wavelength', 'a positive length in metres', wavelength);
  if (!(half > 0)) throw benchmarkArgument('halfExtent', 'a positive length in metres', half);
  const [cx, cy] = ringCentre(calibration);
  const h264 = h264Of(name, options.crf);
  const rigVariant = name === 'bower' && options.mountRig !== false ? BOWER_RIG_VARIANT : undefined;
  const waterZ = rigVariant?.waterZ ?? calibration.waterZ;
  const spec: SceneSpec = { name, baseZ: waterZ + depth, amplitude, wavelength, bounds: [cx - half, cx + half, cy - half, cy + half], ...h264 };
  if (name === 'flat' || name === 'undulating') return spec;
  // A tilted bed must stay under water over its textured square: the slope scene keeps to ±0.6 m in x.
  const halfX = name === 'slope' ? Math.min(half, 0.6) : half;
  return {
    ...spec,
    bounds: [cx - halfX, cx + halfX, cy - half, cy + half],
    centre: [cx, cy],
    slope: BED_SLOPE[name],
    relief: reliefFeatures(name, cx, cy),
    photometric: true,
    texture: 'pebbles',
    ...(rigVariant === undefined ? {} : { rigVariant }),
  };
}
