import { neighbourCovariance } from './neighbour-covariance.js';
import { smallestEigenvector } from './smallest-eigenvector.js';

/** Reusable buffers of {@link quadricResidual}. */
export class QuadricScratch {
  readonly normal: Float64Array = new Float64Array(3);
  /** Mean offset and scatter of the neighbours (`neighbourCovariance`). */
  readonly moments: Float64Array = new Float64Array(9);
  /** The 6 × 7 augmented normal equations. */
  readonly system: Float64Array = new Float64Array(42);
}

/** Ridge on the quadratic terms, per neighbour (in units of the neighbourhood's radius): a flat patch fits a plane. */
const CURVATURE_RIDGE = 1e-3;

/**
 * Distance of point `i` from the quadric fitted to its neighbours (`neighbours[0 … count)`, indices into the N×3
 * `points`; `i` itself is skipped if present): the neighbours' plane (centroid and smallest-variance direction) is
 * the frame, and the height above it is fitted by least squares as `a + b·u + c·v + d·u² + e·u·v + f·v²`. A point on
 * a mound's top or a ripple's crest lies on its neighbours' quadric though not on their plane; a point off the local
 * surface does not. −1 with fewer than 3 neighbours besides `i`.
 */
export function quadricResidual(points: Float64Array, i: number, neighbours: Int32Array, count: number, scratch: QuadricScratch): number {
  const px = points[i * 3];
  const py = points[i * 3 + 1];
  const pz = points[i * 3 + 2];
  const moments = scratch.moments;
  const c = neighbourCovariance(points, neighbours, count, px, py, pz, i, moments);
  if (c < 3) return -1;
  const cx = px + moments[0];
  const cy = py + moments[1];
  const cz = pz + moments[2];
  let radius = 0;
  for (let j = 0; j < count; j++) {
    const q = neighbours[j];
    if (q !== i) radius = Math.max(radius, (points[q * 3] - cx) ** 2 + (points[q * 3 + 1] - cy) ** 2 + (points[q * 3 + 2] - cz) ** 2);
  }
  const n = scratch.normal;
  smallestEigenvector(moments[3], moments[4], moments[5], moments[6], moments[7], moments[8], n, 0);
  const [nx, ny, nz] = n;
  // Tangent axes: any unit vector perpendicular to the normal, and the normal × it; coordinates scaled by the radius.
  const t = Math.abs(nx) < 0.9 ? [1, 0, 0] : [0, 1, 0];
  let ux = ny * t[2] - nz * t[1];
  let uy = nz * t[0] - nx * t[2];
  let uz = nx * t[1] - ny * t[0];
  const un = Math.hypot(ux, uy, uz);
  ux /= un;
  uy /= un;
  uz /= un;
  const vx = ny * uz - nz * uy;
  const vy = nz * ux - nx * uz;
  const vz = nx * uy - ny * ux;
  const scale = radius > 0 ? 1 / Math.sqrt(radius) : 1;
  const A = scratch.system;
  A.fill(0);
  const f = [0, 0, 0, 0, 0, 0];
  const features = (a: number, b: number, e: number): number => {
    const u = (a * ux + b * uy + e * uz) * scale;
    const v = (a * vx + b * vy + e * vz) * scale;
    f[0] = 1;
    f[1] = u;
    f[2] = v;
    f[3] = u * u;
    f[4] = u * v;
    f[5] = v * v;
    return a * nx + b * ny + e * nz;
  };
  for (let j = 0; j < count; j++) {
    const q = neighbours[j];
    if (q === i) continue;
    const h = features(points[q * 3] - cx, points[q * 3 + 1] - cy, points[q * 3 + 2] - cz);
    for (let r = 0; r < 6; r++) {
      for (let k = 0; k < 6; k++) A[r * 7 + k] += f[r] * f[k];
      A[r * 7 + 6] += f[r] * h;
    }
  }
  for (let r = 0; r < 6; r++) A[r * 7 + r] += 1e-9 + (r >= 3 ? CURVATURE_RIDGE * c : 0);
  solveInPlace(A);
  const h = features(points[i * 3] - cx, points[i * 3 + 1] - cy, points[i * 3 + 2] - cz);
  let fit = 0;
  for (let r = 0; r < 6; r++) fit += (A[r * 7 + 6] / A[r * 7 + r]) * f[r];
  return Math.abs(h - fit);
}

/** Gauss–Jordan elimination with partial pivoting of a 6 × 7 augmented system; x_r = A[r][6] / A[r][r] after. */
function solveInPlace(A: Float64Array): void {
  for (let col = 0; col < 6; col++) {
    let pivot = col;
    for (let r = col + 1; r < 6; r++) if (Math.abs(A[r * 7 + col]) > Math.abs(A[pivot * 7 + col])) pivot = r;
    if (pivot !== col) {
      for (let k = 0; k < 7; k++) {
        const tmp = A[col * 7 + k];
        A[col * 7 + k] = A[pivot * 7 + k];
        A[pivot * 7 + k] = tmp;
      }
    }
    const d = A[col * 7 + col];
    for (let r = 0; r < 6; r++) {
      if (r === col) continue;
      const factor = A[r * 7 + col] / d;
      if (factor === 0) continue;
      for (let k = col; k < 7; k++) A[r * 7 + k] -= factor * A[col * 7 + k];
    }
  }
}
