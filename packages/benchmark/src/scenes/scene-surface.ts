import { distanceToHeightField } from './closest-point.js';
import { createBedField } from './bed-field.js';
import { createFlatField, createUndulatingField, type HeightField } from './height-field.js';
import { intersectHeightField } from './intersect-height-field.js';
import { reliefHeight } from './relief.js';
import type { SceneSpec } from './scene-spec.js';

/** The analytic ground-truth surface of a synthetic scene. */
export interface SceneSurface {
  readonly spec: SceneSpec;
  readonly field: HeightField;
  /** Surface Z at `(x, y)` (defined everywhere, textured inside `spec.bounds`). */
  height(x: number, y: number): number;
  /** Unit normal at `(x, y)`, pointing up toward the water (−Z). */
  normal(x: number, y: number): [number, number, number];
  /** Height of the relief above the bed at `(x, y)`, metres (0 on the bed and in scenes without relief). */
  reliefHeight(x: number, y: number): number;
  /** True when `(x, y)` lies in the textured region. */
  contains(x: number, y: number): boolean;
  /**
   * Ray depth of the first hit of `o + δ·d` inside the textured region, NaN on a miss. Exact to ~1e-12 m.
   * @param guess optional starting δ (a neighbouring ray's depth)
   */
  intersect(ox: number, oy: number, oz: number, dx: number, dy: number, dz: number, guess?: number): number;
  /** Euclidean distance (metres) of each N×3 point to the surface (unbounded), exact. */
  distanceToSurface(points: Float64Array): Float64Array;
}

/** Builds the {@link SceneSurface} of a {@link SceneSpec}. */
export function createSceneSurface(spec: SceneSpec): SceneSurface {
  const [x0, x1, y0, y1] = spec.bounds;
  const relief = spec.relief ?? [];
  const field: HeightField =
    relief.length > 0 || spec.slope !== undefined
      ? createBedField({
          baseZ: spec.baseZ,
          centre: spec.centre ?? [0.5 * (x0 + x1), 0.5 * (y0 + y1)],
          slope: spec.slope ?? [0, 0],
          amplitude: spec.amplitude,
          wavelength: spec.wavelength,
          relief,
          bounds: spec.bounds,
        })
      : spec.amplitude === 0
        ? createFlatField(spec.baseZ)
        : createUndulatingField(spec.baseZ, spec.amplitude, spec.wavelength);
  const d = new Float64Array(6);
  const contains = (x: number, y: number): boolean => x >= x0 && x <= x1 && y >= y0 && y <= y1;
  return {
    spec,
    field,
    height: (x, y) => field.height(x, y),
    normal(x, y) {
      field.derivatives(x, y, d);
      const n = Math.hypot(d[1], d[2], 1);
      return [d[1] / n, d[2] / n, -1 / n];
    },
    reliefHeight: (x, y) => (relief.length === 0 ? 0 : reliefHeight(relief, x, y)),
    contains,
    intersect(ox, oy, oz, dx, dy, dz, guess = Number.NaN) {
      const delta = intersectHeightField(field, ox, oy, oz, dx, dy, dz, guess);
      if (!(delta >= 0)) return Number.NaN;
      return contains(ox + delta * dx, oy + delta * dy) ? delta : Number.NaN;
    },
    distanceToSurface(points) {
      const n = Math.floor(points.length / 3);
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) out[i] = distanceToHeightField(field, points[i * 3], points[i * 3 + 1], points[i * 3 + 2]);
      return out;
    },
  };
}
