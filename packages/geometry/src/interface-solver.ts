/**
 * Horizontal distance `r_p` from the camera's nadir to the point where the ray to a target crosses a
 * flat horizontal interface (the 2-D refraction problem of §3.3). `r` = horizontal distance camera →
 * target, `hc` = camera height above the water, `hq` = target depth below it.
 */

/**
 * Reference solver of AquaMVS `RefractiveProjectionModel.project`: straight-line initial guess and
 * exactly 10 clamped Newton–Raphson iterations with the `1e-12` regularisers of the original.
 */
export function solveInterfaceRadiusNewton(r: number, hc: number, hq: number, nAir: number, nWater: number): number {
  let a = (r * hc) / (hc + hq + 1e-12);
  const hc2 = hc * hc;
  const hq2 = hq * hq;
  for (let i = 0; i < 10; i++) {
    const ra = r - a;
    const dAir = Math.sqrt(a * a + hc2);
    const dWater = Math.sqrt(ra * ra + hq2);
    const f = (nAir * a) / dAir - (nWater * ra) / dWater;
    const fp = (nAir * hc2) / (dAir * dAir * dAir) + (nWater * hq2) / (dWater * dWater * dWater);
    a -= f / (fp + 1e-12);
    if (a < 0) a = 0;
    else if (a > r) a = r;
  }
  return a;
}

/**
 * Fast exact solver: paraxial initial guess (`tan θ_w ≈ (n_air/n_water)·tan θ_a`) or `start`, Halley iterations
 * (cubic convergence, so a step of size s leaves an error of order s³/L²) kept inside a shrinking
 * bracket `[lo, hi]` of the monotone residual, with bisection whenever a step leaves the bracket.
 * Returns after a Halley step below `1e-7·(r + hc + hq)` m or below `1e-4·min(hc, hq)` (the residual's derivatives
 * scale with `1/hc` and `1/hq`, so such a step leaves an error of order `1e-12·min(hc, hq)`, far below what a float32
 * depth or pixel holds), or once the bracket is narrower than `1e-14·(r + hc + hq)`. Typically 2–3 residual
 * evaluations from the paraxial guess; 1 from `start` when that is a neighbouring point's solution scaled to this
 * `r` (as along a row of pixels: `RefractiveProjection.projectPointDepthNear`).
 */
export function solveInterfaceRadiusFast(r: number, hc: number, hq: number, nAir: number, nWater: number, start: number = Number.NaN): number {
  const hc2 = hc * hc;
  const hq2 = hq * hq;
  const scale = r + hc + hq;
  const stepTol = Math.max(1e-7 * scale, 1e-3 * Math.min(hc, hq));
  const bracketTol = 1e-14 * scale;
  let lo = 0;
  let hi = r;
  let a = start > 0 && start < r ? start : (r * hc) / (hc + (hq * nAir) / nWater);
  for (let i = 0; i < 200; i++) {
    const ra = r - a;
    // Reciprocal lengths: 2 divisions an iteration instead of 6 (the solve is latency-bound).
    const invAir = 1 / Math.sqrt(a * a + hc2);
    const invWater = 1 / Math.sqrt(ra * ra + hq2);
    const f = nAir * a * invAir - nWater * ra * invWater;
    if (f > 0) hi = a;
    else if (f < 0) lo = a;
    else return a;
    const invAir2 = invAir * invAir;
    const invWater2 = invWater * invWater;
    const air3 = nAir * hc2 * invAir2 * invAir;
    const water3 = nWater * hq2 * invWater2 * invWater;
    const fp = air3 + water3;
    const fpp = 3 * (water3 * ra * invWater2 - air3 * a * invAir2);
    const step = (2 * f * fp) / (2 * fp * fp - f * fpp);
    const next = a - step;
    if (Math.abs(step) <= stepTol && next >= lo && next <= hi) return next;
    a = next > lo && next < hi ? next : 0.5 * (lo + hi);
    if (hi - lo <= bracketTol) return a;
  }
  return a;
}
