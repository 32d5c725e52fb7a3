import type { HeightField } from './height-field.js';

const SCRATCH = new Float64Array(6);
/** Root tolerance on the ray parameter (metres); the result is exact to ~1e-12 m. */
const DELTA_TOL = 1e-13;

/** Safeguarded Newton (Newton inside a shrinking sign bracket, bisection fallback) for g(δ) = z(δ) − h(x(δ), y(δ)). */
function solveBracketed(
  f: HeightField,
  ox: number,
  oy: number,
  oz: number,
  dx: number,
  dy: number,
  dz: number,
  lo: number,
  hi: number,
  guess: number,
): number {
  let a = lo;
  let b = hi;
  let x = guess > a && guess < b ? guess : 0.5 * (a + b);
  for (let it = 0; it < 100; it++) {
    f.derivatives(ox + x * dx, oy + x * dy, SCRATCH);
    const g = oz + x * dz - SCRATCH[0];
    if (g === 0) return x;
    if (g < 0) a = x;
    else b = x;
    const slope = dz - (SCRATCH[1] * dx + SCRATCH[2] * dy);
    let next = slope > 0 ? x - g / slope : Number.NaN;
    if (!(next > a && next < b)) next = 0.5 * (a + b);
    if (Math.abs(next - x) <= DELTA_TOL || b - a <= DELTA_TOL) return next;
    x = next;
  }
  return x;
}

/**
 * Ray depth δ ≥ 0 of the first intersection of the ray `o + δ·d` (|d| = 1 not required; δ is in units of |d|)
 * with the height field, or NaN when the ray does not reach it going down. Exact to ~1e-12 m:
 * where the ray is steeper than every surface slope (`d_z > maxSlope·|d_xy|`, always true for refracted
 * rays below a flat water surface and the default scenes) g is monotone and a safeguarded Newton on the
 * bracket `[z = zMin, z = zMax]` finds the unique root; otherwise a Lipschitz march that cannot step past
 * a root, then a fine scan, brackets the *first* root before refining it.
 * @param guess optional starting δ (e.g. the neighbouring pixel's root) to save iterations
 */
export function intersectHeightField(
  f: HeightField,
  ox: number,
  oy: number,
  oz: number,
  dx: number,
  dy: number,
  dz: number,
  guess = Number.NaN,
): number {
  if (!(dz > 0)) return Number.NaN;
  const lo = Math.max(0, (f.zMin - oz) / dz);
  const hi = (f.zMax - oz) / dz;
  if (!(hi >= 0)) return Number.NaN;
  if (f.maxSlope === 0) return lo;
  // An origin already below the surface sees nothing.
  if (lo === 0 && oz - f.height(ox, oy) > 0) return Number.NaN;
  const horizontal = Math.hypot(dx, dy);
  const slope = f.slopeAlong === undefined ? f.maxSlope : f.slopeAlong(ox + lo * dx, oy + lo * dy, ox + hi * dx, oy + hi * dy);
  if (dz > slope * horizontal * (1 + 1e-9)) {
    return solveBracketed(f, ox, oy, oz, dx, dy, dz, lo, hi, guess);
  }
  // Non-monotone: march with steps that cannot pass a root (g rises at most this fast along the ray).
  const rate = dz + slope * horizontal;
  let a = lo;
  let g = oz + a * dz - f.height(ox + a * dx, oy + a * dy);
  for (let it = 0; it < 100000 && g < -1e-7 && a <= hi; it++) {
    a += -g / rate;
    g = oz + a * dz - f.height(ox + a * dx, oy + a * dy);
  }
  if (g >= 0) return g === 0 ? a : solveBracketed(f, ox, oy, oz, dx, dy, dz, a - 1e-7 / rate, a, a);
  const step = 1e-6;
  for (let b = a + step; b <= hi + step; b += step) {
    const gb = oz + b * dz - f.height(ox + b * dx, oy + b * dy);
    if (gb >= 0) return solveBracketed(f, ox, oy, oz, dx, dy, dz, b - step, b, b - step / 2);
  }
  return Number.NaN;
}
