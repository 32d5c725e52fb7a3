/** Least-squares plane through a cloud and its residuals. */
export interface PlaneFit {
  count: number;
  centroid: [number, number, number];
  /** Unit normal (sign: pointing to −Z, up toward the water). */
  normal: [number, number, number];
  /** RMS of the orthogonal residuals, mm. */
  rmseMm: number;
  /** Largest |residual|, mm. */
  maxErrorMm: number;
}

/** Eigenvector of the smallest eigenvalue of a symmetric 3×3 matrix (cyclic Jacobi). */
function smallestEigenvector(m: number[]): [number, number, number] {
  const a = [...m];
  const v = [1, 0, 0, 0, 1, 0, 0, 0, 1];
  for (let sweep = 0; sweep < 50; sweep++) {
    const off = a[1] * a[1] + a[2] * a[2] + a[5] * a[5];
    if (off < 1e-30) break;
    for (const [p, q] of [
      [0, 1],
      [0, 2],
      [1, 2],
    ]) {
      const apq = a[p * 3 + q];
      if (Math.abs(apq) < 1e-300) continue;
      const theta = (a[q * 3 + q] - a[p * 3 + p]) / (2 * apq);
      const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
      const c = 1 / Math.sqrt(t * t + 1);
      const s = t * c;
      for (let k = 0; k < 3; k++) {
        const akp = a[k * 3 + p];
        const akq = a[k * 3 + q];
        a[k * 3 + p] = c * akp - s * akq;
        a[k * 3 + q] = s * akp + c * akq;
      }
      for (let k = 0; k < 3; k++) {
        const apk = a[p * 3 + k];
        const aqk = a[q * 3 + k];
        a[p * 3 + k] = c * apk - s * aqk;
        a[q * 3 + k] = s * apk + c * aqk;
      }
      for (let k = 0; k < 3; k++) {
        const vkp = v[k * 3 + p];
        const vkq = v[k * 3 + q];
        v[k * 3 + p] = c * vkp - s * vkq;
        v[k * 3 + q] = s * vkp + c * vkq;
      }
    }
  }
  let best = 0;
  for (let k = 1; k < 3; k++) if (a[k * 4] < a[best * 4]) best = k;
  return [v[best], v[3 + best], v[6 + best]];
}

/**
 * Fits a plane to N×3 points (total least squares: through the centroid, normal = direction of least
 * variance) and reports the orthogonal residuals. For the flat scene this measures reconstruction noise
 * independently of any bias in depth. Non-finite points are skipped.
 */
export function planeFit(points: Float64Array): PlaneFit {
  const n = Math.floor(points.length / 3);
  let count = 0;
  let cx = 0;
  let cy = 0;
  let cz = 0;
  for (let i = 0; i < n; i++) {
    const x = points[i * 3];
    const y = points[i * 3 + 1];
    const z = points[i * 3 + 2];
    if (!(Number.isFinite(x) && Number.isFinite(y) && Number.isFinite(z))) continue;
    count++;
    cx += x;
    cy += y;
    cz += z;
  }
  const nan = Number.NaN;
  if (count < 3) return { count, centroid: [nan, nan, nan], normal: [nan, nan, nan], rmseMm: nan, maxErrorMm: nan };
  cx /= count;
  cy /= count;
  cz /= count;
  const m = [0, 0, 0, 0, 0, 0, 0, 0, 0];
  for (let i = 0; i < n; i++) {
    const x = points[i * 3] - cx;
    const y = points[i * 3 + 1] - cy;
    const z = points[i * 3 + 2] - cz;
    if (!(Number.isFinite(x) && Number.isFinite(y) && Number.isFinite(z))) continue;
    m[0] += x * x;
    m[1] += x * y;
    m[2] += x * z;
    m[4] += y * y;
    m[5] += y * z;
    m[8] += z * z;
  }
  m[3] = m[1];
  m[6] = m[2];
  m[7] = m[5];
  let normal = smallestEigenvector(m);
  if (normal[2] > 0) normal = [-normal[0], -normal[1], -normal[2]];
  let sum2 = 0;
  let max = 0;
  for (let i = 0; i < n; i++) {
    const r = (points[i * 3] - cx) * normal[0] + (points[i * 3 + 1] - cy) * normal[1] + (points[i * 3 + 2] - cz) * normal[2];
    if (!Number.isFinite(r)) continue;
    sum2 += r * r;
    max = Math.max(max, Math.abs(r));
  }
  return { count, centroid: [cx, cy, cz], normal, rmseMm: Math.sqrt(sum2 / count) * 1000, maxErrorMm: max * 1000 };
}
