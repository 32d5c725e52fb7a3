// The plane sweep's hot kernels, compiled to WebAssembly (SIMD) at build time by AssemblyScript: the source warp and
// the NCC cost. Loaded by src/sweep-kernels.ts, which documents them and owns the memory layout (byte offsets are its
// arguments here). Positions, window sums and moments are the JavaScript forms' float64 operations in their order (the
// tests' oracles in src/test-support); the bilinear blend of four samples and the NCC's final ratio run in float32,
// within float32 rounding of the float64 results (the samples and costs are stored as float32 either way).

/** Where the module's own static data ends: the caller's buffers start above it. */
export function heapBase(): usize {
  return __heap_base;
}

/** Tolerance (pixels) for samples that project just outside the source's border (as warp-table.ts's `EDGE`). */
const EDGE: f64 = 1e-3;

/** Node cell of coordinate `x` (as warp-table.ts's `cellOf`; `x` ≥ 0). */
function cellOf(x: i32, grid: i32, n: i32): i32 {
  const c = x / grid + 1;
  return c > n - 3 ? n - 3 : c;
}

/**
 * Bilinear sample of the source at (u, v) (pixel centres at integers), as warp-table.ts's `sampleBilinear`: NaN outside
 * `[0, sw−1] × [0, sh−1]` (with the EDGE tolerance) or when `u`/`v` is NaN.
 */
// @ts-ignore: decorator
@inline function bilinear(src: usize, sw: i32, sh: i32, u: f64, v: f64): f64 {
  const umax = <f64>(sw - 1);
  const vmax = <f64>(sh - 1);
  if (!(u >= -EDGE && u <= umax + EDGE && v >= -EDGE && v <= vmax + EDGE)) return NaN;
  const uc = u < 0 ? 0 : u > umax ? umax : u;
  const vc = v < 0 ? 0 : v > vmax ? vmax : v;
  let xi = <i32>uc;
  let yi = <i32>vc;
  if (xi >= sw - 1) xi = sw - 2;
  if (yi >= sh - 1) yi = sh - 2;
  return interpolate(src, sw, xi, yi, uc - <f64>xi, vc - <f64>yi);
}

/** The bilinear interpolation between pixel (xi, yi) and its right, lower and lower-right neighbours. */
// @ts-ignore: decorator
@inline function interpolate(src: usize, sw: i32, xi: i32, yi: i32, fx: f64, fy: f64): f64 {
  const p = src + ((<usize>yi * <usize>sw + <usize>xi) << 2);
  const srcRow = (<usize>sw) << 2;
  const a = <f64>load<f32>(p);
  const b = <f64>load<f32>(p + 4);
  const c = <f64>load<f32>(p + srcRow);
  const d = <f64>load<f32>(p + srcRow + 4);
  const top = a + fx * (b - a);
  const bot = c + fx * (d - c);
  return top + fy * (bot - top);
}

/**
 * {@link bilinear} at four positions (f64x2 (u, v) pairs) known to lie inside `[0, sw−1) × [0, sh−1)`, at once and in
 * float32, with no border test or clamps: the whole and fractional parts from the f64 positions, the three blends as
 * f32x4 operations. Within a few float32 ulps of the float64 sample (stored as float32 either way).
 */
// @ts-ignore: decorator
@inline function bilinearInside4(src: usize, sw: i32, p0: v128, p1: v128, p2: v128, p3: v128): v128 {
  const u01 = v128.shuffle<f64>(p0, p1, 0, 2);
  const v01 = v128.shuffle<f64>(p0, p1, 1, 3);
  const u23 = v128.shuffle<f64>(p2, p3, 0, 2);
  const v23 = v128.shuffle<f64>(p2, p3, 1, 3);
  // Inside the source the positions are ≥ 0: truncation is the floor.
  const iu01 = i32x4.trunc_sat_f64x2_s_zero(u01);
  const iu23 = i32x4.trunc_sat_f64x2_s_zero(u23);
  const iv01 = i32x4.trunc_sat_f64x2_s_zero(v01);
  const iv23 = i32x4.trunc_sat_f64x2_s_zero(v23);
  const fx = v128.shuffle<f32>(
    f32x4.demote_f64x2_zero(f64x2.sub(u01, f64x2.convert_low_i32x4_s(iu01))),
    f32x4.demote_f64x2_zero(f64x2.sub(u23, f64x2.convert_low_i32x4_s(iu23))),
    0, 1, 4, 5,
  );
  const fy = v128.shuffle<f32>(
    f32x4.demote_f64x2_zero(f64x2.sub(v01, f64x2.convert_low_i32x4_s(iv01))),
    f32x4.demote_f64x2_zero(f64x2.sub(v23, f64x2.convert_low_i32x4_s(iv23))),
    0, 1, 4, 5,
  );
  const iu = v128.shuffle<i32>(iu01, iu23, 0, 1, 4, 5);
  const iv = v128.shuffle<i32>(iv01, iv23, 0, 1, 4, 5);
  const at = i32x4.add(i32x4.splat(<i32>src), i32x4.shl(i32x4.add(i32x4.mul(iv, i32x4.splat(sw)), iu), 2));
  const a0 = <usize>i32x4.extract_lane(at, 0);
  const a1 = <usize>i32x4.extract_lane(at, 1);
  const a2 = <usize>i32x4.extract_lane(at, 2);
  const a3 = <usize>i32x4.extract_lane(at, 3);
  const row = (<usize>sw) << 2;
  // Each pixel's two neighbours in a row as one 64-bit load, regrouped into the four corners' lanes.
  const top01 = v128.load64_lane(a1, v128.load64_zero(a0), 1);
  const top23 = v128.load64_lane(a3, v128.load64_zero(a2), 1);
  const bot01 = v128.load64_lane(a1 + row, v128.load64_zero(a0 + row), 1);
  const bot23 = v128.load64_lane(a3 + row, v128.load64_zero(a2 + row), 1);
  const a = v128.shuffle<f32>(top01, top23, 0, 2, 4, 6);
  const b = v128.shuffle<f32>(top01, top23, 1, 3, 5, 7);
  const c = v128.shuffle<f32>(bot01, bot23, 0, 2, 4, 6);
  const d = v128.shuffle<f32>(bot01, bot23, 1, 3, 5, 7);
  // (1 − f)·p + f·q: exact at f = 0 and f = 1 in float32 (p + f·(q − p) is not at f = 1), so a pixel centre samples
  // its own value.
  const one = f32x4.splat(1);
  const gx = f32x4.sub(one, fx);
  const top = f32x4.add(f32x4.mul(gx, a), f32x4.mul(fx, b));
  const bot = f32x4.add(f32x4.mul(gx, c), f32x4.mul(fx, d));
  return f32x4.add(f32x4.mul(f32x4.sub(one, fy), top), f32x4.mul(fy, bot));
}

/** The NaN lanes of an f32x4. */
// @ts-ignore: decorator
@inline function nanCount4(s: v128): i32 {
  return <i32>popcnt(i32x4.bitmask(f32x4.ne(s, s)));
}

/**
 * Samples the source at per-pixel positions moved along the rays: `(u, v) + delta·(du, dv)` for the `n` positions at
 * `uv` and their derivatives at `duv` (f64 pairs; the refinement's surface warp). Writes f32 samples to `out`; returns
 * the number of NaN samples. Four positions a pass ({@link sampleFour}: within a few float32 ulps of {@link bilinear}
 * where all four lie inside the source, bit for bit elsewhere).
 */
