/** Result of {@link conjugateGradient}. */
export interface CgResult {
  iterations: number;
  /** Final ‖r‖ / ‖b‖. */
  relativeResidual: number;
}

/** The vectors {@link conjugateGradientLoop} works in, all of the system's length: on entry `q = A·x`; `r` and `p` are overwritten. */
export interface CgVectors {
  readonly r: Float64Array;
  readonly p: Float64Array;
  readonly q: Float64Array;
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
  const steps = conjugateGradientLoop(
    () => apply(p, q),
    (beta) => {
      updateDirection(p, r, diagonal, beta, 0, n);
      return undefined;
    },
    diagonal,
    b,
    x,
    { r, p, q },
    tolerance,
    maxIterations,
  );
  let step = steps.next();
  while (step.done !== true) step = steps.next(step.value);
  return step.value;
}

/**
 * The loop of {@link conjugateGradient}, with its two steps left to the caller: `applyToP` sets `q = A·p` (and
 * may give `p·q` summed in index order), `updateP` sets `p = z + β·p` (z = r / diagonal). Each step's result is
 * yielded; the driver sends back what it comes to (awaited, for a step on worker threads), `p·q` or undefined for
 * `applyToP`. Every other operation runs here, in one order, whoever drives it.
 */
export function* conjugateGradientLoop<S>(
  applyToP: () => S,
  updateP: (beta: number) => S,
  diagonal: Float64Array,
  b: Float64Array,
  x: Float64Array,
  { r, p, q }: CgVectors,
  tolerance: number,
  maxIterations: number,
): Generator<S, CgResult, number | undefined> {
  const n = b.length;
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
    const pq = (yield applyToP()) ?? dot(p, q);
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
    yield updateP(beta);
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
