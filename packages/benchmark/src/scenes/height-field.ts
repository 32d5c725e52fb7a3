/**
 * A smooth height field `Z = h(X, Y)` (world +Z down) with the bounds that root finding and distance
 * queries need.
 */
export interface HeightField {
  /** Lowest and highest Z the field takes (`zMin ≤ h ≤ zMax` everywhere). */
  readonly zMin: number;
  readonly zMax: number;
  /** Upper bound of `|∇h|` (Lipschitz constant of the field). */
  readonly maxSlope: number;
  /** Upper bound of the absolute second derivatives (0 for a plane). */
  readonly maxCurvature: number;
  /** `h(x, y)`. */
  height(x: number, y: number): number;
  /**
   * Optional: a bound of `|∇h|` along the XY segment `(x0, y0) → (x1, y1)` only (≤ `maxSlope`); lets ray
   * intersection use Newton away from steep local relief.
   */
  slopeAlong?(x0: number, y0: number, x1: number, y1: number): number;
  /** Writes `[h, hx, hy, hxx, hxy, hyy]` at `(x, y)` into `out`. */
  derivatives(x: number, y: number, out: Float64Array): void;
}

/** A horizontal plane `Z = z`. */
export function createFlatField(z: number): HeightField {
  return {
    zMin: z,
    zMax: z,
    maxSlope: 0,
    maxCurvature: 0,
    height: () => z,
    derivatives(_x, _y, out) {
      out[0] = z;
      out[1] = out[2] = out[3] = out[4] = out[5] = 0;
    },
  };
}

/** `Z = base + A·(sin(2πx/λ) + sin(2πy/(1.3λ)))` (§5.1); range `base ± 2A`. */
export function createUndulatingField(base: number, amplitude: number, wavelength: number): HeightField {
  const a = amplitude;
  const kx = (2 * Math.PI) / wavelength;
  const ky = (2 * Math.PI) / (1.3 * wavelength);
  const span = 2 * Math.abs(a);
  return {
    zMin: base - span,
    zMax: base + span,
    maxSlope: Math.abs(a) * Math.hypot(kx, ky),
    maxCurvature: Math.abs(a) * kx * kx,
    height: (x, y) => base + a * (Math.sin(kx * x) + Math.sin(ky * y)),
    derivatives(x, y, out) {
      const sx = Math.sin(kx * x);
      const sy = Math.sin(ky * y);
      out[0] = base + a * (sx + sy);
      out[1] = a * kx * Math.cos(kx * x);
      out[2] = a * ky * Math.cos(ky * y);
      out[3] = -a * kx * kx * sx;
      out[4] = 0;
      out[5] = -a * ky * ky * sy;
    },
  };
}