export function sampleShifted(src: usize, sw: i32, sh: i32, uv: usize, duv: usize, delta: f64, n: i32, out: usize): i32 {
  let invalid = 0;
  const shift = f64x2.splat(delta);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = (<usize>i) << 4;
    const p0 = f64x2.add(v128.load(uv + o), f64x2.mul(shift, v128.load(duv + o)));
    const p1 = f64x2.add(v128.load(uv + o + 16), f64x2.mul(shift, v128.load(duv + o + 16)));
    const p2 = f64x2.add(v128.load(uv + o + 32), f64x2.mul(shift, v128.load(duv + o + 32)));
    const p3 = f64x2.add(v128.load(uv + o + 48), f64x2.mul(shift, v128.load(duv + o + 48)));
    invalid += sampleFour(src, sw, sh, p0, p1, p2, p3, out + ((<usize>i) << 2));
  }
  for (; i < n; i++) {
    const o = (<usize>i) << 4;
    invalid += sampleOne(src, sw, sh, f64x2.add(v128.load(uv + o), f64x2.mul(shift, v128.load(duv + o))), out + ((<usize>i) << 2));
  }
  return invalid;
}

/** Margin (pixels) between a segment's sample range and the source's border for the fast path. */
const SAFE: f64 = 1e-6;

/**
 * Whether the cubic a + b t + c t² + d t³ stays within [SAFE, max − SAFE] for t ∈ [t0, t1] (0 ≤ t0 ≤ t1): its value at
 * t0 ± the most its terms can vary over the interval (each monomial is monotonic for t ≥ 0). Conservative — a
 * segment near the border may take the checked path although it stays inside, which samples the same values.
 */
// @ts-ignore: decorator
@inline function inside(a: f64, b: f64, c: f64, d: f64, t0: f64, t1: f64, max: f64): bool {
  const p0 = a + t0 * (b + t0 * (c + t0 * d));
  const s0 = t0 * t0;
  const s1 = t1 * t1;
  const reach = Math.abs(b) * (t1 - t0) + Math.abs(c) * (s1 - s0) + Math.abs(d) * (s1 * t1 - s0 * t0);
  return p0 - reach >= SAFE && p0 + reach <= max - SAFE;
}

/**
 * The Catmull-Rom blend in y of the four node rows around pixel row `y`: per node column `c0…c1`, the weighted u and v
 * (f64) to `rowU`, `rowV`. `table` holds node rows `rowLo…` (nx nodes of (u, v) f32 per row).
 */
// @ts-ignore: decorator
@inline function blendNodeRows(table: usize, nx: i32, ny: i32, rowLo: i32, grid: i32, inv: f64, y: i32, c0: i32, c1: i32, rowU: usize, rowV: usize): void {
  const rs = (<usize>nx) << 3;
  const cy = cellOf(y, grid, ny);
  const t = <f64>y * inv - <f64>(cy - 1);
  const t2 = t * t;
  const t3 = t2 * t;
  const w0 = 0.5 * (-t3 + 2 * t2 - t);
  const w1 = 0.5 * (3 * t3 - 5 * t2 + 2);
  const w2 = 0.5 * (-3 * t3 + 4 * t2 + t);
  const w3 = 0.5 * (t3 - t2);
  const r0 = table + <usize>(cy - 1 - rowLo) * rs;
  for (let c = c0; c <= c1; c++) {
    const a = r0 + ((<usize>c) << 3);
    const o = (<usize>(c - c0)) << 3;
    store<f64>(rowU + o, w0 * <f64>load<f32>(a) + w1 * <f64>load<f32>(a + rs) + w2 * <f64>load<f32>(a + 2 * rs) + w3 * <f64>load<f32>(a + 3 * rs));
    store<f64>(
      rowV + o,
      w0 * <f64>load<f32>(a + 4) + w1 * <f64>load<f32>(a + rs + 4) + w2 * <f64>load<f32>(a + 2 * rs + 4) + w3 * <f64>load<f32>(a + 3 * rs + 4),
    );
  }
}

// One cell's Catmull-Rom cubic p(t) = a + b t + c t² + d t³ in t = (x − x_cell)/grid, u and v as the two lanes (set by
// {@link cellCubic}), and its forward-difference state at the cell's first pixel: the value and its first, second and
// third differences per pixel step.
let cubicA: v128 = f64x2.splat(0);
let cubicB: v128 = f64x2.splat(0);
let cubicC: v128 = f64x2.splat(0);
let cubicD: v128 = f64x2.splat(0);
let stepP: v128 = f64x2.splat(0);
let stepD1: v128 = f64x2.splat(0);
let stepD2: v128 = f64x2.splat(0);
let stepD3: v128 = f64x2.splat(0);

/**
 * The cubic of the cell whose node column `i` (byte offset into `rowU`, `rowV` from {@link blendNodeRows}) is left of
 * it, and its forward differences from `t0` in steps of `h` (one pixel): each lane the scalar expression's operations
 * in its order, so every coordinate is bit for bit the scalar walk's.
 */
// @ts-ignore: decorator
@inline function cellCubic(rowU: usize, rowV: usize, i: usize, t0: f64, h: f64): void {
  const p0 = f64x2(load<f64>(rowU + i - 8), load<f64>(rowV + i - 8));
  const p1 = f64x2(load<f64>(rowU + i), load<f64>(rowV + i));
  const p2 = f64x2(load<f64>(rowU + i + 8), load<f64>(rowV + i + 8));
  const p3 = f64x2(load<f64>(rowU + i + 16), load<f64>(rowV + i + 16));
  const half = f64x2.splat(0.5);
  const a = p1;
  const b = f64x2.mul(half, f64x2.sub(p2, p0));
  const c = f64x2.sub(f64x2.add(f64x2.sub(p0, f64x2.mul(f64x2.splat(2.5), p1)), f64x2.mul(f64x2.splat(2), p2)), f64x2.mul(half, p3));
  const d = f64x2.add(f64x2.mul(half, f64x2.sub(p3, p0)), f64x2.mul(f64x2.splat(1.5), f64x2.sub(p1, p2)));
  cubicA = a;
  cubicB = b;
  cubicC = c;
  cubicD = d;
  const t = f64x2.splat(t0);
  const hh = f64x2.splat(h);
  stepP = f64x2.add(a, f64x2.mul(t, f64x2.add(b, f64x2.mul(t, f64x2.add(c, f64x2.mul(t, d))))));
  const k1 = f64x2.splat(2 * t0 * h + h * h);
  const k2 = f64x2.splat(3 * t0 * t0 * h + 3 * t0 * h * h + h * h * h);
  stepD1 = f64x2.add(f64x2.add(f64x2.mul(b, hh), f64x2.mul(c, k1)), f64x2.mul(d, k2));
  const k3 = f64x2.splat(6 * t0 * h * h + 6 * h * h * h);
  stepD2 = f64x2.add(f64x2.mul(f64x2.mul(f64x2.mul(f64x2.splat(2), c), hh), hh), f64x2.mul(d, k3));
  stepD3 = f64x2.mul(f64x2.mul(f64x2.mul(f64x2.mul(f64x2.splat(6), d), hh), hh), hh);
}

/**
 * The source coordinates of pixels `x0…x1−1` of one row from its blended node columns (`rowU`, `rowV` from
 * {@link blendNodeRows}, column `c0` first): each cell's Catmull-Rom cubic in x by forward differences, as
 * {@link warpRegion} walks it, to `outUV` (an f64 (u, v) pair per pixel).
 */
function rowCoordinates(rowU: usize, rowV: usize, c0: i32, nx: i32, grid: i32, inv: f64, x0: i32, x1: i32, outUV: usize): void {
  let x = x0;
  let o: usize = 0;
  while (x < x1) {
    const cell = cellOf(x, grid, nx);
    let xEnd = cell == nx - 3 ? x1 : cell * grid;
    if (xEnd > x1) xEnd = x1;
    cellCubic(rowU, rowV, (<usize>(cell - c0)) << 3, <f64>(x - (cell - 1) * grid) * inv, inv);
    let uv = stepP;
    let d1 = stepD1;
    let d2 = stepD2;
    const d3 = stepD3;
    for (; x < xEnd; x++, o += 16) {
      v128.store(outUV + o, uv);
      uv = f64x2.add(uv, d1);
      d1 = f64x2.add(d1, d2);
      d2 = f64x2.add(d2, d3);
    }
  }
}

