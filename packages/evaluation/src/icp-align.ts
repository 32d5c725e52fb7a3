import { estimateNormals, PointGrid } from '@aquamvs/geometry';
import { evaluationInput } from './errors.js';
import { gridCellFor } from './nearest-distances.js';
import { asFloat64, type Points } from './point-array.js';

/** Options of {@link icpAlign}. */
export interface IcpOptions {
  /** Largest source–target distance of a correspondence, metres (`runtime.icp_max_distance`). @default 0.01 */
  maxDistance?: number;
  /** Target normals (N×3); estimated when absent (radius 5·maxDistance, 30 neighbours, as the reference). */
  targetNormals?: Points;
  /** Initial 4×4 row-major transform of the source. @default identity */
  init?: readonly number[];
  /** @default 30 (Open3D) */
  maxIterations?: number;
}

/** Result of {@link icpAlign}. */
export interface IcpResult {
  /** 4×4 row-major rigid transform taking the source onto the target. */
  transformation: number[];
  /** The source points transformed. */
  aligned: Float64Array;
  /** Share of source points with a correspondence within `maxDistance`. */
  fitness: number;
  /** RMS distance of those correspondences, metres. */
  inlierRmse: number;
}

/** Solves the 6×6 system `A x = b` by Gaussian elimination with partial pivoting; `undefined` when singular. */
function solve6(A: Float64Array, b: Float64Array): Float64Array | undefined {
  const m = Float64Array.from(A);
  const x = Float64Array.from(b);
  for (let c = 0; c < 6; c++) {
    let p = c;
    for (let r = c + 1; r < 6; r++) if (Math.abs(m[r * 6 + c]) > Math.abs(m[p * 6 + c])) p = r;
    if (Math.abs(m[p * 6 + c]) < 1e-300) return undefined;
    if (p !== c) {
      for (let k = 0; k < 6; k++) [m[c * 6 + k], m[p * 6 + k]] = [m[p * 6 + k], m[c * 6 + k]];
      [x[c], x[p]] = [x[p], x[c]];
    }
    for (let r = c + 1; r < 6; r++) {
      const f = m[r * 6 + c] / m[c * 6 + c];
      for (let k = c; k < 6; k++) m[r * 6 + k] -= f * m[c * 6 + k];
      x[r] -= f * x[c];
    }
  }
  for (let c = 5; c >= 0; c--) {
    let s = x[c];
    for (let k = c + 1; k < 6; k++) s -= m[c * 6 + k] * x[k];
    x[c] = s / m[c * 6 + c];
  }
  return x;
}

/** 4×4 row-major transform of rotation vector `w` (Rodrigues) and translation `t`. */
function twistToMatrix(w0: number, w1: number, w2: number, t0: number, t1: number, t2: number): number[] {
  const theta = Math.hypot(w0, w1, w2);
  const [kx, ky, kz] = theta > 0 ? [w0 / theta, w1 / theta, w2 / theta] : [0, 0, 0];
  const c = Math.cos(theta),
    s = Math.sin(theta),
    v = 1 - c;
  return [
    c + kx * kx * v,
    kx * ky * v - kz * s,
    kx * kz * v + ky * s,
    t0,
    ky * kx * v + kz * s,
    c + ky * ky * v,
    ky * kz * v - kx * s,
    t1,
    kz * kx * v - ky * s,
    kz * ky * v + kx * s,
    c + kz * kz * v,
    t2,
    0,
    0,
    0,
    1,
  ];
}

function multiply4(a: readonly number[], b: readonly number[]): number[] {
  const out = new Array<number>(16).fill(0);
  for (let r = 0; r < 4; r++) for (let c = 0; c < 4; c++) for (let k = 0; k < 4; k++) out[r * 4 + c] += a[r * 4 + k] * b[k * 4 + c];
  return out;
}

function transformPoints(points: Float64Array, T: readonly number[], out: Float64Array): void {
  for (let i = 0; i + 2 < points.length; i += 3) {
    const x = points[i],
      y = points[i + 1],
      z = points[i + 2];
    out[i] = T[0] * x + T[1] * y + T[2] * z + T[3];
    out[i + 1] = T[4] * x + T[5] * y + T[6] * z + T[7];
    out[i + 2] = T[8] * x + T[9] * y + T[10] * z + T[11];
  }
}

