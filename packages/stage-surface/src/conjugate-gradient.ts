/** Result of {@link conjugateGradient}. */
export interface CgResult {
  iterations: number;
  /** Final ‖r‖ / ‖b‖. */
  relativeResidual: number;
}

/**
 * Jacobi-preconditioned conjugate gradient for an SPD operator, starting from `x` (updated in place); stops at
 * `‖r‖ ≤ tolerance·‖b‖` or after `maxIterations`. `apply` sets `y = A·x` and may return `x·y` summed in index
 * order (saves a pass over both).
 */
export function conjugateGradient(
  apply: (x: Float64Array, y: Float64Array) => number | undefined,
  diagonal: Float64Array,
  b: Float64Array,
  x: Float64Array,
  tolerance: number,
  maxIterations: number,
): CgResult {
  const n = b.length;
  const r = new Float64Array(n);
  const p = new Float64Array(n);
  const q = new Float64Array(n);
  apply(x, q);
  let bNorm = 0;
  for (let i = 0; i < n; i++) {
    r[i] = b[i] - q[i];
    bNorm += b[i] * b[i];
  }
  bNorm = Math.sqrt(bNorm);
  if (bNorm === 0) return { iterations: 0, relativeResidual: 0 };
  let rz = 0;
  for (let i = 0; i < n; i++) {
    const zi = diagonal[i] > 0 ? r[i] / diagonal[i] : r[i];
    p[i] = zi;
    rz += r[i] * zi;
  }
  let it = 0;
  let rNorm = norm(r);
  while (it < maxIterations && rNorm > tolerance * bNorm) {
    const pq = apply(p, q) ?? dot(p, q);
    if (!(pq > 0)) break;
    const alpha = rz / pq;
    let rzNext = 0;
    let rr = 0;
    for (let i = 0; i < n; i++) {
      x[i] += alpha * p[i];
      const ri = r[i] - alpha * q[i];
      r[i] = ri;
      rzNext += ri * (diagonal[i] > 0 ? ri / diagonal[i] : ri);
      rr += ri * ri;
    }
    const beta = rzNext / rz;
    rz = rzNext;
    updateDirection(p, r, diagonal, beta, 0, n);
    rNorm = Math.sqrt(rr);
    it++;
  }
  return { iterations: it, relativeResidual: rNorm / bNorm };
}

/** p = z + β·p over `[i0, i1)`, z = r / diagonal the preconditioned residual (recomputed, not stored). */
export function updateDirection(p: Float64Array, r: Float64Array, diagonal: Float64Array, beta: number, i0: number, i1: number): void {
  for (let i = i0; i < i1; i++) p[i] = (diagonal[i] > 0 ? r[i] / diagonal[i] : r[i]) + beta * p[i];
}

/** Σ a·b in index order. */
export function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/** ‖v‖, summed in index order. */
export function norm(v: Float64Array): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] * v[i];
  return Math.sqrt(s);
}
