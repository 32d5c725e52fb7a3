import type { HeightField } from './height-field.js';
import { addRelief, featureBounds, type ReliefFeature } from './relief.js';

const SCRATCH = new Float64Array(6);

/** A sand bed: a (possibly tilted) plane, optional §5.1 undulation, and cm-scale relief on top. */
export interface BedFieldOptions {
  /** Z of the bed plane at `centre`. */
  readonly baseZ: number;
  readonly centre: readonly [number, number];
  /** dZ/dx and dZ/dy of the bed plane (a tilted bed). */
  readonly slope: readonly [number, number];
  /** Undulation amplitude A and wavelength λ (`A = 0`: none). */
  readonly amplitude: number;
  readonly wavelength: number;
  readonly relief: readonly ReliefFeature[];
  /** XY region the bounds hold over `[xMin, xMax, yMin, yMax]`. */
  readonly bounds: readonly [number, number, number, number];
}

/**
 * The height field `Z = plane(x, y) + A·(sin(2πx/λ) + sin(2πy/(1.3λ))) − relief(x, y)` with bounds valid over
 * `bounds`, and the bed alone (`bedHeight`: the surface without its relief).
 */
export function createBedField(o: BedFieldOptions): HeightField & { bedHeight(x: number, y: number): number } {
  const [sx, sy] = o.slope;
  const [cx, cy] = o.centre;
  const a = o.amplitude;
  const kx = (2 * Math.PI) / o.wavelength;
  const ky = (2 * Math.PI) / (1.3 * o.wavelength);
  const [x0, x1, y0, y1] = o.bounds;
  const tilt = Math.abs(sx) * Math.max(Math.abs(x0 - cx), Math.abs(x1 - cx)) + Math.abs(sy) * Math.max(Math.abs(y0 - cy), Math.abs(y1 - cy));
  let up = 0;
  let down = 0;
  let reliefSlope = 0;
  let reliefCurvature = 0;
  for (const f of o.relief) {
    if (f.height > 0) up += f.height;
    else down -= f.height;
    const b = featureBounds(f);
    reliefSlope += b.slope;
    reliefCurvature += b.curvature;
  }
  const bedSlope = Math.hypot(sx, sy) + Math.abs(a) * Math.hypot(kx, ky);
  const slopes = o.relief.map((f) => featureBounds(f).slope);
  const bed = (x: number, y: number): number => o.baseZ + sx * (x - cx) + sy * (y - cy) + (a === 0 ? 0 : a * (Math.sin(kx * x) + Math.sin(ky * y)));
  return {
    zMin: o.baseZ - tilt - 2 * Math.abs(a) - up,
    zMax: o.baseZ + tilt + 2 * Math.abs(a) + down,
    maxSlope: bedSlope + reliefSlope,
    slopeAlong(xa, ya, xb, yb) {
      // Only the features whose disc the segment crosses can steepen the field along it.
      let slope = bedSlope;
      for (let i = 0; i < o.relief.length; i++) {
        const f = o.relief[i];
        if (segmentDistance(f.x, f.y, xa, ya, xb, yb) < f.radius) slope += slopes[i];
      }
      return slope;
    },
    maxCurvature: Math.abs(a) * kx * kx + reliefCurvature,
    bedHeight: bed,
    height(x, y) {
      const d = SCRATCH;
      d.fill(0);
      addRelief(o.relief, x, y, d);
      return bed(x, y) - d[0];
    },
    derivatives(x, y, out) {
      out.fill(0, 0, 6);
      addRelief(o.relief, x, y, out);
      const sxv = a === 0 ? 0 : Math.sin(kx * x);
      const syv = a === 0 ? 0 : Math.sin(ky * y);
      out[0] = bed(x, y) - out[0];
      out[1] = sx + a * kx * Math.cos(kx * x) - out[1];
      out[2] = sy + a * ky * Math.cos(ky * y) - out[2];
      out[3] = -a * kx * kx * sxv - out[3];
      out[4] = -out[4];
      out[5] = -a * ky * ky * syv - out[5];
    },
  };
}

/** Distance from `(px, py)` to the segment `(xa, ya) → (xb, yb)`. */
function segmentDistance(px: number, py: number, xa: number, ya: number, xb: number, yb: number): number {
  const ux = xb - xa;
  const uy = yb - ya;
  const len2 = ux * ux + uy * uy;
  const t = len2 === 0 ? 0 : Math.min(1, Math.max(0, ((px - xa) * ux + (py - ya) * uy) / len2));
  return Math.hypot(px - xa - t * ux, py - ya - t * uy);
}
