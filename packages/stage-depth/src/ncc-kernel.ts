import { readFileSync } from 'node:fs';
import type { GreyPlane } from './grey-plane.js';
import { minWindowCount, type RefWindowStats } from './ref-window-stats.js';
import type { Rect } from './tile-region.js';

/** The exports of `assembly/ncc-cost.ts` (byte offsets into the instance's memory; see that file for the layout). */
interface NccCostExports {
  readonly memory: WebAssembly.Memory;
  nccFast(
    ref: number,
    warped: number,
    invN: number,
    mean: number,
    sd: number,
    acc: number,
    cols: number,
    hw: number,
    hh: number,
    tx: number,
    ty: number,
    tw: number,
    th: number,
    r: number,
  ): void;
  nccMasked(
    ref: number,
    warped: number,
    acc: number,
    cols: number,
    hw: number,
    hh: number,
    tx: number,
    ty: number,
    tw: number,
    th: number,
    r: number,
    minCount: number,
  ): void;
}

/** Built next to the compiled JavaScript (`dist/`), so the same URL serves `src/` (tests) and `dist/`. */
const WASM_URL = new URL('../dist/ncc-cost.wasm', import.meta.url);
let compiled: WebAssembly.Module | undefined;

function nccCostModule(): WebAssembly.Module {
  if (compiled === undefined) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(WASM_URL);
    } catch (error) {
      throw new Error(`@aquamvs/stage-depth: its NCC kernel ${WASM_URL.pathname} is missing; build the package first (pnpm build)`, { cause: error });
    }
    compiled = new WebAssembly.Module(bytes);
  }
  return compiled;
}

/** Where each buffer of one call lives in the instance's memory, and how large the buffers are. */
interface Layout {
  readonly haloCap: number;
  readonly tileCap: number;
  readonly widthCap: number;
  readonly cols: number;
  readonly ref: number;
  readonly warped: number;
  readonly invN: number;
  readonly mean: number;
  readonly sd: number;
  readonly acc: number;
}

/** Bytes below this offset are left to the module (AssemblyScript's stub runtime keeps nothing there today). */
const BASE = 1024;
const align = (bytes: number): number => (bytes + 15) & ~15;

function layoutFor(haloCap: number, tileCap: number, widthCap: number): Layout & { end: number } {
  const cols = BASE;
  const ref = cols + align(6 * widthCap * 8);
  const warped = ref + align(haloCap * 4);
  const invN = warped + align(haloCap * 4);
  const mean = invN + align(tileCap * 8);
  const sd = mean + align(tileCap * 8);
  const acc = sd + align(tileCap * 8);
  return { haloCap, tileCap, widthCap, cols, ref, warped, invN, mean, sd, acc, end: acc + align(tileCap * 4) };
}

/**
 * Textbook zero-mean NCC over a `w×w` box window, `cost = clamp(1 − ncc, 0, 2)`, with running box sums.
 * Only pixels valid in the warped source (not NaN) and inside the image enter a window; a window with
 * fewer than `floor(w²/2)` such pixels costs 1.0. `ncc = cov / (sqrt(var_r · var_s) + 1e-8)` with
 * population (co)variances over the valid pixels of the window (see README: why textbook, not the
 * reference's per-pixel centring).
 *
 * One kernel serves a whole image or a tile: `warped` holds the source warped onto the `halo` rectangle
 * (the tile grown by `w // 2`, clipped to the image), row-major with the halo's width; costs of the tile's
 * pixels are added into `acc` (tile-sized, row-major).
 *
 * The arithmetic runs in WebAssembly (`assembly/ncc-cost.ts`, SIMD column sums; 2.1–2.3× the JavaScript kernel it
 * replaced, with bit-identical costs). A kernel belongs to one sweep: it keeps the reference's pixels and window
 * statistics of the last tile in its own memory and copies them again only when the tile, plane or statistics object
 * changes, so neither `ref` nor `stats` may be modified while a kernel uses them.
 */
export class NccKernel {
  readonly window: number;
  readonly #r: number;
  readonly #minCount: number;
  readonly #wasm: NccCostExports;
  #layout = layoutFor(0, 0, 0);
  // What the memory holds: the reference's halo pixels (and the tile's statistics) of this plane and tile.
  #ref: GreyPlane | undefined;
  #stats: RefWindowStats | undefined;
  #region = '';

