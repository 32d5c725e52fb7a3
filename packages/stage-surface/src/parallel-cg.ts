import { dot, norm, type CgResult } from './conjugate-gradient.js';
import { applyOperatorRange, type PoissonLevel } from './poisson-level.js';
import type { CgApplyTask, CgDirectionTask } from './splat-task.js';
import type { SurfacePool } from './surface-pool.js';

/**
 * `conjugateGradient` on `level`'s operator with the operator (`y = A·p`) and the direction update (`p = z + β·p`)
 * cut into one node range per pool thread. The dot products stay in this thread, summed in index order, so every
 * iterate is that of the one-thread solver bit for bit. `level`'s arrays must be on shared memory.
 */
export async function conjugateGradientOnPool(
  pool: SurfacePool,
  level: PoissonLevel,
  diagonal: Float64Array,
  b: Float64Array,
  x: Float64Array,
  tolerance: number,
  maxIterations: number,
): Promise<CgResult> {
  const n = b.length;
  const shared = (): Float64Array => new Float64Array(new SharedArrayBuffer(n * 8));
  const r = shared();
  const p = shared();
  const q = shared();
  const sharedDiagonal = shared();
  sharedDiagonal.set(diagonal);
  const ranges = Array.from({ length: pool.size }, (_, t) => [Math.floor((t * n) / pool.size), Math.floor(((t + 1) * n) / pool.size)] as const);
  const { neighbors, degree, mass, h } = level;
  const apply = async (from: Float64Array, to: Float64Array): Promise<void> => {
    const tasks: CgApplyTask[] = ranges.map(([a0, a1]) => ({ neighbors, degree, mass, h, x: from, y: to, a0, a1 }));
    await pool.run('cgApply', tasks);
  };
  applyOperatorRange(level, x, q, 0, n); // once, in this thread: `x` need not be shared
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
    await apply(p, q);
    const pq = dot(p, q);
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
    const tasks: CgDirectionTask[] = ranges.map(([i0, i1]) => ({ p, r, diagonal: sharedDiagonal, beta, i0, i1 }));
    await pool.run('cgDirection', tasks);
    rNorm = Math.sqrt(rr);
    it++;
  }
  return { iterations: it, relativeResidual: rNorm / bNorm };
}
