/**
 * Shi–Tomasi response of every pixel: the smaller eigenvalue of the structure tensor (central-difference
 * gradients; zero on the one-pixel border) summed over a (2r+1)² box with replicated borders. One streaming pass:
 * rows of gradient products are box-summed horizontally into a ring of 2r+2 rows and summed vertically by
 * running column sums, so no full-size intermediate planes are written. Returns the response plane (W×H) and
 * its maximum; `out` (W×H) receives the response when given.
 */
export function minEigenResponse(
  grey: Float32Array,
  width: number,
  height: number,
  r: number,
  out?: Float32Array,
): { response: Float32Array; max: number } {
  const ring = 2 * r + 2;
  const hxx = new Float32Array(ring * width);
  const hyy = new Float32Array(ring * width);
  const hxy = new Float32Array(ring * width);
  const pxx = new Float32Array(width);
  const pyy = new Float32Array(width);
  const pxy = new Float32Array(width);
  const cxx = new Float64Array(width);
  const cyy = new Float64Array(width);
  const cxy = new Float64Array(width);
  const response = out ?? new Float32Array(width * height);
  let next = 0; // next row of horizontal sums to compute
  const rowOf = (y: number): number => {
    const k = Math.min(height - 1, Math.max(0, y));
    while (next <= k) horizontalRow(next++);
    return (k % ring) * width;
  };
  const horizontalRow = (y: number): void => {
    if (y > 0 && y < height - 1) {
      for (let x = 1, i = y * width + 1; x < width - 1; x++, i++) {
        const gx = 0.5 * (grey[i + 1] - grey[i - 1]);
        const gy = 0.5 * (grey[i + width] - grey[i - width]);
        pxx[x] = gx * gx;
        pyy[x] = gy * gy;
        pxy[x] = gx * gy;
      }
    } else {
      pxx.fill(0);
      pyy.fill(0);
      pxy.fill(0);
    }
    const o = (y % ring) * width;
    boxRow3(pxx, pyy, pxy, hxx, hyy, hxy, o, width, r);
  };
  for (let y = -r - 1; y < r; y++) {
    const o = rowOf(y);
    for (let x = 0; x < width; x++) {
      cxx[x] += hxx[o + x];
      cyy[x] += hyy[o + x];
      cxy[x] += hxy[o + x];
    }
  }
  let max = 0;
  for (let y = 0; y < height; y++) {
    const sub = Math.max(0, y - r - 1);
    const subRow = (sub % ring) * width;
    const add = rowOf(y + r);
    const out = y * width;
    for (let x = 0; x < width; x++) {
      const sxx = cxx[x] + (hxx[add + x] - hxx[subRow + x]);
      const syy = cyy[x] + (hyy[add + x] - hyy[subRow + x]);
      const sxy = cxy[x] + (hxy[add + x] - hxy[subRow + x]);
      cxx[x] = sxx;
      cyy[x] = syy;
      cxy[x] = sxy;
      const a = Math.fround(sxx);
      const c = Math.fround(syy);
      const b = Math.fround(sxy);
      const h = 0.5 * (a - c);
      const v = 0.5 * (a + c) - Math.sqrt(h * h + b * b);
      response[out + x] = v;
      if (v > max) max = v;
    }
  }
  return { response, max };
}

/** Horizontal (2r+1) box sums of three rows with replicated borders, into `out?[o..o+width)`. */
function boxRow3(
  a: Float32Array,
  b: Float32Array,
  c: Float32Array,
  outA: Float32Array,
  outB: Float32Array,
  outC: Float32Array,
  o: number,
  width: number,
  r: number, // prettier-ignore
): void {
  let sa = 0;
  let sb = 0;
  let sc = 0;
  for (let x = -r - 1; x < r; x++) {
    const j = Math.min(width - 1, Math.max(0, x));
    sa += a[j];
    sb += b[j];
    sc += c[j];
  }
  const lo = Math.min(r + 1, width);
  const hi = Math.max(lo, width - r);
  for (let x = 0; x < lo; x++) {
    const add = Math.min(width - 1, x + r);
    const sub = Math.max(0, x - r - 1);
    sa += a[add] - a[sub];
    sb += b[add] - b[sub];
    sc += c[add] - c[sub];
    outA[o + x] = sa;
    outB[o + x] = sb;
    outC[o + x] = sc;
  }
  for (let x = lo; x < hi; x++) {
    sa += a[x + r] - a[x - r - 1];
    sb += b[x + r] - b[x - r - 1];
    sc += c[x + r] - c[x - r - 1];
    outA[o + x] = sa;
    outB[o + x] = sb;
    outC[o + x] = sc;
  }
  for (let x = hi; x < width; x++) {
    sa += a[width - 1] - a[x - r - 1];
    sb += b[width - 1] - b[x - r - 1];
    sc += c[width - 1] - c[x - r - 1];
    outA[o + x] = sa;
    outB[o + x] = sb;
    outC[o + x] = sc;
  }
}
