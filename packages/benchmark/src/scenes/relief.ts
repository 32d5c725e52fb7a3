/**
 * Cm-scale relief on a sand bed, as radial primitives summed into a height *above* the bed (world +Z is down, so
 * the surface is `Z = bed − relief`). A `mound` is a cosine bell (a negative height makes a pit); a `plateau` is a
 * flat-topped disc with a smoothstep wall `wall` metres wide (steep: slope 1.5·height/wall), so two stacked
 * plateaus make a rock with a ledge.
 */
export interface ReliefFeature {
  readonly kind: 'mound' | 'plateau';
  /** Centre, world metres. */
  readonly x: number;
  readonly y: number;
  /** Outer radius, metres. */
  readonly radius: number;
  /** Height above the bed, metres (negative = below: a pit). */
  readonly height: number;
  /** Width of a plateau's wall, metres (ignored for mounds). */
  readonly wall?: number;
}

/** Radial profile f(r) and its first two derivatives, written to `out[0..2]`. */
function profile(f: ReliefFeature, r: number, out: Float64Array): void {
  const h = f.height;
  if (f.kind === 'mound') {
    if (r >= f.radius) {
      out[0] = out[1] = out[2] = 0;
      return;
    }
    const k = Math.PI / f.radius;
    out[0] = 0.5 * h * (1 + Math.cos(k * r));
    out[1] = -0.5 * h * k * Math.sin(k * r);
    out[2] = -0.5 * h * k * k * Math.cos(k * r);
    return;
  }
  const w = f.wall ?? 0.004;
  const t = (f.radius - r) / w;
  if (t <= 0 || t >= 1) {
    out[0] = t >= 1 ? h : 0;
    out[1] = out[2] = 0;
    return;
  }
  out[0] = h * t * t * (3 - 2 * t);
  out[1] = (-h * 6 * t * (1 - t)) / w;
  out[2] = (h * (6 - 12 * t)) / (w * w);
}

/** Upper bounds of |f'| and |f''| of a feature. */
export function featureBounds(f: ReliefFeature): { slope: number; curvature: number } {
  const h = Math.abs(f.height);
  if (f.kind === 'mound') return { slope: (h * Math.PI) / (2 * f.radius), curvature: (h * Math.PI * Math.PI) / (2 * f.radius * f.radius) };
  const w = f.wall ?? 0.004;
  return { slope: (1.5 * h) / w, curvature: (6 * h) / (w * w) };
}

const P = new Float64Array(3);

/**
 * Adds the relief of `features` at `(x, y)` to `out` as `[r, rx, ry, rxx, rxy, ryy]` (value, gradient, Hessian of
 * the height above the bed).
 */
export function addRelief(features: readonly ReliefFeature[], x: number, y: number, out: Float64Array): void {
  for (const f of features) {
    const dx = x - f.x;
    const dy = y - f.y;
    const r = Math.hypot(dx, dy);
    if (r >= f.radius) continue;
    profile(f, r, P);
    out[0] += P[0];
    if (r < 1e-12) {
      // Both profiles are flat at the centre: f'(0) = 0, the Hessian is f''(0)·I.
      out[3] += P[2];
      out[5] += P[2];
      continue;
    }
    const ux = dx / r;
    const uy = dy / r;
    const g = P[1];
    out[1] += g * ux;
    out[2] += g * uy;
    out[3] += P[2] * ux * ux + (g / r) * uy * uy;
    out[4] += (P[2] - g / r) * ux * uy;
    out[5] += P[2] * uy * uy + (g / r) * ux * ux;
  }
}

/** Height of the relief above the bed at `(x, y)`, metres. */
export function reliefHeight(features: readonly ReliefFeature[], x: number, y: number): number {
  let sum = 0;
  for (const f of features) {
    const r = Math.hypot(x - f.x, y - f.y);
    if (r >= f.radius) continue;
    profile(f, r, P);
    sum += P[0];
  }
  return sum;
}