/**
 * The source positions of every pixel of `[x0, x1) × [y0, y1)` on a surface (the refinements' surface warp): pixel `q`
 * at depth `D(q)` (f32 `depth`, row-major with the region's width) lands between the warp-table coordinates of its two
 * anchors (depth indices `anchorK[0…A−1]`, `spacing` apart but the last, a power of two so that a division by it is the
 * product with its inverse to the bit; f = (D − min) / step, anchor
 * ⌊(f − anchorK[0]) / spacing⌋ clamped), linearly in depth, with the derivative `∂(u, v)/∂D` of that interpolation.
 * `tables` holds each anchor's node rows `rowLo…` (`tableBytes` apart). Writes the (u, v) pairs to `uv` and the
 * derivative pairs to `duv` (f64 pairs, row-major with the region's width); NaN where the depth is. A row computes only
 * the anchors its depths use (`anchorUV`: scratch of A rows of (u, v) pairs; `rowU`, `rowV`: node columns; `fRow`: the
 * row's depth indices, f64).
 */
export function surfacePositions(
  depth: usize,
  x0: i32,
  y0: i32,
  x1: i32,
  y1: i32,
  tables: usize,
  tableBytes: usize,
  anchorK: usize,
  A: i32,
  nx: i32,
  ny: i32,
  rowLo: i32,
  grid: i32,
  min: f64,
  step: f64,
  spacing: f64,
  uv: usize,
  duv: usize,
  rowU: usize,
  rowV: usize,
  anchorUV: usize,
  fRow: usize,
): void {
  const rw = x1 - x0;
  const rowBytes = (<usize>rw) << 4;
  const c0 = cellOf(x0, grid, nx) - 1;
  const c1 = cellOf(x1 - 1, grid, nx) + 2;
  const inv: f64 = 1 / <f64>grid;
  const k0 = <f64>load<i32>(anchorK);
  const last = A - 2;
  const perSpacing = 1 / spacing;
  const none = f64x2.splat(NaN);
  for (let y = y0; y < y1; y++) {
    const first = <usize>(y - y0) * <usize>rw;
    const d0 = depth + (first << 2);
    let lo = last;
    let hi = 0;
    for (let x = 0; x < rw; x++) {
      const d = <f64>load<f32>(d0 + ((<usize>x) << 2));
      const f = (d - min) / step;
      store<f64>(fRow + ((<usize>x) << 3), f);
      if (d != d) continue;
      let a = <i32>Math.floor((f - k0) * perSpacing);
      a = a < 0 ? 0 : a > last ? last : a;
      if (a < lo) lo = a;
      if (a > hi) hi = a;
    }
    for (let a = lo; a <= hi + 1; a++) {
      blendNodeRows(tables + <usize>a * tableBytes, nx, ny, rowLo, grid, inv, y, c0, c1, rowU, rowV);
      rowCoordinates(rowU, rowV, c0, nx, grid, inv, x0, x1, anchorUV + <usize>(a - lo) * rowBytes);
    }
    const out = uv + (first << 4);
    const outD = duv + (first << 4);
    for (let x = 0; x < rw; x++) {
      const o = (<usize>x) << 4;
      const f = load<f64>(fRow + ((<usize>x) << 3));
      if (f != f) {
        v128.store(out + o, none);
        v128.store(outD + o, none);
        continue;
      }
      let a = <i32>Math.floor((f - k0) * perSpacing);
      a = a < 0 ? 0 : a > last ? last : a;
      const ka = <f64>load<i32>(anchorK + ((<usize>a) << 2));
      const span = <f64>load<i32>(anchorK + ((<usize>(a + 1)) << 2)) - ka;
      const t = span == spacing ? (f - ka) * perSpacing : (f - ka) / span;
      const at = anchorUV + <usize>(a - lo) * rowBytes + o;
      const pa = v128.load(at);
      const dp = f64x2.sub(v128.load(at + rowBytes), pa);
      v128.store(out + o, f64x2.add(pa, f64x2.mul(f64x2.splat(t), dp)));
      v128.store(outD + o, f64x2.div(dp, f64x2.splat(span * step)));
    }
  }
}

/**
 * Warps a source onto `[x0, x1) × [y0, y1)` of the reference: the Catmull-Rom interpolation of the warp table along
 * rows by forward differences, then a bilinear sample of the source (pixel centres at integers; NaN outside
 * `[0, sw−1] × [0, sh−1]` with the EDGE tolerance or where the table is NaN). `table` holds node rows `rowLo…` of the
 * table (nx nodes of (u, v) f32 per row); `rowU`, `rowV` are scratch (f64, one per node column). Writes f32 samples,
 * row-major with the region's width, to `out`; returns the number of NaN samples.
 */
export function warpRegion(
  table: usize,
  nx: i32,
  ny: i32,
  rowLo: i32,
  grid: i32,
  x0: i32,
  y0: i32,
  x1: i32,
  y1: i32,
  src: usize,
  sw: i32,
  sh: i32,
  out: usize,
  rowU: usize,
  rowV: usize,
): i32 {
  const rw = x1 - x0;
  const c0 = cellOf(x0, grid, nx) - 1;
  const c1 = cellOf(x1 - 1, grid, nx) + 2;
  const inv: f64 = 1 / <f64>grid;
  const umax = <f64>(sw - 1);
  const vmax = <f64>(sh - 1);
  let invalid = 0;
  for (let y = y0; y < y1; y++) {
    blendNodeRows(table, nx, ny, rowLo, grid, inv, y, c0, c1, rowU, rowV);
    let o = out + ((<usize>(y - y0) * <usize>rw) << 2);
    let x = x0;
    while (x < x1) {
      const cell = cellOf(x, grid, nx);
      let xEnd = cell == nx - 3 ? x1 : cell * grid;
      if (xEnd > x1) xEnd = x1;
      // The cell's cubic and its forward differences along the row.
      const h = inv;
      const t0 = <f64>(x - (cell - 1) * grid) * inv;
      cellCubic(rowU, rowV, (<usize>(cell - c0)) << 3, t0, h);
      // Where the whole segment samples strictly inside the source (its cubic's range over the segment, from the ends
      // and the turning points, with a margin far above the forward differences' rounding), no sample needs the
      // border test or the clamps.
      const t1 = t0 + <f64>(xEnd - 1 - x) * h;
      const a = cubicA;
      const b = cubicB;
      const c = cubicC;
      const d = cubicD;
      const safe =
        inside(f64x2.extract_lane(a, 0), f64x2.extract_lane(b, 0), f64x2.extract_lane(c, 0), f64x2.extract_lane(d, 0), t0, t1, umax) &&
        inside(f64x2.extract_lane(a, 1), f64x2.extract_lane(b, 1), f64x2.extract_lane(c, 1), f64x2.extract_lane(d, 1), t0, t1, vmax);
      // (u, v) as one f64x2 lane pair, the forward differences of both at once (each lane the scalar walk's operation,
      // so the positions are bit for bit the JavaScript oracle's).
      let uv = stepP;
      let d1 = stepD1;
      let d2 = stepD2;
      const d3 = stepD3;
      // Four pixels a pass: their positions by the same walk, sampled as one f32x4 where the segment lies strictly
      // inside the source (bilinearInside4), else through sampleFour (a segment reaching past the border, where the
      // source does not see the reference: two fifths of the samples of a ring camera's sweep). The walk is unrolled
      // by hand: kept in a scratch of memory between its steps instead, the warp took 1–4 % longer (back to back, three
      // references: 3.15–3.23 against 3.11 s).
      for (; x + 4 <= xEnd; x += 4) {
        const p0 = uv;
        uv = f64x2.add(uv, d1);
        d1 = f64x2.add(d1, d2);
        d2 = f64x2.add(d2, d3);
        const p1 = uv;
        uv = f64x2.add(uv, d1);
        d1 = f64x2.add(d1, d2);
        d2 = f64x2.add(d2, d3);
        const p2 = uv;
        uv = f64x2.add(uv, d1);
        d1 = f64x2.add(d1, d2);
        d2 = f64x2.add(d2, d3);
        const p3 = uv;
        uv = f64x2.add(uv, d1);
        d1 = f64x2.add(d1, d2);
        d2 = f64x2.add(d2, d3);
        if (safe) {
          const s = bilinearInside4(src, sw, p0, p1, p2, p3);
          invalid += nanCount4(s);
          v128.store(o, s);
        } else {
          invalid += sampleFour(src, sw, sh, p0, p1, p2, p3, o);
        }
        o += 16;
      }
      for (; x < xEnd; x++) {
        invalid += sampleOne(src, sw, sh, uv, o);
        o += 4;
        uv = f64x2.add(uv, d1);
        d1 = f64x2.add(d1, d2);
        d2 = f64x2.add(d2, d3);
      }
    }
  }
  return invalid;
}

