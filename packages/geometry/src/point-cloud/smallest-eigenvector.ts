/**
 * Unit eigenvector of the smallest eigenvalue of the symmetric 3×3 matrix
 * `[[a00, a01, a02], [a01, a11, a12], [a02, a12, a22]]`, written to `out[offset..offset+2]`. Closed-form
 * eigenvalue (trigonometric solution of the characteristic cubic, after scaling) and the eigenvector as the largest
 * cross product of two rows of `A − λI`, like Open3D's `FastEigen3x3`. Returns false (and writes (0, 0, 1)) for a
 * degenerate matrix.
 */
export function smallestEigenvector(
  a00: number,
  a01: number,
  a02: number,
  a11: number,
  a12: number,
  a22: number,
  out: Float32Array | Float64Array,
  offset = 0,
): boolean {
  const scale = Math.max(Math.abs(a00), Math.abs(a01), Math.abs(a02), Math.abs(a11), Math.abs(a12), Math.abs(a22));
  if (!(scale > 0) || !Number.isFinite(scale)) return writeDefault(out, offset);
  a00 /= scale;
  a01 /= scale;
  a02 /= scale;
  a11 /= scale;
  a12 /= scale;
  a22 /= scale;
  const norm = a01 * a01 + a02 * a02 + a12 * a12;
  let lambda: number;
  if (norm < 1e-30) {
    lambda = Math.min(a00, a11, a22);
  } else {
    const q = (a00 + a11 + a22) / 3;
    const b00 = a00 - q;
    const b11 = a11 - q;
    const b22 = a22 - q;
    const p = Math.sqrt((b00 * b00 + b11 * b11 + b22 * b22 + 2 * norm) / 6);
    const c00 = b11 * b22 - a12 * a12;
    const c01 = a01 * b22 - a12 * a02;
    const c02 = a01 * a12 - b11 * a02;
    const det = (b00 * c00 - a01 * c01 + a02 * c02) / (p * p * p);
    const halfDet = Math.min(1, Math.max(-1, det / 2));
    const angle = Math.acos(halfDet) / 3;
    // Eigenvalues q + 2p·cos(angle + 2πk/3); the smallest is k = 1.
    lambda = q + 2 * p * Math.cos(angle + (2 * Math.PI) / 3);
  }
  const r0x = a00 - lambda,
    r0y = a01,
    r0z = a02;
  const r1x = a01,
    r1y = a11 - lambda,
    r1z = a12;
  const r2x = a02,
    r2y = a12,
    r2z = a22 - lambda;
  const x0 = r0y * r1z - r0z * r1y,
    y0 = r0z * r1x - r0x * r1z,
    z0 = r0x * r1y - r0y * r1x;
  const x1 = r0y * r2z - r0z * r2y,
    y1 = r0z * r2x - r0x * r2z,
    z1 = r0x * r2y - r0y * r2x;
  const x2 = r1y * r2z - r1z * r2y,
    y2 = r1z * r2x - r1x * r2z,
    z2 = r1x * r2y - r1y * r2x;
  const d0 = x0 * x0 + y0 * y0 + z0 * z0;
  const d1 = x1 * x1 + y1 * y1 + z1 * z1;
  const d2 = x2 * x2 + y2 * y2 + z2 * z2;
  let x: number, y: number, z: number, d: number;
  if (d0 >= d1 && d0 >= d2) [x, y, z, d] = [x0, y0, z0, d0];
  else if (d1 >= d2) [x, y, z, d] = [x1, y1, z1, d1];
  else [x, y, z, d] = [x2, y2, z2, d2];
  if (!(d > 1e-40)) {
    // Two (or three) equal smallest eigenvalues: any vector orthogonal to the largest row works.
    return orthogonalTo(r0x, r0y, r0z, r1x, r1y, r1z, r2x, r2y, r2z, out, offset);
  }
  const s = 1 / Math.sqrt(d);
  out[offset] = x * s;
  out[offset + 1] = y * s;
  out[offset + 2] = z * s;
  return true;
}

function orthogonalTo(
  ax: number,
  ay: number,
  az: number,
  bx: number,
  by: number,
  bz: number,
  cx: number,
  cy: number,
  cz: number,
  out: Float32Array | Float64Array,
  offset: number,
): boolean {
  const la = ax * ax + ay * ay + az * az;
  const lb = bx * bx + by * by + bz * bz;
  const lc = cx * cx + cy * cy + cz * cz;
  let [x, y, z] = la >= lb && la >= lc ? [ax, ay, az] : lb >= lc ? [bx, by, bz] : [cx, cy, cz];
  const l = Math.sqrt(x * x + y * y + z * z);
  if (!(l > 1e-20)) return writeDefault(out, offset);
  x /= l;
  y /= l;
  z /= l;
  // Cross with the axis least aligned with (x, y, z).
  const ex = Math.abs(x) < 0.9 ? 1 : 0;
  const ey = ex === 1 ? 0 : 1;
  const ox = y * 0 - z * ey,
    oy = z * ex - x * 0,
    oz = x * ey - y * ex;
  const lo = Math.sqrt(ox * ox + oy * oy + oz * oz);
  out[offset] = ox / lo;
  out[offset + 1] = oy / lo;
  out[offset + 2] = oz / lo;
  return true;
}

function writeDefault(out: Float32Array | Float64Array, offset: number): false {
  out[offset] = 0;
  out[offset + 1] = 0;
  out[offset + 2] = 1;
  return false;
}
