import { PointGrid } from './point-grid.js';

/**
 * Normals like Open3D `estimate_normals(KDTreeSearchParamHybrid(radius, maxNn))` followed by
 * `orient_normals_towards_camera_location(viewpoint)`: per point, the eigenvector of the smallest eigenvalue of
 * the covariance of its (at most `maxNn` nearest) neighbours within `radius`; fewer than 3 neighbours ⇒ (0, 0, 1)
 * as in Open3D; then each normal is flipped to face `viewpoint` (default the world origin).
 */
export function estimateNormals(points: Float64Array, radius: number, maxNn = 30, viewpoint: readonly number[] = [0, 0, 0]): Float32Array {
  const n = points.length / 3;
  const normals = new Float32Array(n * 3);
  const grid = new PointGrid(points, radius);
  const e = new Float64Array(3);
  for (let i = 0; i < n; i++) {
    const nb = grid.neighbours(i, radius, maxNn);
    if (nb.length < 3) {
      e[0] = 0;
      e[1] = 0;
      e[2] = 1;
    } else {
      smallestEigenvector(covariance(points, nb), e);
    }
    const vx = viewpoint[0] - points[i * 3];
    const vy = viewpoint[1] - points[i * 3 + 1];
    const vz = viewpoint[2] - points[i * 3 + 2];
    const s = e[0] * vx + e[1] * vy + e[2] * vz < 0 ? -1 : 1;
    normals[i * 3] = s * e[0];
    normals[i * 3 + 1] = s * e[1];
    normals[i * 3 + 2] = s * e[2];
  }
  return normals;
}

function covariance(points: Float64Array, idx: readonly number[]): number[] {
  const m = [0, 0, 0];
  for (const j of idx) for (let k = 0; k < 3; k++) m[k] += points[j * 3 + k] / idx.length;
  const c = [0, 0, 0, 0, 0, 0, 0, 0, 0];
  for (const j of idx) {
    const d = [points[j * 3] - m[0], points[j * 3 + 1] - m[1], points[j * 3 + 2] - m[2]];
    for (let r = 0; r < 3; r++) for (let q = 0; q < 3; q++) c[r * 3 + q] += (d[r] * d[q]) / idx.length;
  }
  return c;
}

/** Unit eigenvector of the smallest eigenvalue of a symmetric 3×3 matrix (cyclic Jacobi). */
function smallestEigenvector(a: number[], out: Float64Array): void {
  const A = a.slice();
  const V = [1, 0, 0, 0, 1, 0, 0, 0, 1];
  for (let sweep = 0; sweep < 32; sweep++) {
    const off = A[1] * A[1] + A[2] * A[2] + A[5] * A[5];
    if (off < 1e-30) break;
    for (const [p, q] of [
      [0, 1],
      [0, 2],
      [1, 2],
    ] as const) {
      const apq = A[p * 3 + q];
      if (Math.abs(apq) < 1e-300) continue;
      const theta = (A[q * 3 + q] - A[p * 3 + p]) / (2 * apq);
      const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
      const c = 1 / Math.sqrt(t * t + 1);
      const s = t * c;
      for (let k = 0; k < 3; k++) {
        const akp = A[k * 3 + p];
        const akq = A[k * 3 + q];
        A[k * 3 + p] = c * akp - s * akq;
        A[k * 3 + q] = s * akp + c * akq;
      }
      for (let k = 0; k < 3; k++) {
        const apk = A[p * 3 + k];
        const aqk = A[q * 3 + k];
        A[p * 3 + k] = c * apk - s * aqk;
        A[q * 3 + k] = s * apk + c * aqk;
      }
      for (let k = 0; k < 3; k++) {
        const vkp = V[k * 3 + p];
        const vkq = V[k * 3 + q];
        V[k * 3 + p] = c * vkp - s * vkq;
        V[k * 3 + q] = s * vkp + c * vkq;
      }
    }
  }
  let best = 0;
  for (let k = 1; k < 3; k++) if (A[k * 4] < A[best * 4]) best = k;
  const len = Math.hypot(V[best], V[3 + best], V[6 + best]);
  out[0] = V[best] / len;
  out[1] = V[3 + best] / len;
  out[2] = V[6 + best] / len;
}