/**
 * {@link bilinear} at four positions (f64x2 (u, v) pairs), stored as f32 from `out`; returns the number of NaN samples.
 * Sampled at once where all four lie inside ({@link bilinearInside4}), NaN at once where the border test rejects all
 * four, one by one through it otherwise.
 */
// @ts-ignore: decorator
@inline function sampleFour(src: usize, sw: i32, sh: i32, p0: v128, p1: v128, p2: v128, p3: v128, out: usize): i32 {
  const umax = <f64>(sw - 1);
  const vmax = <f64>(sh - 1);
  if (strictlyInside4(p0, p1, p2, p3, umax, vmax)) {
    const s = bilinearInside4(src, sw, p0, p1, p2, p3);
    v128.store(out, s);
    return nanCount4(s);
  }
  if (!seen(p0, umax, vmax) && !seen(p1, umax, vmax) && !seen(p2, umax, vmax) && !seen(p3, umax, vmax)) {
    v128.store(out, f32x4.splat(NaN));
    return 4;
  }
  return sampleOne(src, sw, sh, p0, out) + sampleOne(src, sw, sh, p1, out + 4) + sampleOne(src, sw, sh, p2, out + 8) + sampleOne(src, sw, sh, p3, out + 12);
}

/** Whether the four positions (f64x2 (u, v) pairs) lie in `[0, umax) × [0, vmax)`, where {@link bilinearInside4} samples. */
// @ts-ignore: decorator
@inline function strictlyInside4(p0: v128, p1: v128, p2: v128, p3: v128, umax: f64, vmax: f64): bool {
  const lo = f64x2.splat(0);
  const hi = f64x2(umax, vmax);
  const in01 = v128.and(v128.and(f64x2.ge(p0, lo), f64x2.lt(p0, hi)), v128.and(f64x2.ge(p1, lo), f64x2.lt(p1, hi)));
  const in23 = v128.and(v128.and(f64x2.ge(p2, lo), f64x2.lt(p2, hi)), v128.and(f64x2.ge(p3, lo), f64x2.lt(p3, hi)));
  return i64x2.all_true(v128.and(in01, in23));
}

/** Whether {@link bilinear} samples position `p` (an f64x2 (u, v) pair) rather than returning NaN: its border test. */
// @ts-ignore: decorator
@inline function seen(p: v128, umax: f64, vmax: f64): bool {
  return i64x2.all_true(v128.and(f64x2.ge(p, f64x2.splat(-EDGE)), f64x2.le(p, f64x2(umax + EDGE, vmax + EDGE))));
}

/** {@link bilinear} at position `p` (an f64x2 (u, v) pair), stored as f32 at `out`; 1 when the sample is NaN. */
// @ts-ignore: decorator
@inline function sampleOne(src: usize, sw: i32, sh: i32, p: v128, out: usize): i32 {
  const s = bilinear(src, sw, sh, f64x2.extract_lane(p, 0), f64x2.extract_lane(p, 1));
  store<f32>(out, <f32>s);
  return s != s ? 1 : 0;
}

// The halo and tile that {@link refStats}, {@link nccFast} and {@link nccMasked} work on, set by {@link setTile}: the
// halo hw × hh, the tile tw × th at (tx, ty) in it, the window's radius r (the kernels' names for them; a helper's
// parameters of the same names shadow them).
let hw: i32 = 0;
let hh: i32 = 0;
let tx: i32 = 0;
let ty: i32 = 0;
let tw: i32 = 0;
let th: i32 = 0;
let r: i32 = 0;

/** Sets the halo and tile of the NCC kernels' next calls (see above). */
export function setTile(haloW: i32, haloH: i32, tileX: i32, tileY: i32, tileW: i32, tileH: i32, radius: i32): void {
  hw = haloW;
  hh = haloH;
  tx = tileX;
  ty = tileY;
  tw = tileW;
  th = tileH;
  r = radius;
}

/** The reference's column sums (ΣR at `cS`, ΣR² at `cS + 8·hw`) ± one halo row. */
function addRefRow(cS: usize, hw: i32, ra: usize, sign: f64): void {
  const cSS = cS + ((<usize>hw) << 3);
  const sv = f64x2.splat(sign);
  let i = 0;
  for (; i + 2 <= hw; i += 2) {
    const o8 = (<usize>i) << 3;
    const a = f64x2.promote_low_f32x4(v128.load64_zero(ra + ((<usize>i) << 2)));
    const sa = f64x2.mul(sv, a);
    v128.store(cS + o8, f64x2.add(v128.load(cS + o8), sa));
    v128.store(cSS + o8, f64x2.add(v128.load(cSS + o8), f64x2.mul(sa, a)));
  }
  for (; i < hw; i++) {
    const o8 = (<usize>i) << 3;
    const a = <f64>load<f32>(ra + ((<usize>i) << 2));
    store<f64>(cS + o8, load<f64>(cS + o8) + sign * a);
    store<f64>(cSS + o8, load<f64>(cSS + o8) + sign * a * a);
  }
}

/**
 * The reference's window statistics of the tile's pixels (of {@link setTile}), for {@link nccFast}: `ref` holds the
 * halo (f32, row-major; the tile grown by r and clipped to the image, so the halo's border is the image's where a
 * window is cut); per tile pixel (tw × th, f64) `invN` = 1/(window pixels in the image), or 0 when
 * fewer than `minCount`, `mean` and `sd` (population) of the window's intensities. Running sums over the halo's rows
 * and columns (`cols`: scratch, 2 · hw f64); the window's pixel count is exact (rows × columns in the halo).
 */
export function refStats(ref: usize, minCount: i32, cols: usize, invN: usize, mean: usize, sd: usize): void {
  memory.fill(cols, 0, (<usize>hw) << 4);
  const cS = cols;
  const cSS = cols + ((<usize>hw) << 3);
  const row = (<usize>hw) << 2;
  // The halo starts at most r before the tile (it is the tile grown by r), so every row and column before the first
  // pixel's last is in its window.
  for (let y = 0; y < ty + r && y < hh; y++) addRefRow(cS, hw, ref + <usize>y * row, 1);
  for (let y = ty; y < ty + th; y++) {
    if (y + r < hh) addRefRow(cS, hw, ref + <usize>(y + r) * row, 1);
    if (y - r - 1 >= 0) addRefRow(cS, hw, ref + <usize>(y - r - 1) * row, -1);
    const rows = (y + r < hh ? y + r : hh - 1) - (y - r > 0 ? y - r : 0) + 1;
    let sS: f64 = 0;
    let sSS: f64 = 0;
    for (let i = 0; i < tx + r && i < hw; i++) {
      sS += load<f64>(cS + ((<usize>i) << 3));
      sSS += load<f64>(cSS + ((<usize>i) << 3));
    }
    const po = <usize>(y - ty) * <usize>tw;
    for (let j = 0; j < tw; j++) {
      const x = tx + j;
      if (x + r < hw) {
        const o8 = (<usize>(x + r)) << 3;
        sS += load<f64>(cS + o8);
        sSS += load<f64>(cSS + o8);
      }
      if (x - r - 1 >= 0) {
        const o8 = (<usize>(x - r - 1)) << 3;
        sS -= load<f64>(cS + o8);
        sSS -= load<f64>(cSS + o8);
      }
      const n = <f64>(rows * ((x + r < hw ? x + r : hw - 1) - (x - r > 0 ? x - r : 0) + 1));
      const m = sS / n;
      const v = sSS / n - m * m;
      const p = (po + <usize>j) << 3;
      store<f64>(invN + p, n >= <f64>minCount ? 1 / n : 0);
      store<f64>(mean + p, m);
      store<f64>(sd + p, Math.sqrt(v > 0 ? v : 0));
    }
  }
}

