/**
 * Contrast-limited adaptive histogram equalisation of a grey plane (0–255), like OpenCV `createCLAHE(clipLimit,
 * (8, 8))`: values are truncated to uint8, each of the `tiles × tiles` regions gets a clipped, redistributed
 * histogram and its equalisation LUT, and every pixel blends the LUTs of the four nearest tile centres
 * bilinearly. Tiles at the right/bottom edge absorb the remainder when the size is not a multiple of `tiles`.
 * Returns a new plane (0–255).
 */
export function clahe(grey: Float32Array, width: number, height: number, clipLimit = 2.0, tiles = 8): Float32Array {
  const tw = Math.max(1, Math.floor(width / tiles));
  const th = Math.max(1, Math.floor(height / tiles));
  const tx = Math.min(tiles, width);
  const ty = Math.min(tiles, height);
  const u8 = new Uint8Array(width * height);
  for (let i = 0; i < u8.length; i++) u8[i] = Math.min(255, Math.max(0, Math.trunc(grey[i])));
  const luts = new Uint8Array(tx * ty * 256);
  const hist = new Int32Array(256);
  for (let j = 0; j < ty; j++) {
    for (let i = 0; i < tx; i++) {
      const x0 = i * tw;
      const y0 = j * th;
      const x1 = i === tx - 1 ? width : x0 + tw;
      const y1 = j === ty - 1 ? height : y0 + th;
      const area = (x1 - x0) * (y1 - y0);
      hist.fill(0);
      for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) hist[u8[y * width + x]]++;
      if (clipLimit > 0) clip(hist, Math.max(1, Math.trunc((clipLimit * area) / 256)));
      const scale = 255 / area;
      let sum = 0;
      const base = (j * tx + i) * 256;
      for (let v = 0; v < 256; v++) {
        sum += hist[v];
        luts[base + v] = Math.min(255, Math.round(sum * scale));
      }
    }
  }
  const out = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    const tyf = (y + 0.5) / th - 0.5;
    const ty1 = Math.max(0, Math.min(ty - 1, Math.floor(tyf)));
    const ty2 = Math.min(ty - 1, ty1 + 1);
    const ya = Math.max(0, Math.min(1, tyf - ty1));
    for (let x = 0; x < width; x++) {
      const txf = (x + 0.5) / tw - 0.5;
      const tx1 = Math.max(0, Math.min(tx - 1, Math.floor(txf)));
      const tx2 = Math.min(tx - 1, tx1 + 1);
      const xa = Math.max(0, Math.min(1, txf - tx1));
      const v = u8[y * width + x];
      const l11 = luts[(ty1 * tx + tx1) * 256 + v];
      const l12 = luts[(ty1 * tx + tx2) * 256 + v];
      const l21 = luts[(ty2 * tx + tx1) * 256 + v];
      const l22 = luts[(ty2 * tx + tx2) * 256 + v];
      out[y * width + x] = (1 - ya) * ((1 - xa) * l11 + xa * l12) + ya * ((1 - xa) * l21 + xa * l22);
    }
  }
  return out;
}

/** OpenCV's clip-and-redistribute of a 256-bin histogram. */
function clip(hist: Int32Array, limit: number): void {
  let excess = 0;
  for (let v = 0; v < 256; v++) {
    if (hist[v] > limit) {
      excess += hist[v] - limit;
      hist[v] = limit;
    }
  }
  const batch = Math.trunc(excess / 256);
  const residual = excess - batch * 256;
  for (let v = 0; v < 256; v++) hist[v] += batch;
  if (residual > 0) {
    const stride = Math.max(1, Math.trunc(256 / residual));
    for (let v = 0, r = residual; v < 256 && r > 0; v += stride, r--) hist[v]++;
  }
}
