/**
 * Mean and scatter of the listed neighbours `index[0 … count)` of the N×3 `points`, leaving out `skip` (−1: none), as
 * offsets from `(ox, oy, oz)` (a point of the neighbourhood: the sums keep their precision far from the world origin).
 * Writes `[mx, my, mz, sxx, sxy, sxz, syy, syz, szz]` — the mean offset and the sums of the outer products of the
 * centred offsets — into `out` and returns the number of neighbours used. Shared by the normals (smallest-variance
 * direction) and the quadric residual (its tangent frame).
 */
export function neighbourCovariance(
  points: Float64Array,
  index: Int32Array,
  count: number,
  ox: number,
  oy: number,
  oz: number,
  skip: number,
  out: Float64Array,
): number {
  let m = 0;
  let mx = 0,
    my = 0,
    mz = 0;
  for (let j = 0; j < count; j++) {
    const q = index[j];
    if (q === skip) continue;
    mx += points[q * 3] - ox;
    my += points[q * 3 + 1] - oy;
    mz += points[q * 3 + 2] - oz;
    m++;
  }
  out.fill(0);
  if (m === 0) return 0;
  mx /= m;
  my /= m;
  mz /= m;
  let cxx = 0,
    cxy = 0,
    cxz = 0,
    cyy = 0,
    cyz = 0,
    czz = 0;
  for (let j = 0; j < count; j++) {
    const q = index[j];
    if (q === skip) continue;
    const dx = points[q * 3] - ox - mx;
    const dy = points[q * 3 + 1] - oy - my;
    const dz = points[q * 3 + 2] - oz - mz;
    cxx += dx * dx;
    cxy += dx * dy;
    cxz += dx * dz;
    cyy += dy * dy;
    cyz += dy * dz;
    czz += dz * dz;
  }
  out[0] = mx;
  out[1] = my;
  out[2] = mz;
  out[3] = cxx;
  out[4] = cxy;
  out[5] = cxz;
  out[6] = cyy;
  out[7] = cyz;
  out[8] = czz;
  return m;
}