/**
 * The tile row's window sums of the three moments from their column sums (ΣS, ΣS², ΣRS at `c`, `c + 8·hw`,
 * `c + 16·hw`) into `w`, `w + 8·hw`, `w + 16·hw`: `w[j]` = the sum over the columns within r of tile column j
 * (x = tx + j), a column outside the halo counting 0. A running sum whose step `d[j] = c[x + r] − c[x − r − 1]` is
 * taken two pixels at a time where both columns are in the halo, `(w[j], w[j+1]) = (w[j−2], w[j−1]) + (d[j−1] + d[j],
 * d[j] + d[j+1])`, the three moments' sums interleaved: the additions that wait on one another are one per two pixels
 * and moment (the scalar step's two per pixel made the row pass wait on float latency).
 */
function rowWindowSums(c: usize, w: usize, hw: i32, tx: i32, tw: i32, r: i32): void {
  const m = (<usize>hw) << 3;
  let s0: f64 = 0;
  let s1: f64 = 0;
  let s2: f64 = 0;
  for (let i = tx - r > 0 ? tx - r : 0; i < tx + r && i < hw; i++) {
    const o = c + ((<usize>i) << 3);
    s0 += load<f64>(o);
    s1 += load<f64>(o + m);
    s2 += load<f64>(o + 2 * m);
  }
  // Per moment w[j − 2], w[j − 1] and d[j − 1]; before the row both sums are w[−1] (the window of the column before
  // the tile, clipped to the halo) and d[−1] is 0, which makes the first steps w[0] = w[−1] + d[0], w[1] = w[0] + d[1].
  let b0 = s0;
  let b1 = s1;
  let b2 = s2;
  let d0: f64 = 0;
  let d1: f64 = 0;
  let d2: f64 = 0;
  // Tile columns whose step has both columns in the halo: [lo, hi).
  const lo = r + 1 - tx > 0 ? r + 1 - tx : 0;
  const hi = hw - r - tx < tw ? hw - r - tx : tw;
  for (let j = 0; j < tw; j++) {
    if (j >= lo && j + 2 <= hi) {
      let V0 = f64x2.replace_lane(f64x2.splat(b0), 1, s0);
      let V1 = f64x2.replace_lane(f64x2.splat(b1), 1, s1);
      let V2 = f64x2.replace_lane(f64x2.splat(b2), 1, s2);
      let P0 = f64x2.splat(d0);
      let P1 = f64x2.splat(d1);
      let P2 = f64x2.splat(d2);
      for (; j + 2 <= hi; j += 2) {
        const x = tx + j;
        const a = c + ((<usize>(x + r)) << 3);
        const z = c + ((<usize>(x - r - 1)) << 3);
        const o = w + ((<usize>j) << 3);
        const D0 = f64x2.sub(v128.load(a), v128.load(z));
        const D1 = f64x2.sub(v128.load(a + m), v128.load(z + m));
        const D2 = f64x2.sub(v128.load(a + 2 * m), v128.load(z + 2 * m));
        V0 = f64x2.add(V0, f64x2.add(D0, v128.shuffle<f64>(P0, D0, 1, 2)));
        V1 = f64x2.add(V1, f64x2.add(D1, v128.shuffle<f64>(P1, D1, 1, 2)));
        V2 = f64x2.add(V2, f64x2.add(D2, v128.shuffle<f64>(P2, D2, 1, 2)));
        v128.store(o, V0);
        v128.store(o + m, V1);
        v128.store(o + 2 * m, V2);
        P0 = D0;
        P1 = D1;
        P2 = D2;
      }
      b0 = f64x2.extract_lane(V0, 0);
      b1 = f64x2.extract_lane(V1, 0);
      b2 = f64x2.extract_lane(V2, 0);
      s0 = f64x2.extract_lane(V0, 1);
      s1 = f64x2.extract_lane(V1, 1);
      s2 = f64x2.extract_lane(V2, 1);
      d0 = f64x2.extract_lane(P0, 1);
      d1 = f64x2.extract_lane(P1, 1);
      d2 = f64x2.extract_lane(P2, 1);
      if (j >= tw) break;
    }
    const x = tx + j;
    const a = c + ((<usize>(x + r)) << 3);
    const z = c + ((<usize>(x - r - 1)) << 3);
    const added = x + r < hw;
    const dropped = x - r - 1 >= 0;
    d0 = (added ? load<f64>(a) : 0) - (dropped ? load<f64>(z) : 0);
    d1 = (added ? load<f64>(a + m) : 0) - (dropped ? load<f64>(z + m) : 0);
    d2 = (added ? load<f64>(a + 2 * m) : 0) - (dropped ? load<f64>(z + 2 * m) : 0);
    b0 = s0;
    b1 = s1;
    b2 = s2;
    s0 += d0;
    s1 += d1;
    s2 += d2;
    const o = w + ((<usize>j) << 3);
    store<f64>(o, s0);
    store<f64>(o + m, s1);
    store<f64>(o + 2 * m, s2);
  }
}

/** Column sums of the all-valid path (cS, cSS, cRS) ± one halo row. */
function addRowFast(cols: usize, hw: i32, ra: usize, wa: usize, sign: f64): void {
  const cS = cols;
  const cSS = cols + ((<usize>hw) << 3);
  const cRS = cols + ((<usize>hw) << 4);
  const sv = f64x2.splat(sign);
  let i = 0;
  for (; i + 2 <= hw; i += 2) {
    const o4 = (<usize>i) << 2;
    const o8 = (<usize>i) << 3;
    const a = f64x2.promote_low_f32x4(v128.load64_zero(wa + o4));
    const r = f64x2.promote_low_f32x4(v128.load64_zero(ra + o4));
    const sa = f64x2.mul(sv, a);
    v128.store(cS + o8, f64x2.add(v128.load(cS + o8), sa));
    v128.store(cSS + o8, f64x2.add(v128.load(cSS + o8), f64x2.mul(sa, a)));
    v128.store(cRS + o8, f64x2.add(v128.load(cRS + o8), f64x2.mul(r, sa)));
  }
  for (; i < hw; i++) {
    const o4 = (<usize>i) << 2;
    const o8 = (<usize>i) << 3;
    const a = <f64>load<f32>(wa + o4);
    const sa = sign * a;
    store<f64>(cS + o8, load<f64>(cS + o8) + sa);
    store<f64>(cSS + o8, load<f64>(cSS + o8) + sa * a);
    store<f64>(cRS + o8, load<f64>(cRS + o8) + <f64>load<f32>(ra + o4) * sa);
  }
}

/** Column sums of the all-valid path: one row in, one row out. */
function slideRowsFast(cols: usize, hw: i32, ra: usize, wa: usize, rs: usize, ws: usize): void {
  const cS = cols;
  const cSS = cols + ((<usize>hw) << 3);
  const cRS = cols + ((<usize>hw) << 4);
  let i = 0;
  for (; i + 2 <= hw; i += 2) {
    const o4 = (<usize>i) << 2;
    const o8 = (<usize>i) << 3;
    const a = f64x2.promote_low_f32x4(v128.load64_zero(wa + o4));
    const b = f64x2.promote_low_f32x4(v128.load64_zero(ws + o4));
    const rA = f64x2.promote_low_f32x4(v128.load64_zero(ra + o4));
    const rB = f64x2.promote_low_f32x4(v128.load64_zero(rs + o4));
    v128.store(cS + o8, f64x2.add(v128.load(cS + o8), f64x2.sub(a, b)));
    v128.store(cSS + o8, f64x2.add(v128.load(cSS + o8), f64x2.sub(f64x2.mul(a, a), f64x2.mul(b, b))));
    v128.store(cRS + o8, f64x2.add(v128.load(cRS + o8), f64x2.sub(f64x2.mul(rA, a), f64x2.mul(rB, b))));
  }
  for (; i < hw; i++) {
    const o4 = (<usize>i) << 2;
    const o8 = (<usize>i) << 3;
    const a = <f64>load<f32>(wa + o4);
    const b = <f64>load<f32>(ws + o4);
    store<f64>(cS + o8, load<f64>(cS + o8) + (a - b));
    store<f64>(cSS + o8, load<f64>(cSS + o8) + (a * a - b * b));
    store<f64>(cRS + o8, load<f64>(cRS + o8) + (<f64>load<f32>(ra + o4) * a - <f64>load<f32>(rs + o4) * b));
  }
}

