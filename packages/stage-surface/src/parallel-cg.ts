import { conjugateGradientLoop, type CgResult } from './conjugate-gradient.js';
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
  applyOperatorRange(level, x, q, 0, n); // once, in this thread: `x` need not be shared
  const applyToP = async (): Promise<number | undefined> => {
    const tasks: CgApplyTask[] = ranges.map(([a0, a1]) => ({ neighbors, degree, mass, h, x: p, y: q, a0, a1 }));
    await pool.run('cgApply', tasks);
    return undefined; // p·q: summed in this thread, in index order
  };
  const updateP = async (beta: number): Promise<undefined> => {
    const tasks: CgDirectionTask[] = ranges.map(([i0, i1]) => ({ p, r, diagonal: sharedDiagonal, beta, i0, i1 }));
    await pool.run('cgDirection', tasks);
    return undefined;
  };
  const steps = conjugateGradientLoop(applyToP, updateP, diagonal, b, x, { r, p, q }, tolerance, maxIterations);
  let step = steps.next();
  while (step.done !== true) step = steps.next(await step.value);
  return step.value;
}
