/** Row-major 3×3 matrix helpers on plain arrays (K, R) used by the camera models. */

/** `a · b` for row-major 3×3 matrices. */
export function mat3Multiply(a: ArrayLike<number>, b: ArrayLike<number>): number[] {
  const out = new Array<number>(9);
  for (let i = 0; i < 3; i++) {
    for (let j = 0; j < 3; j++) {
      out[i * 3 + j] = a[i * 3] * b[j] + a[i * 3 + 1] * b[3 + j] + a[i * 3 + 2] * b[6 + j];
    }
  }
  return out;
}

/** Transpose of a row-major 3×3 matrix. */
export function mat3Transpose(a: ArrayLike<number>): number[] {
  return [a[0], a[3], a[6], a[1], a[4], a[7], a[2], a[5], a[8]];
}

/** Determinant of a row-major 3×3 matrix. */
function mat3Determinant(a: ArrayLike<number>): number {
  return a[0] * (a[4] * a[8] - a[5] * a[7]) - a[1] * (a[3] * a[8] - a[5] * a[6]) + a[2] * (a[3] * a[7] - a[4] * a[6]);
}

/** Inverse of a row-major 3×3 matrix (adjugate / determinant); `null` when singular. */
export function mat3Inverse(a: ArrayLike<number>): number[] | null {
  const det = mat3Determinant(a);
  if (det === 0 || !Number.isFinite(det)) return null;
  const d = 1 / det;
  return [
    (a[4] * a[8] - a[5] * a[7]) * d,
    (a[2] * a[7] - a[1] * a[8]) * d,
    (a[1] * a[5] - a[2] * a[4]) * d,
    (a[5] * a[6] - a[3] * a[8]) * d,
    (a[0] * a[8] - a[2] * a[6]) * d,
    (a[2] * a[3] - a[0] * a[5]) * d,
    (a[3] * a[7] - a[4] * a[6]) * d,
    (a[1] * a[6] - a[0] * a[7]) * d,
    (a[0] * a[4] - a[1] * a[3]) * d,
  ];
}

/** Largest |(RᵀR − I)ᵢⱼ| together with |det R − 1|: 0 for an exact rotation. */
export function rotationError(r: ArrayLike<number>): number {
  const rtr = mat3Multiply(mat3Transpose(r), r);
  let worst = Math.abs(mat3Determinant(r) - 1);
  for (let i = 0; i < 9; i++) worst = Math.max(worst, Math.abs(rtr[i] - (i % 4 === 0 ? 1 : 0)));
  return worst;
}

/** Camera centre `C = −Rᵀ t`. */
export function cameraCenterOf(r: ArrayLike<number>, t: ArrayLike<number>): [number, number, number] {
  return [-(r[0] * t[0] + r[3] * t[1] + r[6] * t[2]), -(r[1] * t[0] + r[4] * t[1] + r[7] * t[2]), -(r[2] * t[0] + r[5] * t[1] + r[8] * t[2])];
}

/** Solves a symmetric 3×3 system by Cramer's rule; false when |det| ≤ minDet. */
export function solveSymmetric3(
  a00: number,
  a01: number,
  a02: number,
  a11: number,
  a12: number,
  a22: number, // prettier-ignore
  b0: number,
  b1: number,
  b2: number,
  minDet: number,
  out: Float64Array,
  offset = 0, // prettier-ignore
): boolean {
  const c00 = a11 * a22 - a12 * a12;
  const c01 = a02 * a12 - a01 * a22;
  const c02 = a01 * a12 - a02 * a11;
  const det = a00 * c00 + a01 * c01 + a02 * c02;
  if (!(Math.abs(det) > minDet)) return false;
  const c11 = a00 * a22 - a02 * a02;
  const c12 = a01 * a02 - a00 * a12;
  const c22 = a00 * a11 - a01 * a01;
  out[offset] = (c00 * b0 + c01 * b1 + c02 * b2) / det;
  out[offset + 1] = (c01 * b0 + c11 * b1 + c12 * b2) / det;
  out[offset + 2] = (c02 * b0 + c12 * b1 + c22 * b2) / det;
  return true;
}