/**
 * Adds `cost` to the f32 accumulator at `p` (rounded once, as `acc[p] += cost` on a Float32Array), or stores it when
 * `fresh` (as adding it to 0).
 */
function accumulate(p: usize, cost: f64, fresh: bool): void {
  store<f32>(p, fresh ? <f32>cost : <f32>(<f64>load<f32>(p) + cost));
}

/**
 * NCC, all-valid path. `ref` and `warped` hold the halo (hw × hh, f32, row-major); `invN`, `mean`, `sd` the
 * reference's window statistics of the tile's pixels (tw × th, f64); each pixel's cost goes to `acc` (tw × th, f32;
 * stored when `fresh`, else added); `cols` is scratch (12 · hw f64). The halo and tile are {@link setTile}'s.
 */
export function nccFast(ref: usize, warped: usize, invN: usize, mean: usize, sd: usize, acc: usize, cols: usize, fresh: bool): void {
  memory.fill(cols, 0, <usize>hw * 24);
  const cS = cols;
  const cSS = cols + ((<usize>hw) << 3);
  const cRS = cols + ((<usize>hw) << 4);
  // The row's window sums, for the costs' two-lane pass (the other half of `cols`).
  const wS = cols + ((<usize>hw) * 24);
  const wSS = wS + ((<usize>hw) << 3);
  const wRS = wS + ((<usize>hw) << 4);
  const zero = f64x2.splat(0);
  const zero4 = f32x4.splat(0);
  const one4 = f32x4.splat(1);
  const two4 = f32x4.splat(2);
  const tiny4 = f32x4.splat(1e-8);
  const row = (<usize>hw) << 2;
  for (let y = 0; y < ty + r && y < hh; y++) addRowFast(cols, hw, ref + <usize>y * row, warped + <usize>y * row, 1);
  for (let y = ty; y < ty + th; y++) {
    const ya = y + r;
    const ys = y - r - 1;
    if (ya < hh && ys >= 0) slideRowsFast(cols, hw, ref + <usize>ya * row, warped + <usize>ya * row, ref + <usize>ys * row, warped + <usize>ys * row);
    else if (ya < hh) addRowFast(cols, hw, ref + <usize>ya * row, warped + <usize>ya * row, 1);
    else if (ys >= 0) addRowFast(cols, hw, ref + <usize>ys * row, warped + <usize>ys * row, -1);
    // The row's window sums of each moment, then the costs four pixels at a time.
    rowWindowSums(cS, wS, hw, tx, tw, r);
    const po = <usize>(y - ty) * <usize>tw;
    let j = 0;
    for (; j + 4 <= tw; j += 4) {
      const o8 = (<usize>j) << 3;
      const p = po + <usize>j;
      // The window moments in float64 (their differences cancel), the ratio and its square root in float32 four
      // pixels at once: the cost is stored as float32, and float64 division and square root cost several times more.
      const covLo = windowCovariance(wS + o8, wSS + o8, wRS + o8, invN + (p << 3), mean + (p << 3));
      const vsLo = momentVariance;
      const covHi = windowCovariance(wS + o8 + 16, wSS + o8 + 16, wRS + o8 + 16, invN + (p << 3) + 16, mean + (p << 3) + 16);
      const vsHi = momentVariance;
      const cov = pack4(covLo, covHi);
      const vs = pack4(vsLo, vsHi);
      const sdv = pack4(v128.load(sd + (p << 3)), v128.load(sd + (p << 3) + 16));
      const seen = v128.shuffle<i32>(f64x2.gt(v128.load(invN + (p << 3)), zero), f64x2.gt(v128.load(invN + (p << 3) + 16), zero), 0, 2, 4, 6);
      const root = f32x4.sqrt(v128.bitselect(vs, zero4, f32x4.gt(vs, zero4)));
      let cost = f32x4.sub(one4, f32x4.div(cov, f32x4.add(f32x4.mul(sdv, root), tiny4)));
      cost = v128.bitselect(zero4, v128.bitselect(two4, cost, f32x4.gt(cost, two4)), f32x4.lt(cost, zero4));
      cost = v128.bitselect(cost, one4, seen);
      const a = acc + (p << 2);
      v128.store(a, fresh ? cost : f32x4.add(v128.load(a), cost));
    }
    for (; j < tw; j++) {
      const o8 = (<usize>j) << 3;
      const p = po + <usize>j;
      const inv = load<f64>(invN + (p << 3));
      // The four-pixel pass's arithmetic, one lane of it (so that a pixel's cost does not depend on the tiling).
      let cost: f32 = 1;
      if (inv > 0) {
        const ms = load<f64>(wS + o8) * inv;
        const vs = <f32>(load<f64>(wSS + o8) * inv - ms * ms);
        const cov = <f32>(load<f64>(wRS + o8) * inv - load<f64>(mean + (p << 3)) * ms);
        cost = <f32>1 - cov / (<f32>load<f64>(sd + (p << 3)) * Mathf.sqrt(vs > 0 ? vs : 0) + <f32>1e-8);
        cost = cost < 0 ? 0 : cost > 2 ? 2 : cost;
      }
      const a = acc + (p << 2);
      store<f32>(a, fresh ? cost : load<f32>(a) + cost);
    }
  }
}

// The source's window variance of the last {@link windowCovariance} (its second result).
let momentVariance: v128 = f64x2.splat(0);

/**
 * Two pixels' population covariance of the reference and source windows from their window sums (ΣS, ΣS², ΣRS at `wS`,
 * `wSS`, `wRS`), the reciprocal window counts and the reference means; the source variance to {@link momentVariance}.
 */
// @ts-ignore: decorator
@inline function windowCovariance(wS: usize, wSS: usize, wRS: usize, invN: usize, mean: usize): v128 {
  const inv = v128.load(invN);
  const ms = f64x2.mul(v128.load(wS), inv);
  momentVariance = f64x2.sub(f64x2.mul(v128.load(wSS), inv), f64x2.mul(ms, ms));
  return f64x2.sub(f64x2.mul(v128.load(wRS), inv), f64x2.mul(v128.load(mean), ms));
}

/** Two f64x2 as one f32x4 (each lane rounded). */
// @ts-ignore: decorator
@inline function pack4(lo: v128, hi: v128): v128 {
  return v128.shuffle<f32>(f32x4.demote_f64x2_zero(lo), f32x4.demote_f64x2_zero(hi), 0, 1, 4, 5);
}