  constructor(window: number) {
    this.window = window;
    this.#r = window >> 1;
    this.#minCount = minWindowCount(window);
    this.#wasm = new WebAssembly.Instance(nccCostModule(), {}).exports as unknown as NccCostExports;
  }

  /**
   * Adds the cost of every tile pixel to `acc`. `allValid` promises that `warped` has no NaN inside the halo
   * (fast path: the reference's window statistics come from `stats`).
   */
  addTileCost(ref: GreyPlane, stats: RefWindowStats, warped: Float32Array, halo: Rect, tile: Rect, allValid: boolean, acc: Float32Array): void {
    const hw = halo.x1 - halo.x0;
    const hh = halo.y1 - halo.y0;
    const tw = tile.x1 - tile.x0;
    const th = tile.y1 - tile.y0;
    const n = tw * th;
    const L = this.#reserve(hw * hh, n, hw);
    this.#loadReference(ref, halo, tile);
    if (allValid) this.#loadStats(stats, ref.width, tile);
    const buffer = this.#wasm.memory.buffer;
    new Float32Array(buffer, L.warped, hw * hh).set(warped.subarray(0, hw * hh));
    const accView = new Float32Array(buffer, L.acc, n);
    accView.set(acc.subarray(0, n));
    const tx = tile.x0 - halo.x0;
    const ty = tile.y0 - halo.y0;
    if (allValid) this.#wasm.nccFast(L.ref, L.warped, L.invN, L.mean, L.sd, L.acc, L.cols, hw, hh, tx, ty, tw, th, this.#r);
    else this.#wasm.nccMasked(L.ref, L.warped, L.acc, L.cols, hw, hh, tx, ty, tw, th, this.#r, this.#minCount);
    acc.set(accView);
  }

  /** Grows the memory (and moves the buffers) when a call needs more room than the current layout has. */
  #reserve(haloSize: number, tileSize: number, width: number): Layout {
    const L = this.#layout;
    if (haloSize <= L.haloCap && tileSize <= L.tileCap && width <= L.widthCap) return L;
    const next = layoutFor(Math.max(haloSize, L.haloCap), Math.max(tileSize, L.tileCap), Math.max(width, L.widthCap));
    const memory = this.#wasm.memory;
    const missing = next.end - memory.buffer.byteLength;
    if (missing > 0) memory.grow(Math.ceil(missing / 65536));
    this.#layout = next;
    this.#ref = undefined;
    this.#stats = undefined;
    return next;
  }

  #loadReference(ref: GreyPlane, halo: Rect, tile: Rect): void {
    const region = `${String(halo.x0)},${String(halo.y0)},${String(halo.x1)},${String(halo.y1)}/${String(tile.x0)},${String(tile.y0)},${String(tile.x1)},${String(tile.y1)}`;
    if (this.#ref === ref && this.#region === region) return;
    const hw = halo.x1 - halo.x0;
    const view = new Float32Array(this.#wasm.memory.buffer, this.#layout.ref, hw * (halo.y1 - halo.y0));
    for (let y = halo.y0; y < halo.y1; y++) {
      const o = y * ref.width;
      view.set(ref.data.subarray(o + halo.x0, o + halo.x1), (y - halo.y0) * hw);
    }
    this.#ref = ref;
    this.#region = region;
    this.#stats = undefined;
  }

  /** The tile's window statistics (after {@link #loadReference} of the same tile). */
  #loadStats(stats: RefWindowStats, width: number, tile: Rect): void {
    if (this.#stats === stats) return;
    const tw = tile.x1 - tile.x0;
    const n = tw * (tile.y1 - tile.y0);
    const buffer = this.#wasm.memory.buffer;
    const L = this.#layout;
    const pairs = [
      [stats.invN, new Float64Array(buffer, L.invN, n)],
      [stats.mean, new Float64Array(buffer, L.mean, n)],
      [stats.sd, new Float64Array(buffer, L.sd, n)],
    ] as const;
    for (let y = tile.y0; y < tile.y1; y++) {
      const o = y * width + tile.x0;
      for (const [from, to] of pairs) to.set(from.subarray(o, o + tw), (y - tile.y0) * tw);
    }
    this.#stats = stats;
  }
}
