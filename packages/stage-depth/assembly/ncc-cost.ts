// The NCC cost kernel of the plane sweep, compiled to WebAssembly (SIMD) at build time by AssemblyScript; loaded by
// src/ncc-kernel.ts, which documents the cost and owns the memory layout. Every operation is the one the JavaScript
// kernel did, in the same order and in float64, so costs are bit for bit those of the textbook formula as written
// there; only the column sums run two columns per instruction.
//
// Layout (byte offsets from the caller): `ref` and `warped` hold the halo (hw × hh, f32, row-major); `invN`, `mean`,
// `sd` the reference's window statistics of the tile's pixels (tw × th, f64); `acc` the tile's costs (tw × th, f32),
// to which each pixel's cost is added; `cols` is scratch (6 · hw f64). The tile sits at (tx, ty) in the halo.

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

/** Adds `cost` to the f32 accumulator at `p` (rounded once, as `acc[p] += cost` on a Float32Array). */
function accumulate(p: usize, cost: f64): void {
  store<f32>(p, <f32>(<f64>load<f32>(p) + cost));
}

/** All-valid path: the reference's window statistics come precomputed per tile pixel. */
export function nccFast(
  ref: usize,
  warped: usize,
  invN: usize,
  mean: usize,
  sd: usize,
  acc: usize,
  cols: usize,
  hw: i32,
  hh: i32,
  tx: i32,
  ty: i32,
  tw: i32,
  th: i32,
  r: i32,
): void {
  memory.fill(cols, 0, <usize>hw * 24);
  const cS = cols;
  const cSS = cols + ((<usize>hw) << 3);
  const cRS = cols + ((<usize>hw) << 4);
  const row = (<usize>hw) << 2;
  for (let y = 0; y < ty + r && y < hh; y++) addRowFast(cols, hw, ref + <usize>y * row, warped + <usize>y * row, 1);
  for (let y = ty; y < ty + th; y++) {
    const ya = y + r;
    const ys = y - r - 1;
    if (ya < hh && ys >= 0) slideRowsFast(cols, hw, ref + <usize>ya * row, warped + <usize>ya * row, ref + <usize>ys * row, warped + <usize>ys * row);
    else if (ya < hh) addRowFast(cols, hw, ref + <usize>ya * row, warped + <usize>ya * row, 1);
    else if (ys >= 0) addRowFast(cols, hw, ref + <usize>ys * row, warped + <usize>ys * row, -1);
    let sS: f64 = 0;
    let sSS: f64 = 0;
    let sRS: f64 = 0;
    for (let i = tx - r > 0 ? tx - r : 0; i < tx + r && i < hw; i++) {
      const o8 = (<usize>i) << 3;
      sS += load<f64>(cS + o8);
      sSS += load<f64>(cSS + o8);
      sRS += load<f64>(cRS + o8);
    }
    const po = <usize>(y - ty) * <usize>tw;
    for (let j = 0; j < tw; j++) {
      const ia = tx + j + r;
      const is = tx + j - r - 1;
      if (ia < hw) {
        const o8 = (<usize>ia) << 3;
        sS += load<f64>(cS + o8);
        sSS += load<f64>(cSS + o8);
        sRS += load<f64>(cRS + o8);
      }
      if (is >= 0) {
        const o8 = (<usize>is) << 3;
        sS -= load<f64>(cS + o8);
        sSS -= load<f64>(cSS + o8);
        sRS -= load<f64>(cRS + o8);
      }
      const p = po + <usize>j;
      const inv = load<f64>(invN + (p << 3));
      let cost: f64 = 1;
      if (inv > 0) {
        const ms = sS * inv;
        const vs = sSS * inv - ms * ms;
        const cov = sRS * inv - load<f64>(mean + (p << 3)) * ms;
        cost = 1 - cov / (load<f64>(sd + (p << 3)) * Math.sqrt(vs > 0 ? vs : 0) + 1e-8);
        cost = cost < 0 ? 0 : cost > 2 ? 2 : cost;
      }
      accumulate(acc + (p << 2), cost);
    }
  }
}

/** Column sums of the masked path (count, ΣR, ΣR², ΣS, ΣS², ΣRS over valid samples) ± one halo row. */
function addRowMasked(cols: usize, hw: i32, ra: usize, wa: usize, sign: f64): void {
  const step = (<usize>hw) << 3;
  for (let i = 0; i < hw; i++) {
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

/** Masked path: only samples that are not NaN enter a window; fewer than `minCount` → cost 1. */
export function nccMasked(
  ref: usize,
  warped: usize,
  acc: usize,
  cols: usize,
  hw: i32,
  hh: i32,
  tx: i32,
  ty: i32,
  tw: i32,
  th: i32,
  r: i32,
  minCount: i32,
): void {
  memory.fill(cols, 0, <usize>hw * 48);
  const step = (<usize>hw) << 3;
  const row = (<usize>hw) << 2;
  for (let y = 0; y < ty + r && y < hh; y++) addRowMasked(cols, hw, ref + <usize>y * row, warped + <usize>y * row, 1);
  for (let y = ty; y < ty + th; y++) {
    if (y + r < hh) addRowMasked(cols, hw, ref + <usize>(y + r) * row, warped + <usize>(y + r) * row, 1);
    if (y - r - 1 >= 0) addRowMasked(cols, hw, ref + <usize>(y - r - 1) * row, warped + <usize>(y - r - 1) * row, -1);
    let sM: f64 = 0;
    let sR: f64 = 0;
    let sRR: f64 = 0;
    let sS: f64 = 0;
    let sSS: f64 = 0;
    let sRS: f64 = 0;
    for (let i = tx - r > 0 ? tx - r : 0; i < tx + r && i < hw; i++) {
      const c = cols + ((<usize>i) << 3);
      sM += load<f64>(c);
      sR += load<f64>(c + step);
      sRR += load<f64>(c + 2 * step);
      sS += load<f64>(c + 3 * step);
      sSS += load<f64>(c + 4 * step);
      sRS += load<f64>(c + 5 * step);
    }
    const po = <usize>(y - ty) * <usize>tw;
    for (let j = 0; j < tw; j++) {
      const ia = tx + j + r;
      if (ia < hw) {
        const c = cols + ((<usize>ia) << 3);
        sM += load<f64>(c);
        sR += load<f64>(c + step);
        sRR += load<f64>(c + 2 * step);
        sS += load<f64>(c + 3 * step);
        sSS += load<f64>(c + 4 * step);
        sRS += load<f64>(c + 5 * step);
      }
      const is = tx + j - r - 1;
      if (is >= 0) {
        const c = cols + ((<usize>is) << 3);
        sM -= load<f64>(c);
        sR -= load<f64>(c + step);
        sRR -= load<f64>(c + 2 * step);
        sS -= load<f64>(c + 3 * step);
        sSS -= load<f64>(c + 4 * step);
        sRS -= load<f64>(c + 5 * step);
      }
      let cost: f64 = 1;
      // Counts are integers held exactly in float64; + 0.5 guards the comparison against drift.
      if (sM + 0.5 >= <f64>minCount) {
        const inv = 1 / sM;
        const mr = sR * inv;
        const ms = sS * inv;
        const vr = sRR * inv - mr * mr;
        const vs = sSS * inv - ms * ms;
        const cov = sRS * inv - mr * ms;
        cost = 1 - cov / (Math.sqrt((vr > 0 ? vr : 0) * (vs > 0 ? vs : 0)) + 1e-8);
        cost = cost < 0 ? 0 : cost > 2 ? 2 : cost;
      }
      accumulate(acc + ((po + <usize>j) << 2), cost);
    }
  }
}
