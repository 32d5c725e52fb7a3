/**
 * Centre of the ball of radius `r` through points `a`, `b`, `c` (indices into N×3 `p`) on the side their winding
 * faces, `(b − a) × (c − a)`, written to `out`; false when the triangle is degenerate or its circumradius exceeds `r`.
 */
export function ballCenter(p: Float64Array, a: number, b: number, c: number, r: number, out: Float64Array): boolean {
  const ax = p[a * 3],
    ay = p[a * 3 + 1],
    az = p[a * 3 + 2];
  const ux = p[b * 3] - ax,
    uy = p[b * 3 + 1] - ay,
    uz = p[b * 3 + 2] - az;
  const vx = p[c * 3] - ax,
    vy = p[c * 3 + 1] - ay,
    vz = p[c * 3 + 2] - az;
  const nx = uy * vz - uz * vy,
    ny = uz * vx - ux * vz,
    nz = ux * vy - uy * vx;
  const n2 = nx * nx + ny * ny + nz * nz;
  const u2 = ux * ux + uy * uy + uz * uz;
  const v2 = vx * vx + vy * vy + vz * vz;
  if (!(n2 > 1e-12 * u2 * v2)) return false;
  // Circumcentre a + (|u|² v × n + |v|² n × u) / (2 |n|²).
  const f = 1 / (2 * n2);
  const qx = (u2 * (vy * nz - vz * ny) + v2 * (ny * uz - nz * uy)) * f;
  const qy = (u2 * (vz * nx - vx * nz) + v2 * (nz * ux - nx * uz)) * f;
  const qz = (u2 * (vx * ny - vy * nx) + v2 * (nx * uy - ny * ux)) * f;
  const h2 = r * r - (qx * qx + qy * qy + qz * qz);
  if (h2 < 0) return false;
  const h = Math.sqrt(h2 / n2);
  out[0] = ax + qx + h * nx;
  out[1] = ay + qy + h * ny;
  out[2] = az + qz + h * nz;
  return true;
}

/** Whether the winding normal of triangle `a, b, c` points the way of each of its vertices' normals. */
export function agreesWithNormals(p: Float64Array, normals: Float32Array, a: number, b: number, c: number): boolean {
  const ux = p[b * 3] - p[a * 3],
    uy = p[b * 3 + 1] - p[a * 3 + 1],
    uz = p[b * 3 + 2] - p[a * 3 + 2];
  const vx = p[c * 3] - p[a * 3],
    vy = p[c * 3 + 1] - p[a * 3 + 1],
    vz = p[c * 3 + 2] - p[a * 3 + 2];
  const nx = uy * vz - uz * vy,
    ny = uz * vx - ux * vz,
    nz = ux * vy - uy * vx;
  for (const v of [a, b, c]) if (nx * normals[v * 3] + ny * normals[v * 3 + 1] + nz * normals[v * 3 + 2] <= 0) return false;
  return true;
}

/**
 * The ball pivoting about the edge `s → t` (Bernardini et al. 1999): its centre turns on the circle around the edge's
 * midpoint `m`, starting at `c0`, rotating away from the triangle it rests on. `setup` fixes the circle; `entryAngle`
 * says at which angle (0 … 2π) the ball's surface first reaches a point, so the first point hit has the smallest one.
 */
export class PivotCircle {
  /** Midpoint of the edge. */
  readonly m = new Float64Array(3);
  /** Unit vector from `m` to the start centre, and the unit direction the centre starts moving in. */
  readonly #u = new Float64Array(3);
  readonly #v = new Float64Array(3);
  /** Radius of the centre's circle. */
  rho = 0;
  #r = 0;

  setup(p: Float64Array, s: number, t: number, c0: Float64Array, r: number): void {
    const m = this.m,
      u = this.#u,
      v = this.#v;
    for (let k = 0; k < 3; k++) m[k] = (p[s * 3 + k] + p[t * 3 + k]) / 2;
    let ax = p[t * 3] - p[s * 3];
    let ay = p[t * 3 + 1] - p[s * 3 + 1];
    let az = p[t * 3 + 2] - p[s * 3 + 2];
    const al = Math.hypot(ax, ay, az);
    ax /= al;
    ay /= al;
    az /= al;
    for (let k = 0; k < 3; k++) u[k] = c0[k] - m[k];
    // Keep only the part of (c0 − m) across the edge: it already is, up to rounding.
    const along = u[0] * ax + u[1] * ay + u[2] * az;
    u[0] -= along * ax;
    u[1] -= along * ay;
    u[2] -= along * az;
    this.rho = Math.hypot(u[0], u[1], u[2]);
    for (let k = 0; k < 3; k++) u[k] /= this.rho || 1;
    // Turning about s → t from the triangle (s, t, o) (wound with its normal towards c0) moves the centre along axis × u.
    v[0] = ay * u[2] - az * u[1];
    v[1] = az * u[0] - ax * u[2];
    v[2] = ax * u[1] - ay * u[0];
    this.#r = r;
  }

  /**
   * Angle in [0, 2π) at which the pivoting ball first touches point `x`, or −1 if it never does. A point inside the
   * starting ball only by rounding (co-spherical samples, as on a regular grid) counts as touched at 0.
   */
  entryAngle(p: Float64Array, x: number): number {
    const m = this.m,
      u = this.#u,
      v = this.#v;
    const dx = m[0] - p[x * 3],
      dy = m[1] - p[x * 3 + 1],
      dz = m[2] - p[x * 3 + 2];
    // |c(θ) − x|² = |m − x|² + ρ² + A cos θ + B sin θ; the point is inside while A cos θ + B sin θ < C.
    const a = 2 * this.rho * (u[0] * dx + u[1] * dy + u[2] * dz);
    const b = 2 * this.rho * (v[0] * dx + v[1] * dy + v[2] * dz);
    const c = this.#r * this.#r - (dx * dx + dy * dy + dz * dz) - this.rho * this.rho;
    const amp = Math.hypot(a, b);
    // Never inside, or inside all the way round (a near-duplicate of the edge's midpoint: it would make a sliver).
    if (!(amp > 0) || c < -amp || c >= amp) return -1;
    let theta = Math.atan2(b, a) + Math.acos(c / amp);
    theta -= 2 * Math.PI * Math.floor(theta / (2 * Math.PI));
    return theta > 2 * Math.PI - 1e-7 ? 0 : theta;
  }

  /** The centre at angle `theta`, into `out`. */
  centerAt(theta: number, out: Float64Array): void {
    const cs = Math.cos(theta) * this.rho,
      sn = Math.sin(theta) * this.rho;
    for (let k = 0; k < 3; k++) out[k] = this.m[k] + cs * this.#u[k] + sn * this.#v[k];
  }
}