/** Column sums of the masked path (count, ΣR, ΣR², ΣS, ΣS², ΣRS over valid samples) ± one halo row. */
function addRowMasked(cols: usize, hw: i32, ra: usize, wa: usize, sign: f64): void {
  const step = (<usize>hw) << 3;
  const sv = f64x2.splat(sign);
  let i = 0;
  // Two columns per instruction: a NaN sample's lane adds zeros (so each sum is bit for bit the scalar one's).
  for (; i + 2 <= hw; i += 2) {
    const o4 = (<usize>i) << 2;
    const s = f64x2.promote_low_f32x4(v128.load64_zero(wa + o4));
    const valid = f64x2.eq(s, s);
    const sz = v128.and(s, valid);
    const rv = v128.and(f64x2.promote_low_f32x4(v128.load64_zero(ra + o4)), valid);
    const srv = f64x2.mul(sv, rv);
    const ssz = f64x2.mul(sv, sz);
    const c = cols + ((<usize>i) << 3);
    v128.store(c, f64x2.add(v128.load(c), v128.and(sv, valid)));
    v128.store(c + step, f64x2.add(v128.load(c + step), srv));
    v128.store(c + 2 * step, f64x2.add(v128.load(c + 2 * step), f64x2.mul(srv, rv)));
    v128.store(c + 3 * step, f64x2.add(v128.load(c + 3 * step), ssz));
    v128.store(c + 4 * step, f64x2.add(v128.load(c + 4 * step), f64x2.mul(ssz, sz)));
    v128.store(c + 5 * step, f64x2.add(v128.load(c + 5 * step), f64x2.mul(srv, sz)));
  }
  for (; i < hw; i++) {
    const s = <f64>load<f32>(wa + ((<usize>i) << 2));
    if (s != s) continue;
    const rv = <f64>load<f32>(ra + ((<usize>i) << 2));
    const c = cols + ((<usize>i) << 3);
    store<f64>(c, load<f64>(c) + sign);
    store<f64>(c + step, load<f64>(c + step) + sign * rv);
    store<f64>(c + 2 * step, load<f64>(c + 2 * step) + sign * rv * rv);
    store<f64>(c + 3 * step, load<f64>(c + 3 * step) + sign * s);
    store<f64>(c + 4 * step, load<f64>(c + 4 * step) + sign * s * s);
    store<f64>(c + 5 * step, load<f64>(c + 5 * step) + sign * rv * s);
  }
}

/** NCC, masked path (buffers as {@link nccFast}'s): only samples that are not NaN enter a window; fewer than `minCount` → cost 1. */
export function nccMasked(ref: usize, warped: usize, acc: usize, cols: usize, minCount: i32, fresh: bool): void {
  memory.fill(cols, 0, <usize>hw * 48);
  const step = (<usize>hw) << 3;
  const sums = cols + 6 * step;
  const row = (<usize>hw) << 2;
  for (let y = 0; y < ty + r && y < hh; y++) addRowMasked(cols, hw, ref + <usize>y * row, warped + <usize>y * row, 1);
  for (let y = ty; y < ty + th; y++) {
    if (y + r < hh) addRowMasked(cols, hw, ref + <usize>(y + r) * row, warped + <usize>(y + r) * row, 1);
    if (y - r - 1 >= 0) addRowMasked(cols, hw, ref + <usize>(y - r - 1) * row, warped + <usize>(y - r - 1) * row, -1);
    // The row's window sums of the six moments (count, ΣR, ΣR², then ΣS, ΣS², ΣRS), then the costs four at a time.
    rowWindowSums(cols, sums, hw, tx, tw, r);
    rowWindowSums(cols + 3 * step, sums + 3 * step, hw, tx, tw, r);
    const po = <usize>(y - ty) * <usize>tw;
    let j = 0;
    for (; j + 4 <= tw; j += 4) {
      const o8 = sums + ((<usize>j) << 3);
      const lo = maskedMoments(o8, step, minCount);
      const seenLo = momentSeen;
      const vLo = momentVariance;
      const covLo = momentCovariance;
      const hi = maskedMoments(o8 + 16, step, minCount);
      const cost = maskedCost4(pack4(lo, hi), pack4(vLo, momentVariance), pack4(covLo, momentCovariance), v128.shuffle<i32>(seenLo, momentSeen, 0, 2, 4, 6));
      const a = acc + ((po + <usize>j) << 2);
      v128.store(a, fresh ? cost : f32x4.add(v128.load(a), cost));
    }
    // The four-pixel pass's arithmetic, one lane of it (so that a pixel's cost does not depend on the tiling).
    for (; j < tw; j++) {
      const o8 = sums + ((<usize>j) << 3);
      const m = maskedMoments(o8, step, minCount);
      const cost = f32x4.extract_lane(maskedCost4(pack4(m, m), pack4(momentVariance, momentVariance), pack4(momentCovariance, momentCovariance), v128.shuffle<i32>(momentSeen, momentSeen, 0, 2, 4, 6)), 0);
      const a = acc + ((po + <usize>j) << 2);
      store<f32>(a, fresh ? cost : load<f32>(a) + cost);
    }
  }
}

// The last {@link maskedMoments}' source variances, covariances and which pixels have enough samples (all-ones lanes).
let momentCovariance: v128 = f64x2.splat(0);
let momentSeen: v128 = f64x2.splat(0);

/**
 * Two pixels' population moments of the masked path from their window sums (count, ΣR, ΣR², ΣS, ΣS², ΣRS at `sums`,
 * `step` bytes apart): returns the reference variances; the source variances to {@link momentVariance}, the
 * covariances to {@link momentCovariance}, whether the count reaches `minCount` to {@link momentSeen}.
 */
// @ts-ignore: decorator
@inline function maskedMoments(sums: usize, step: usize, minCount: i32): v128 {
  const count = v128.load(sums);
  // Counts are integers held exactly in float64; + 0.5 guards the comparison against drift.
  momentSeen = f64x2.ge(f64x2.add(count, f64x2.splat(0.5)), f64x2.splat(<f64>minCount));
  const inv = f64x2.div(f64x2.splat(1), count);
  const mr = f64x2.mul(v128.load(sums + step), inv);
  const ms = f64x2.mul(v128.load(sums + 3 * step), inv);
  momentVariance = f64x2.sub(f64x2.mul(v128.load(sums + 4 * step), inv), f64x2.mul(ms, ms));
  momentCovariance = f64x2.sub(f64x2.mul(v128.load(sums + 5 * step), inv), f64x2.mul(mr, ms));
  return f64x2.sub(f64x2.mul(v128.load(sums + 2 * step), inv), f64x2.mul(mr, mr));
}

/**
 * Four pixels' masked NCC costs from their moments (f32x4: reference and source variances, covariance; `seen` i32x4
 * all-ones where the window has enough samples): `clamp(1 − cov / (sqrt(vr · vs) + 1e-8), 0, 2)`, 1 where not seen.
 */
// @ts-ignore: decorator
@inline function maskedCost4(vr: v128, vs: v128, cov: v128, seen: v128): v128 {
  const zero4 = f32x4.splat(0);
  const product = f32x4.mul(v128.bitselect(vr, zero4, f32x4.gt(vr, zero4)), v128.bitselect(vs, zero4, f32x4.gt(vs, zero4)));
  let cost = f32x4.sub(f32x4.splat(1), f32x4.div(cov, f32x4.add(f32x4.sqrt(product), f32x4.splat(1e-8))));
  cost = v128.bitselect(zero4, v128.bitselect(f32x4.splat(2), cost, f32x4.gt(cost, f32x4.splat(2))), f32x4.lt(cost, zero4));
  return v128.bitselect(cost, f32x4.splat(1), seen);
}

/**
 * Per pixel, the sum of the `k` lowest of the `S` cost slots (f32, `n` pixels each, `stride` bytes apart) into `out`
 * (f32), as the JavaScript `aggregateLowest` did: dropping one or two is a float64 running sum minus the largest one or
 * two; otherwise the `k` smallest kept sorted in `pick` (S f64 of scratch) and summed in order.
 */
