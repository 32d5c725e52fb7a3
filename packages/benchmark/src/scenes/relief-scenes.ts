import type { RigVariant } from '../rigs/rig-variant.js';
import type { ReliefFeature } from './relief.js';

/**
 * The rig of the `bower` scene as mounted in the field: ring cameras tilted 5–15° beyond the rig's 10° and rolled
 * up to ±10°, the fisheye centre camera tilted up to 3° and rolled up to ±40°, stronger lens distortion that differs
 * per camera (barrel k1 −0.20 … −0.03), and the water surface at Z = 0.85 m instead of 0.978 m.
 */
export const BOWER_RIG_VARIANT: RigVariant = {
  seed: 19,
  tiltDegrees: [5, 15],
  rollDegrees: 10,
  auxTiltDegrees: 3,
  auxRollDegrees: 40,
  k1: [-0.2, -0.03],
  k2: [0, 0.08],
  tangential: 8e-4,
  fisheye: [
    [0, 0.06],
    [-0.015, 0.005],
    [-0.002, 0.002],
    [-5e-4, 5e-4],
  ],
  waterZ: 0.85,
};

/**
 * The relief of the built-in relief scenes, placed around the ring centre `(cx, cy)` where every ring camera looks.
 * Sizes follow what scientists measure: fish nests and bowers (mounds and pits 2–4 cm high or deep, 3–6 cm across),
 * rocks with near-vertical walls (slope ≥ 7, i.e. ≥ 82°) and a ledge.
 */
export function reliefFeatures(scene: 'nest' | 'rock' | 'slope' | 'bower', cx: number, cy: number): ReliefFeature[] {
  const at = (dx: number, dy: number): { x: number; y: number } => ({ x: cx + dx, y: cy + dy });
  switch (scene) {
    case 'nest':
      return [
        { kind: 'mound', ...at(-0.06, 0.03), radius: 0.04, height: 0.03 },
        // A nest bowl: a low rim around a pit deeper than the bed.
        { kind: 'mound', ...at(0.06, -0.02), radius: 0.065, height: 0.012 },
        { kind: 'mound', ...at(0.06, -0.02), radius: 0.035, height: -0.03 },
        { kind: 'mound', ...at(-0.01, -0.09), radius: 0.025, height: 0.02 },
      ];
    case 'rock':
      return [
        // The rock: a ledge 2 cm up, the top 2 cm above it, both behind 4 mm-wide walls.
        { kind: 'plateau', ...at(0, 0.01), radius: 0.055, height: 0.02, wall: 0.004 },
        { kind: 'plateau', ...at(0.015, 0.02), radius: 0.032, height: 0.02, wall: 0.004 },
        { kind: 'plateau', ...at(-0.1, -0.07), radius: 0.03, height: 0.025, wall: 0.005 },
      ];
    case 'slope':
      return [
        { kind: 'mound', ...at(-0.05, 0.04), radius: 0.04, height: 0.025 },
        { kind: 'mound', ...at(0.07, -0.04), radius: 0.035, height: -0.02 },
      ];
    case 'bower':
      return [
        // A cichlid sand-castle bower: a 3 cm mound with a crater in its top (rim 1.9 cm, floor 0.8 cm up).
        { kind: 'mound', ...at(-0.05, 0.03), radius: 0.055, height: 0.03 },
        { kind: 'mound', ...at(-0.05, 0.03), radius: 0.025, height: -0.022 },
        // A spawning pit and a steep-walled rock.
        { kind: 'mound', ...at(0.07, -0.03), radius: 0.04, height: -0.025 },
        { kind: 'plateau', ...at(-0.02, -0.09), radius: 0.03, height: 0.025, wall: 0.005 },
      ];
  }
}
