import type { RawPixelFormat, VideoInfo } from '@aquamvs/io';

/**
 * libswscale's YCbCr → RGB coefficients (`ff_yuv2rgb_coeffs`, 16.16 fixed point: cr→R, cb→B, cb→G, cr→G) by the
 * matrix the stream declares. A stream that declares none is BT.601, as ffmpeg takes it.
 */
const COEFFICIENTS: Readonly<Record<string, readonly [number, number, number, number]>> = {
  bt470bg: [104597, 132201, 25675, 53279],
  smpte170m: [104597, 132201, 25675, 53279],
  bt709: [117489, 138438, 13975, 34925],
  fcc: [104448, 132798, 24759, 53109],
  smpte240m: [117579, 136230, 16907, 35559],
  bt2020nc: [110013, 140363, 12277, 42626],
  bt2020c: [110013, 140363, 12277, 42626],
};

/** How a 4:2:0 video's planes turn into RGB: lookup tables of each term of the conversion, per 8-bit value. */
export interface Yuv420Format {
  /** What a {@link VideoStream} reads the planes as: `yuvj420p` for full range (reading it as `yuv420p` would rescale). */
  readonly rawFormat: Extract<RawPixelFormat, 'yuv420p' | 'yuvj420p'>;
  /** The colour range the video declares (an encoder that takes the planes is told). */
  readonly colorRange?: 'tv' | 'pc';
  /** The matrix the video declares (an encoder that takes the planes is told, and tags its output with it). */
  readonly colorSpace?: string;
  readonly luma: Int32Array;
  readonly crToR: Int32Array;
  readonly cbToG: Int32Array;
  readonly crToG: Int32Array;
  readonly cbToB: Int32Array;
}

/**
 * The 4:2:0 format of a video whose median can be taken on its planes, or undefined for any other video (it is read as
 * RGB24): `yuv420p` (limited range, or none declared) or `yuvj420p` (full range), even width and height (ffmpeg converts
 * an odd-sized one with interpolated chroma), and a matrix from the table above or none.
 */
export function yuv420FormatOf(info: VideoInfo): Yuv420Format | undefined {
  const fullRange = info.pixelFormat === 'yuvj420p';
  if (!fullRange && !(info.pixelFormat === 'yuv420p' && info.colorRange !== 'pc')) return undefined;
  if (info.width % 2 !== 0 || info.height % 2 !== 0) return undefined;
  const matrix = info.colorSpace === undefined ? COEFFICIENTS.bt470bg : COEFFICIENTS[info.colorSpace];
  if (matrix === undefined) return undefined;
  const { colorRange, colorSpace } = info;
  return { rawFormat: fullRange ? 'yuvj420p' : 'yuv420p', colorRange, colorSpace, ...conversionTables(matrix, fullRange) };
}

/**
 * The terms of libswscale's unscaled 4:2:0 → RGB24 conversion, the one ffmpeg's `-pix_fmt rgb24` runs on x86
 * (`yuv2rgb_template.c`, set up by `ff_yuv2rgb_c_init_tables`): values scaled by 8 less the offset, times 13-bit
 * coefficients, each product's high 16 bits (`pmulhw`, a floor) summed and clamped. Bit-exact with it.
 */
function conversionTables(
  [crv, cbu, cgu, cgv]: readonly [number, number, number, number],
  fullRange: boolean,
): Omit<Yuv420Format, 'rawFormat' | 'colorRange' | 'colorSpace'> {
  let [r, b, gCb, gCr] = [crv, cbu, -cgu, -cgv];
  let cy = 1 << 16;
  let oy = 0;
  if (fullRange) [r, b, gCb, gCr] = [r, b, gCb, gCr].map((c) => Math.trunc((c * 224) / 255));
  else {
    cy = Math.floor((cy * 255) / 219);
    oy = 16 << 16;
  }
  const toInt16 = (f: number): number => Math.floor((f + 32768) / 65536);
  const table = (coefficient: number, offset: number): Int32Array => {
    const k = toInt16(coefficient * 8192);
    return Int32Array.from({ length: 256 }, (_, v) => ((v * 8 - offset) * k) >> 16);
  };
  return {
    luma: table(cy, toInt16(oy * 8)),
    crToR: table(r, 1024),
    cbToG: table(gCb, 1024),
    crToG: table(gCr, 1024),
    cbToB: table(b, 1024),
  };
}

/**
 * Converts one 4:2:0 frame (Y, then U, then V planes; even `width` and `height`) to interleaved RGB, row `y` at
 * `out[y·stride + offset …]` (PNG scanlines: stride 3·width + 1, offset 1). Each chroma sample serves its 2×2 pixels.
 */
export function yuv420ToRgb(
  format: Yuv420Format,
  frame: Uint8Array,
  width: number,
  height: number,
  out: Uint8Array,
  stride: number,
  offset: number,
): void {
  const { luma, crToR, cbToG, crToG, cbToB } = format;
  const rgb = new Uint8ClampedArray(out.buffer, out.byteOffset, out.length);
  const cw = width >> 1;
  const u0 = width * height;
  const v0 = u0 + cw * (height >> 1);
  for (let y = 0; y < height; y++) {
    const c0 = (y >> 1) * cw;
    let l = y * width;
    let o = y * stride + offset;
    for (let c = c0; c < c0 + cw; c++) {
      const cb = frame[u0 + c];
      const cr = frame[v0 + c];
      const dr = crToR[cr];
      const dg = cbToG[cb] + crToG[cr];
      const db = cbToB[cb];
      let yv = luma[frame[l++]];
      rgb[o++] = yv + dr;
      rgb[o++] = yv + dg;
      rgb[o++] = yv + db;
      yv = luma[frame[l++]];
      rgb[o++] = yv + dr;
      rgb[o++] = yv + dg;
      rgb[o++] = yv + db;
    }
  }
}