/**
 * Point-to-plane ICP (spec §3.18 `icp_align`, Open3D `registration_icp` with `TransformationEstimationPointToPlane`):
 * each iteration pairs every source point with its nearest target point within `maxDistance`, and solves the
 * linearised least squares of the point-to-plane residuals `(R·p + t − q)·n_q` for a small rotation and
 * translation. Stops after `maxIterations` or when fitness and RMSE change by less than 1e-6 (Open3D's criteria).
 * @example
 * const { transformation, fitness } = icpAlign(scan.positions, reference.positions, { maxDistance: 0.01 });
 */
export function icpAlign(source: Points, target: Points, options: IcpOptions = {}): IcpResult {
  const maxDistance = options.maxDistance ?? 0.01;
  if (!(maxDistance > 0)) throw evaluationInput('icp maxDistance (runtime.icp_max_distance)', 'a positive distance in metres', maxDistance);
  const init = options.init ?? [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1];
  if (init.length !== 16) throw evaluationInput('icp init', 'a 4×4 row-major matrix (16 numbers)', `${init.length} numbers`);
  const src = asFloat64(source);
  const tgt = asFloat64(target);
  if (src.length < 9 || tgt.length < 9) throw evaluationInput('icp clouds', 'at least 3 points each', `${src.length / 3} and ${tgt.length / 3}`);
  const normals = options.targetNormals ?? estimateNormals(tgt, { radius: 5 * maxDistance, maxNeighbors: 30 });
  const grid = new PointGrid(tgt, Math.max(gridCellFor(tgt), maxDistance / 2));
  let T = [...init];
  const aligned = new Float64Array(src.length);
  const index = new Int32Array(1);
  const dist2 = new Float64Array(1);
  const n = src.length / 3;
  let fitness = 0,
    rmse = 0;
  const measure = (): { count: number; sum2: number } => {
    let count = 0,
      sum2 = 0;
    for (let i = 0; i < n; i++) {
      if (grid.knn(aligned[i * 3], aligned[i * 3 + 1], aligned[i * 3 + 2], 1, maxDistance, index, dist2) === 1) {
        count++;
        sum2 += dist2[0];
      }
    }
    return { count, sum2 };
  };
  transformPoints(src, T, aligned);
  for (let iter = 0; iter < (options.maxIterations ?? 30); iter++) {
    const A = new Float64Array(36);
    const b = new Float64Array(6);
    const J = new Float64Array(6);
    let count = 0,
      sum2 = 0;
    for (let i = 0; i < n; i++) {
      const px = aligned[i * 3],
        py = aligned[i * 3 + 1],
        pz = aligned[i * 3 + 2];
      if (grid.knn(px, py, pz, 1, maxDistance, index, dist2) !== 1) continue;
      const q = index[0];
      const nx = normals[q * 3],
        ny = normals[q * 3 + 1],
        nz = normals[q * 3 + 2];
      count++;
      sum2 += dist2[0];
      const r = (px - tgt[q * 3]) * nx + (py - tgt[q * 3 + 1]) * ny + (pz - tgt[q * 3 + 2]) * nz;
      J[0] = py * nz - pz * ny;
      J[1] = pz * nx - px * nz;
      J[2] = px * ny - py * nx;
      J[3] = nx;
      J[4] = ny;
      J[5] = nz;
      for (let r0 = 0; r0 < 6; r0++) {
        b[r0] -= J[r0] * r;
        for (let c0 = 0; c0 < 6; c0++) A[r0 * 6 + c0] += J[r0] * J[c0];
      }
    }
    const newFitness = count / n;
    const newRmse = count === 0 ? 0 : Math.sqrt(sum2 / count);
    if (iter > 0 && Math.abs(newFitness - fitness) < 1e-6 && Math.abs(newRmse - rmse) < 1e-6) break;
    fitness = newFitness;
    rmse = newRmse;
    const x = count < 6 ? undefined : solve6(A, b);
    if (x === undefined) break;
    T = multiply4(twistToMatrix(x[0], x[1], x[2], x[3], x[4], x[5]), T);
    transformPoints(src, T, aligned);
  }
  const final = measure();
  return { transformation: T, aligned, fitness: final.count / n, inlierRmse: final.count === 0 ? 0 : Math.sqrt(final.sum2 / final.count) };
}