export function sumLowest(slots: usize, stride: usize, S: i32, k: i32, n: i32, pick: usize, out: usize): void {
  const drop = S - k;
  if (drop == 1 || drop == 2) {
    // Two pixels per instruction: the running sum and the two largest as f64x2 lanes (the pseudo-min/max `b < a ? b : a`
    // select what the branches below do: m2 ← max(m2, min(c, m1)), m1 ← max(m1, c)), each lane's sum in the same order.
    let i = 0;
    for (; i + 1 < n; i += 2) {
      const o = (<usize>i) << 2;
      let sum = f64x2.splat(0);
      let m1 = f64x2.splat(-Infinity);
      let m2 = f64x2.splat(-Infinity);
      for (let s = 0; s < S; s++) {
        const c = f64x2.promote_low_f32x4(v128.load64_zero(slots + <usize>s * stride + o));
        sum = f64x2.add(sum, c);
        m2 = f64x2.pmax(m2, f64x2.pmin(c, m1));
        m1 = f64x2.pmax(m1, c);
      }
      const kept = drop == 1 ? f64x2.sub(sum, m1) : f64x2.sub(f64x2.sub(sum, m1), m2);
      const both = f32x4.demote_f64x2_zero(kept);
      store<f32>(out + o, f32x4.extract_lane(both, 0));
      store<f32>(out + o + 4, f32x4.extract_lane(both, 1));
    }
    for (; i < n; i++) {
      const o = (<usize>i) << 2;
      let sum: f64 = 0;
      let m1: f64 = -Infinity;
      let m2: f64 = -Infinity;
      for (let s = 0; s < S; s++) {
        const c = <f64>load<f32>(slots + <usize>s * stride + o);
        sum += c;
        if (c > m1) {
          m2 = m1;
          m1 = c;
        } else if (c > m2) {
          m2 = c;
        }
      }
      store<f32>(out + o, <f32>(drop == 1 ? sum - m1 : sum - m1 - m2));
    }
    return;
  }
  for (let i = 0; i < n; i++) {
    const o = (<usize>i) << 2;
    let m = 0;
    for (let s = 0; s < S; s++) {
      const c = <f64>load<f32>(slots + <usize>s * stride + o);
      if (m == k && c >= load<f64>(pick + ((<usize>(k - 1)) << 3))) continue;
      let j = m < k ? m++ : k - 1;
      while (j > 0 && load<f64>(pick + ((<usize>(j - 1)) << 3)) > c) {
        store<f64>(pick + ((<usize>j) << 3), load<f64>(pick + ((<usize>(j - 1)) << 3)));
        j--;
      }
      store<f64>(pick + ((<usize>j) << 3), c);
    }
    let sum: f64 = 0;
    for (let j = 0; j < k; j++) sum += load<f64>(pick + ((<usize>j) << 3));
    store<f32>(out + o, <f32>sum);
  }
}

/** `n` f32 at `p`: `value` stored when `fresh`, else added (rounded once). */
export function fillCost(p: usize, n: i32, value: f64, fresh: bool): void {
  for (let i = 0; i < n; i++) accumulate(p + ((<usize>i) << 2), value, fresh);
}

/**
 * The streamed winner-take-all's step (winner-take-all.ts's `WinnerTakeAll.add`, the same operations): adds the costs
 * of depth index `k` (`cost`, f32, times `scale`, rounded once to f32) for `n` pixels to the state arrays (`bestK`
 * i32; `best`, `minus`, `plus`, `prev` f32; `sum` f64): per pixel the lowest cost (first minimum wins ties), its index,
 * the costs at the indices beside it and the running sum. `first`: the first depth since the state was reset. Four
 * pixels per pass, each lane the scalar step.
 */
export function wtaAdd(cost: usize, n: i32, scale: f64, k: i32, first: bool, bestK: usize, best: usize, minus: usize, plus: usize, prev: usize, sum: usize): void {
  const s = f64x2.splat(scale);
  const kv = i32x4.splat(k);
  const below = i32x4.splat(k - 1);
  // The cost beside a new best: the previous depth's, or on the first depth none (but at index 0, the cost itself).
  const noneBefore = f32x4.splat(NaN);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o4 = (<usize>i) << 2;
    const o8 = (<usize>i) << 3;
    const raw = v128.load(cost + o4);
    const lo = f32x4.demote_f64x2_zero(f64x2.mul(f64x2.promote_low_f32x4(raw), s));
    const hi = f32x4.demote_f64x2_zero(f64x2.mul(f64x2.promote_low_f32x4(v128.shuffle<f32>(raw, raw, 2, 3, 0, 1)), s));
    const c = v128.shuffle<f32>(lo, hi, 0, 1, 4, 5);
    const bk = v128.load(bestK + o4);
    v128.store(plus + o4, v128.bitselect(c, v128.load(plus + o4), i32x4.eq(bk, below)));
    const better = f32x4.lt(c, v128.load(best + o4));
    v128.store(best + o4, v128.bitselect(c, v128.load(best + o4), better));
    v128.store(bestK + o4, v128.bitselect(kv, bk, better));
    const before = first ? (k == 0 ? c : noneBefore) : v128.load(prev + o4);
    v128.store(minus + o4, v128.bitselect(before, v128.load(minus + o4), better));
    v128.store(prev + o4, c);
    v128.store(sum + o8, f64x2.add(v128.load(sum + o8), f64x2.promote_low_f32x4(c)));
    v128.store(sum + o8 + 16, f64x2.add(v128.load(sum + o8 + 16), f64x2.promote_low_f32x4(v128.shuffle<f32>(c, c, 2, 3, 0, 1))));
  }
  for (; i < n; i++) {
    const o4 = (<usize>i) << 2;
    const c = <f32>(<f64>load<f32>(cost + o4) * scale);
    if (load<i32>(bestK + o4) == k - 1) store<f32>(plus + o4, c);
    if (c < load<f32>(best + o4)) {
      store<f32>(best + o4, c);
      store<i32>(bestK + o4, k);
      store<f32>(minus + o4, first ? (k == 0 ? c : NaN) : load<f32>(prev + o4));
    }
    store<f32>(prev + o4, c);
    const o8 = (<usize>i) << 3;
    store<f64>(sum + o8, load<f64>(sum + o8) + <f64>c);
  }
}

/**
 * Marks (1, u8 at `out`) the pixels of `[x0, x1) × [y0, y1)` of a depth map (`depth`, f32, `W` × `H`) that have, along a
 * row, column or diagonal, a second difference `|D(p + j·u) + D(p − j·u) − 2·D(p)|` above `threshold` for some
 * `j ≤ reach` (where both ends lie in the image; a NaN gives a NaN difference, which marks nothing): the step
 * decision's test for a step or sharp bend nearby, in float64 as its JavaScript form. Two pixels per instruction.
 */
export function nearSteps(depth: usize, W: i32, H: i32, reach: i32, threshold: f64, out: usize, x0: i32, y0: i32, x1: i32, y1: i32): void {
  const limit = f64x2.splat(threshold);
  const two = f64x2.splat(2);
  for (let a = 0; a < 4; a++) {
    // Along a row, a column and the two diagonals.
    const dx = a == 1 ? 0 : 1;
    const dy = a == 0 ? 0 : a == 3 ? -1 : 1;
    for (let j = 1; j <= reach; j++) {
      const off = <isize>j * <isize>(dy * W + dx);
      const xLo = max(x0, dx == 0 ? 0 : j);
      const xHi = min(x1, dx == 0 ? W : W - j);
      const yLo = max(y0, dy == 0 ? 0 : j);
      const yHi = min(y1, dy == 0 ? H : H - j);
      for (let y = yLo; y < yHi; y++) {
        let p = <isize>y * <isize>W + <isize>xLo;
        const end = <isize>y * <isize>W + <isize>xHi;
        for (; p + 2 <= end; p += 2) {
          const at = depth + (<usize>p << 2);
          const c = f64x2.promote_low_f32x4(v128.load64_zero(at));
          const before = f64x2.promote_low_f32x4(v128.load64_zero(at - (<usize>off << 2)));
          const after = f64x2.promote_low_f32x4(v128.load64_zero(at + (<usize>off << 2)));
          const bent = i64x2.bitmask(f64x2.gt(f64x2.abs(f64x2.sub(f64x2.add(before, after), f64x2.mul(two, c))), limit));
          if (bent == 0) continue;
          const o = out + <usize>p;
          if (bent & 1) store<u8>(o, 1);
          if (bent & 2) store<u8>(o + 1, 1);
        }
        for (; p < end; p++) {
          const at = depth + (<usize>p << 2);
          const second = <f64>load<f32>(at - (<usize>off << 2)) + <f64>load<f32>(at + (<usize>off << 2)) - 2 * <f64>load<f32>(at);
          if (Math.abs(second) > threshold) store<u8>(out + <usize>p, 1);
        }
      }
    }
  }
}
