import type { ReliefFeature } from './relief.js';

/**
 * The relief of the built-in relief scenes, placed around the ring centre `(cx, cy)` where every ring camera looks.
 * Sizes follow what scientists measure: fish nests and bowers (mounds and pits 2–4 cm high or deep, 3–6 cm across),
 * rocks with near-vertical walls (slope ≥ 7, i.e. ≥ 82°) and a ledge.
 */
export function reliefFeatures(scene: 'nest' | 'rock' | 'slope', cx: number, cy: number): ReliefFeature[] {
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
  }
}
