import type { Calibration } from '@aquamvs/geometry';
import { benchmarkArgument, unknownScene } from '../errors.js';

/** A synthetic scene as plain data (serialisable to scene.json and to render workers). */
export interface SceneSpec {
  /** `flat` or `undulating`. */
  readonly name: SceneName;
  /** Mean Z of the sand surface (world +Z down). */
  readonly baseZ: number;
  /** Undulation amplitude A in metres (0 for `flat`). */
  readonly amplitude: number;
  /** Undulation wavelength λ in metres (the y wave has 1.3λ). */
  readonly wavelength: number;
  /** Textured region `[xMin, xMax, yMin, yMax]`; rays hitting the surface outside it miss. */
  readonly bounds: readonly [number, number, number, number];
}

/** Names of the built-in scenes. */
export const SCENE_NAMES = ['flat', 'undulating'] as const;
/** A built-in scene name. */
export type SceneName = (typeof SCENE_NAMES)[number];

/** Options of {@link createSceneSpec}; unset values take the §5.1 defaults. */
export interface SceneOptions {
  /** Depth of the mean surface below the water plane, metres. @default 0.2 */
  depthBelowWater?: number;
  /** Undulation amplitude A (undulating only). @default 0.005 */
  amplitude?: number;
  /** Undulation wavelength λ (undulating only). @default 0.05 */
  wavelength?: number;
  /** Half size of the square textured region around the ring centre, metres. @default 1.5 */
  halfExtent?: number;
}

/** True for a built-in scene name. */
export function isSceneName(name: string): name is SceneName {
  return (SCENE_NAMES as readonly string[]).includes(name);
}

/**
 * The scene `name` for a rig: `flat` is the plane `Z = water_z + 0.2`; `undulating` is
 * `Z = base + A·(sin(2πx/λ) + sin(2πy/(1.3λ)))` with A = 5 mm, λ = 5 cm. The textured square is centred
 * under the ring cameras.
 * @example
 * const spec = createSceneSpec('undulating', ciRig(), { amplitude: 0.003 });
 */
export function createSceneSpec(name: string, calibration: Calibration, options: SceneOptions = {}): SceneSpec {
  if (!isSceneName(name)) throw unknownScene(name, SCENE_NAMES);
  const depth = options.depthBelowWater ?? 0.2;
  const amplitude = name === 'flat' ? 0 : (options.amplitude ?? 0.005);
  const wavelength = options.wavelength ?? 0.05;
  const half = options.halfExtent ?? 1.5;
  if (!(depth > 0)) throw benchmarkArgument('depthBelowWater', 'a positive depth in metres', depth);
  if (!(amplitude >= 0) || amplitude >= depth / 2) throw benchmarkArgument('amplitude', `a value in [0, ${depth / 2})`, amplitude);
  if (!(wavelength > 0)) throw benchmarkArgument('wavelength', 'a positive length in metres', wavelength);
  if (!(half > 0)) throw benchmarkArgument('halfExtent', 'a positive length in metres', half);
  const ring = calibration.ringCameras.length > 0 ? calibration.ringCameras : Object.keys(calibration.cameras);
  let cx = 0;
  let cy = 0;
  for (const cam of ring) {
    const c = calibration.cameraCenter(cam);
    cx += c[0] / ring.length;
    cy += c[1] / ring.length;
  }
  return {
    name,
    baseZ: calibration.waterZ + depth,
    amplitude,
    wavelength,
    bounds: [cx - half, cx + half, cy - half, cy + half],
  };
}
