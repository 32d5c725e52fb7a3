import { instantiateKernels } from '@aquamvs/core/worker';
import type { GreyPlane } from './grey-plane.js';
import { haloOf, type Rect } from './tile-region.js';
import { cellOf, type WarpTables } from './warp-table.js';
import type { WinnerTakeAllState } from './winner-take-all.js';

/** The exports of `assembly/sweep-kernels.ts` (byte offsets into the instance's memory). */
interface KernelExports {
  readonly memory: WebAssembly.Memory;
  heapBase(): number;
  warpRegion(
    table: number,
    nx: number,
    ny: number,
    rowLo: number,
    grid: number,
    x0: number,
    y0: number,
    x1: number,
    y1: number,
    src: number,
    sw: number,
    sh: number,
    out: number,
    rowU: number,
    rowV: number,
  ): number;
  sampleShifted(src: number, sw: number, sh: number, uv: number, duv: number, delta: number, n: number, out: number): number;
  setTile(hw: number, hh: number, tx: number, ty: number, tw: number, th: number, r: number): void;
  refStats(ref: number, minCount: number, cols: number, invN: number, mean: number, sd: number): void;
  nccFast(ref: number, warped: number, invN: number, mean: number, sd: number, acc: number, cols: number, fresh: boolean): void;
  nccMasked(ref: number, warped: number, acc: number, cols: number, minCount: number, fresh: boolean): void;
  sumLowest(slots: number, stride: number, S: number, k: number, n: number, pick: number, out: number): void;
  fillCost(p: number, n: number, value: number, fresh: boolean): void;
  nearSteps(depth: number, W: number, H: number, reach: number, threshold: number, out: number, x0: number, y0: number, x1: number, y1: number): void;
  wtaAdd(
    cost: number,
    n: number,
    scale: number,
    k: number,
    first: boolean,
    bestK: number,
    best: number,
    minus: number,
    plus: number,
    prev: number,
    sum: number,
  ): void;
  surfacePositions(
    depth: number,
    x0: number,
    y0: number,
    x1: number,
    y1: number,
    tables: number,
    tableBytes: number,
    anchorK: number,
    A: number,
    nx: number,
    ny: number,
    rowLo: number,
    grid: number,
    min: number,
    step: number,
    spacing: number,
    uv: number,
    duv: number,
    rowU: number,
    rowV: number,
    anchorUV: number,
    fRow: number,
  ): void;
}

/** Built next to the compiled JavaScript (`dist/`), so the same URL serves `src/` (tests) and `dist/`. */
const WASM_URL = new URL('../dist/sweep-kernels.wasm', import.meta.url);

/**
 * Room each per-call buffer has: halo and tile pixels, halo width, warp-table floats, surface anchors, sources with
 * positions.
 */
interface Capacity {
  readonly halo: number;
  readonly tile: number;
  readonly width: number;
  readonly table: number;
  readonly anchors: number;
  readonly sources: number;
  /** Pixels of a whole depth map ({@link SweepKernels.nearSteps}). */
  readonly image: number;
}

/** Byte offsets of the per-call buffers (after the sources), and where they end. */
interface Layout extends Capacity {
  readonly cols: number;
  readonly ref: number;
  readonly warped: number;
  readonly invN: number;
  readonly mean: number;
  readonly sd: number;
  readonly tableOffset: number;
  readonly rowU: number;
  readonly rowV: number;
  /**
   * {@link SweepKernels.surfacePositions}' scratch: the region's depths (f32), anchor indices (i32), tables, rows of
   * (u, v) pairs and a row's depth indices (f64).
   */
  readonly surfaceDepth: number;
  readonly anchorK: number;
  readonly anchorTables: number;
  readonly anchorUV: number;
  readonly fRow: number;
  /** Per source: `halo` (u, v) pairs, then their `halo` derivative pairs (f64), for {@link SweepKernels.warpShifted}. */
  readonly positions: number;
  /** Cost slots (f32, `tile` each): one per source, then the result slot. */
  readonly slots: number;
  /** {@link KernelExports.sumLowest}'s scratch. */
  readonly pick: number;
  /**
   * The winner-take-all's state ({@link SweepKernels.wtaReset}), `tile` pixels each: the best index (i32); the best
   * cost, the costs at the indices either side of it and the last depth's cost (f32); the running sum (f64).
   */
  readonly wta: number;
  /** A depth map (f32) and its marks (u8), for {@link SweepKernels.nearSteps}; not kept when the buffers move. */
  readonly imageDepth: number;
  readonly imageNear: number;
  readonly end: number;
}

const align = (bytes: number): number => (bytes + 15) & ~15;

function layoutAt(base: number, c: Capacity): Layout {
  const cols = base;
  // Column sums and the row's window sums of the masked NCC's six moments (the fast path uses half).
  const ref = cols + align(12 * c.width * 8);
  const warped = ref + align(c.halo * 4);
  const invN = warped + align(c.halo * 4);
  const mean = invN + align(c.tile * 8);
  const sd = mean + align(c.tile * 8);
  const tableOffset = sd + align(c.tile * 8);
  const rowU = tableOffset + align(c.table * 4);
  const rowV = rowU + align((c.width + 8) * 8);
  const surfaceDepth = rowV + align((c.width + 8) * 8);
  const anchorK = surfaceDepth + align(c.halo * 4);
  const anchorTables = anchorK + align(c.anchors * 4);
  const anchorUV = anchorTables + align(c.anchors * c.table * 4);
  const fRow = anchorUV + align(c.anchors * c.width * 16);
  const positions = fRow + align(c.width * 8);
  const capacity = { halo: c.halo, tile: c.tile, width: c.width, table: c.table, anchors: c.anchors, sources: c.sources, image: c.image };
  const slots = positions + c.sources * 4 * c.halo * 8;
  const pick = slots + (c.sources + 1) * align(c.tile * 4);
  const wta = pick + align(Math.max(1, c.sources) * 8);
  const imageDepth = wta + WTA_F32_ARRAYS * align(c.tile * 4) + align(c.tile * 8);
  const imageNear = imageDepth + align(c.image * 4);
  const end = imageNear + align(c.image);
  return {
    ...capacity,
    cols,
    ref,
    warped,
    invN,
    mean,
    sd,
    tableOffset,
    rowU,
    rowV,
    surfaceDepth,
    anchorK,
    anchorTables,
    anchorUV,
    fRow,
    positions,
    slots,
    pick,
    wta,
    imageDepth,
    imageNear,
    end,
  };
}

/** The winner-take-all's 4-byte arrays (best index, best, minus, plus, previous), then its f64 sum. */
const WTA_F32_ARRAYS = 5;

/**
 * Whether every blend of the table's nodes in rows `rowLo…rowHi` and columns `cLo…cHi` lies beyond one side of
 * `[0, umax] × [0, vmax]` by more than the bilinear sample's edge tolerance, or is NaN: every sample of a halo that
 * reads only these nodes is then NaN. A Catmull-Rom blend is its 2 × 2 inner nodes' bilinear blend (within their range)
 * plus terms in the nodes' second differences: at most 0.148 of the largest along x and 0.185 along y, so the nodes'
 * range widened by half the largest second difference bounds every blend (a NaN node makes the blends that read it NaN).
 */
export function nodesOutside(
  table: Float32Array,
  nx: number,
  rowLo: number,
  rowHi: number,
  cLo: number,
  cHi: number,
  umax: number,
  vmax: number,
): boolean {
  // Most halos are seen: their middle node is inside the source.
  const mid = (((rowLo + rowHi) >> 1) * nx + ((cLo + cHi) >> 1)) * 2;
  if (table[mid] >= 0 && table[mid] <= umax && table[mid + 1] >= 0 && table[mid + 1] <= vmax) return false;
  let uLo = Infinity;
  let uHi = -Infinity;
  let vLo = Infinity;
  let vHi = -Infinity;
  let bend = 0;
  const rowStep = nx * 2;
  for (let row = rowLo; row <= rowHi; row++) {
    for (let c = cLo, o = (row * nx + cLo) * 2; c <= cHi; c++, o += 2) {
      const u = table[o];
      const v = table[o + 1];
      if (u !== u || v !== v) continue;
      // A node inside the source: the blends around it may be too, so the halo is warped as usual.
      if (u >= 0 && u <= umax && v >= 0 && v <= vmax) return false;
      if (u < uLo) uLo = u;
      if (u > uHi) uHi = u;
      if (v < vLo) vLo = v;
      if (v > vHi) vHi = v;
      // Second differences centred here, along the row and the column (NaN when a neighbour is: not counted).
      if (c > cLo && c < cHi)
        bend = Math.max(bend, Math.abs(table[o - 2] - 2 * u + table[o + 2]) || 0, Math.abs(table[o - 1] - 2 * v + table[o + 3]) || 0);
      if (row > rowLo && row < rowHi)
        bend = Math.max(
          bend,
          Math.abs(table[o - rowStep] - 2 * u + table[o + rowStep]) || 0,
          Math.abs(table[o - rowStep + 1] - 2 * v + table[o + rowStep + 1]) || 0,
        );
    }
  }
  if (uLo > uHi) return true;
  const reach = 0.5 * bend + OUTSIDE_MARGIN;
  return uHi + reach < 0 || uLo - reach > umax || vHi + reach < 0 || vLo - reach > vmax;
}

/** Pixels beyond the source's border a blend must lie to be certainly outside (the sample's tolerance is 1e-3). */
const OUTSIDE_MARGIN = 0.01;

/** Byte offset of the winner-take-all's array `a` (0…4 the 4-byte ones, 5 the sum). */
function wtaArray(L: Layout, a: number): number {
  return L.wta + a * align(L.tile * 4);
}

let threadKernels: SweepKernels | undefined;

/**
 * This thread's kernels set up for a sweep with `window` over `sources`. One instance per thread serves its sweeps one
 * after another: a fresh instance's memory is faulted in page by page as the sources are copied in (~25 ms per
 * 1600×1200 source on the development VM), a reused one's is not. The caller must be done with it before the next call.
 * {@link releaseSweepKernels} lets it go.
 */
export function sweepKernels(window: number, sources: readonly GreyPlane[] = []): SweepKernels {
  threadKernels = threadKernels === undefined ? new SweepKernels(window, sources) : threadKernels.retarget(window, sources);
  return threadKernels;
}

/** Drops this thread's kernels and their memory (after a stage's sweeps). */
export function releaseSweepKernels(): void {
  threadKernels = undefined;
}

/**
 * The plane sweep's hot kernels in WebAssembly (`assembly/sweep-kernels.ts`, compiled by AssemblyScript at build time),
 * with the memory they work in. One instance serves one sweep of one reference and window:
 *
 * - {@link warp}: a source warped onto a halo through the warp tables — the Catmull-Rom node interpolation of the warp
 *   tables along rows (forward differences; its JavaScript form, `test-support/warp-coordinates.ts`, is the tests'
 *   oracle) and a bilinear sample (pixel centres at integers; NaN outside `[0, W−1] × [0, H−1]` with a 1e-3
 *   px tolerance, or where the projection is invalid), `sampleBilinear` at those coordinates to float32 rounding (test);
 *   a halo the source does not see is NaN without being sampled. The samples stay in the kernels' memory for the cost;
 *   {@link warped} reads them.
 * - {@link nccInto}: textbook zero-mean NCC over a `w×w` box window, `cost = clamp(1 − ncc, 0, 2)`, with running
 *   box sums. Only samples that are not NaN and inside the image enter a window; a window with fewer than `floor(w²/2)`
 *   of them costs 1.0. `ncc = cov / (sqrt(var_r · var_s) + 1e-8)` with population (co)variances (README: why textbook,
 *   not the reference's per-pixel centring). The tile's costs go to a cost slot in the kernels' memory (one per source,
 *   and a result slot), or with {@link addNccCost} into a JavaScript array.
 * - {@link surfacePositions}: the source position of every pixel of a region on a per-pixel depth surface (the
 *   refinements' surface-following window; `SurfaceWarp`), for {@link warpShifted} to sample moved along the rays.
 * - {@link sumLowest}: per pixel, the sum of the `k` lowest source costs (the aggregation over sources) into the result
 *   slot, which the winner-take-all reads.
 * - {@link wtaReset}, {@link wtaAdd}, {@link wtaState}: the streamed winner-take-all over a tile's depths, its state in
 *   the kernels' memory; {@link nearSteps}: the step decision's test for a step nearby.
 *
 * Measured against the JavaScript kernels they replaced (README, "Speed"). Sources are copied into the memory on their first warp (and kept while the instance is
 * retargeted to the same sources: the steps after a reference's sweep), the reference's halo pixels when the tile or
 * plane changes (their window statistics are computed there, once per tile): none of them may be modified while an
 * instance uses them.
 */
export class SweepKernels {
  #r = 0;
  #minCount = 0;
  readonly #wasm: KernelExports;
  readonly #base: number;
  #window = 0;
  #sources: readonly GreyPlane[] = [];
  #sourceOffsets: number[] = [];
  #sourceCopied: boolean[] = [];
  #layout: Layout;
  // What the memory holds: the reference's halo pixels (and the tile's statistics) of this plane and tile.
  #ref: GreyPlane | undefined;
  #statsLoaded = false;
  // The halo and tile (x0, y0, x1, y1 each) whose reference pixels the memory holds.
  readonly #region = new Int32Array(8);
  #wtaCount = 0;
  // Per source, the halo (by identity) its last warp saw every sample of.
  #seenHalo: (Rect | undefined)[] = [];

  constructor(window: number, sources: readonly GreyPlane[] = []) {
    this.#wasm = instantiateKernels(WASM_URL, '@aquamvs/stage-depth') as unknown as KernelExports;
    // The caller's buffers start above the module's own static data.
    this.#base = align(this.#wasm.heapBase());
    this.#layout = layoutAt(this.#base, { halo: 0, tile: 0, width: 0, table: 0, anchors: 0, sources: 0, image: 0 });
    this.retarget(window, sources);
  }

  get window(): number {
    return this.#window;
  }

  /**
   * Sets the instance up for another sweep (window and sources), keeping its memory: sources are copied again on
   * their first warp, and the per-call buffers move past them.
   */
  retarget(window: number, sources: readonly GreyPlane[] = []): this {
    this.#window = window;
    this.#r = window >> 1;
    this.#minCount = minWindowCount(window);
    // The same sources (the steps after a sweep, one reference): their copies stay.
    if (sources.length === this.#sources.length && sources.every((src, i) => src === this.#sources[i])) return this;
    this.#sources = sources;
    this.#sourceOffsets = [];
    let offset = this.#base;
    for (const s of sources) {
      this.#sourceOffsets.push(offset);
      offset += align(s.data.length * 4);
    }
    this.#sourceCopied = sources.map(() => false);
    this.#seenHalo = [];
    this.#layout = layoutAt(offset, { ...this.#layout, sources: sources.length });
    this.#grow(this.#layout.end);
    this.#ref = undefined;
    this.#statsLoaded = false;
    return this;
  }

  /**
   * Warps source `s` (of the constructor's list) onto `halo` for depth index `k` of `tables`; returns the number of
   * NaN samples. The samples stay in the kernels' memory for {@link nccInto} and {@link warped}. A halo whose table
   * nodes all project well beyond one side of the source (a part of the reference the source does not see: over a
   * third of a ring camera's samples) is all NaN without being sampled.
   */
  warp(tables: WarpTables, s: number, k: number, halo: Rect): number {
    const table = tables.table(s, k);
    const { grid, nx, ny } = tables;
    const [rowLo, rowHi] = tables.nodeRows(halo.y0, halo.y1);
    const floats = (rowHi - rowLo + 1) * nx * 2;
    const hw = halo.x1 - halo.x0;
    const size = hw * (halo.y1 - halo.y0);
    const L = this.#reserve({ halo: size, width: Math.max(hw, nx), table: floats });
    const buffer = this.#wasm.memory.buffer;
    const src = this.#sources[s];
    // The test is skipped where this source saw all of the same halo at the last depth (nearly always: it sees all
    // of it at the next).
    if (this.#seenHalo[s] !== halo) {
      const cLo = cellOf(halo.x0, grid, nx) - 1;
      const cHi = cellOf(halo.x1 - 1, grid, nx) + 2;
      if (nodesOutside(table, nx, rowLo, rowHi, cLo, cHi, src.width - 1, src.height - 1)) {
        new Float32Array(buffer, L.warped, size).fill(Number.NaN);
        this.#seenHalo[s] = undefined;
        return size;
      }
    }
    new Float32Array(buffer, L.tableOffset, floats).set(table.subarray(rowLo * nx * 2, rowLo * nx * 2 + floats));
    this.#source(s);
    const invalid = this.#wasm.warpRegion(
      L.tableOffset,
      nx,
      ny,
      rowLo,
      grid,
      halo.x0,
      halo.y0,
      halo.x1,
      halo.y1,
      this.#sourceOffsets[s],
      src.width,
      src.height,
      L.warped,
      L.rowU,
      L.rowV,
    );
    this.#seenHalo[s] = invalid === 0 ? halo : undefined;
    return invalid;
  }

  /**
   * The positions of `region`'s pixels in source `s` on the surface `depth` (full-image map, row-major with width `W`),
   * for {@link warpShifted}: each pixel between the warp-table coordinates of its two anchors (depth indices `anchors`,
   * `spacing` apart but the last), linearly in depth, with the derivative along the ray (see `SurfaceWarp`). The
   * positions stay in the kernels' memory; {@link positions} reads them.
   */
  surfacePositions(
    s: number,
    tables: WarpTables,
    depth: Float32Array,
    W: number,
    region: Rect,
    anchors: Int32Array,
    hypotheses: { readonly min: number; readonly step: number; readonly spacing: number },
  ): void {
    const { grid, nx, ny } = tables;
    const [rowLo, rowHi] = tables.nodeRows(region.y0, region.y1);
    const floats = (rowHi - rowLo + 1) * nx * 2;
    const rw = region.x1 - region.x0;
    const size = rw * (region.y1 - region.y0);
    const A = anchors.length;
    const L = this.#reserve({ halo: size, width: Math.max(rw, nx), table: floats, anchors: A });
    const buffer = this.#wasm.memory.buffer;
    const depthView = new Float32Array(buffer, L.surfaceDepth, size);
    for (let y = region.y0; y < region.y1; y++) depthView.set(depth.subarray(y * W + region.x0, y * W + region.x1), (y - region.y0) * rw);
    new Int32Array(buffer, L.anchorK, A).set(anchors);
    const from = rowLo * nx * 2;
    for (let a = 0; a < A; a++) {
      new Float32Array(buffer, L.anchorTables + a * L.table * 4, floats).set(tables.table(s, anchors[a]).subarray(from, from + floats));
    }
    const at = L.positions + s * 4 * L.halo * 8;
    this.#wasm.surfacePositions(
      L.surfaceDepth,
      region.x0,
      region.y0,
      region.x1,
      region.y1,
      L.anchorTables,
      L.table * 4,
      L.anchorK,
      A,
      nx,
      ny,
      rowLo,
      grid,
      hypotheses.min,
      hypotheses.step,
      hypotheses.spacing,
      at,
      at + 2 * L.halo * 8,
      L.rowU,
      L.rowV,
      L.anchorUV,
      L.fRow,
    );
  }

  /**
   * Source `s`'s first `size` positions of the last {@link surfacePositions}: (u, v) pairs and their derivative pairs
   * along the rays (views, valid until the next call).
   */
  positions(s: number, size: number): { readonly uv: Float64Array; readonly duv: Float64Array } {
    const L = this.#layout;
    const at = L.positions + s * 4 * L.halo * 8;
    const buffer = this.#wasm.memory.buffer;
    return { uv: new Float64Array(buffer, at, 2 * size), duv: new Float64Array(buffer, at + 2 * L.halo * 8, 2 * size) };
  }

  /**
   * Samples source `s` at its loaded positions moved `delta` along the rays, `(u + delta·du, v + delta·dv)`,
   * `sampleBilinear` there to float32 rounding; returns the number of NaN samples. The samples stay in the kernels' memory like a
   * {@link warp}'s.
   */
  warpShifted(s: number, delta: number, size: number): number {
    const L = this.#layout;
    const src = this.#source(s);
    const at = L.positions + s * 4 * L.halo * 8;
    return this.#wasm.sampleShifted(this.#sourceOffsets[s], src.width, src.height, at, at + 2 * L.halo * 8, delta, size, L.warped);
  }

  /** The last {@link warp}'s `size` samples (a view of the kernels' memory, valid until the next call). */
  warped(size: number): Float32Array {
    return new Float32Array(this.#wasm.memory.buffer, this.#layout.warped, size);
  }

  /** The slot {@link sumLowest} writes to (after one slot per source); a plain sum over sources can accumulate there. */
  get resultSlot(): number {
    return this.#sources.length;
  }

  /** Cost slot `slot`'s first `n` costs (a view of the kernels' memory, valid until the next call). */
  costs(slot: number, n: number): Float32Array {
    const L = this.#layout;
    return new Float32Array(this.#wasm.memory.buffer, L.slots + slot * align(L.tile * 4), n);
  }

  /**
   * The NCC cost of every tile pixel into cost slot `slot` (tile-sized, row-major), stored when `fresh`, else added; of
   * the last {@link warp}'s samples or of `warped` (the source warped onto `halo` by other means, row-major with the
   * halo's width). `halo` is `tile` grown by the window's radius and clipped to the image (`haloOf`). `allValid`
   * promises that the samples have no NaN (fast path: the reference's window statistics are computed once per tile).
   */
  nccInto(slot: number, fresh: boolean, ref: GreyPlane, halo: Rect, tile: Rect, allValid: boolean, warped?: Float32Array): void {
    const hw = halo.x1 - halo.x0;
    const hh = halo.y1 - halo.y0;
    const tw = tile.x1 - tile.x0;
    const th = tile.y1 - tile.y0;
    const L = this.#reserve({ halo: hw * hh, tile: tw * th, width: hw });
    this.#loadReference(ref, halo, tile);
    if (allValid) this.#refStats();
    if (warped !== undefined) new Float32Array(this.#wasm.memory.buffer, L.warped, hw * hh).set(warped.subarray(0, hw * hh));
    const out = L.slots + slot * align(L.tile * 4);
    if (allValid) this.#wasm.nccFast(L.ref, L.warped, L.invN, L.mean, L.sd, out, L.cols, fresh);
    else this.#wasm.nccMasked(L.ref, L.warped, out, L.cols, this.#minCount, fresh);
  }

  /** `value` as the cost of `n` pixels in slot `slot` (a source that sees none of a halo costs 1): stored when `fresh`, else added. */
  constantInto(slot: number, fresh: boolean, value: number, n: number): void {
    const L = this.#reserve({ tile: n });
    this.#wasm.fillCost(L.slots + slot * align(L.tile * 4), n, value, fresh);
  }

  /**
   * Per pixel, the sum of the `k` lowest costs of the sources' slots (the aggregation over sources) into the result
   * slot; returns its first `n` costs (a view, valid until the next call).
   */
  sumLowest(k: number, n: number): Float32Array {
    const L = this.#layout;
    const stride = align(L.tile * 4);
    const S = this.#sources.length;
    this.#wasm.sumLowest(L.slots, stride, S, k, n, L.pick, L.slots + S * stride);
    return this.costs(S, n);
  }

  /**
   * 1 where a valid pixel of `regions` of the depth map (`W` × `H`) has, along a row, column or diagonal, a second
   * difference `|D(p + j·u) + D(p − j·u) − 2·D(p)|` above `threshold` for some `j ≤ reach`: a step (or a sharp bend)
   * lies within `reach` pixels (the step decision's test). Pixels outside `regions` stay 0. A new array.
   */
  nearSteps(depth: Float32Array, W: number, H: number, reach: number, threshold: number, regions: readonly Rect[]): Uint8Array {
    const n = W * H;
    const L = this.#reserve({ image: n });
    const buffer = this.#wasm.memory.buffer;
    new Float32Array(buffer, L.imageDepth, n).set(depth.subarray(0, n));
    const near = new Uint8Array(buffer, L.imageNear, n);
    near.fill(0);
    for (const r of regions) this.#wasm.nearSteps(L.imageDepth, W, H, reach, threshold, L.imageNear, r.x0, r.y0, r.x1, r.y1);
    return near.slice();
  }

  /**
   * Starts a streamed winner-take-all over `n` pixels (the sweep's per-tile depth search, as `WinnerTakeAll`), its
   * state in the kernels' memory: {@link wtaAdd} adds a depth's costs, {@link wtaState} reads the result.
   */
  wtaReset(n: number): void {
    const L = this.#reserve({ tile: n });
    const buffer = this.#wasm.memory.buffer;
    new Int32Array(buffer, wtaArray(L, 0), n).fill(-1);
    new Float32Array(buffer, wtaArray(L, 1), n).fill(Infinity);
    new Float32Array(buffer, wtaArray(L, 2), n).fill(Number.NaN);
    new Float32Array(buffer, wtaArray(L, 3), n).fill(Number.NaN);
    new Float64Array(buffer, wtaArray(L, WTA_F32_ARRAYS), n).fill(0);
    this.#wtaCount = 0;
  }

  /** Adds the costs of depth index `k` in cost slot `slot` (times `scale`) for the first `n` pixels; first minimum wins ties. */
  wtaAdd(k: number, slot: number, n: number, scale: number): void {
    const L = this.#layout;
    const cost = L.slots + slot * align(L.tile * 4);
    const at = (a: number): number => wtaArray(L, a);
    this.#wasm.wtaAdd(cost, n, scale, k, this.#wtaCount === 0, at(0), at(1), at(2), at(3), at(4), at(WTA_F32_ARRAYS));
    this.#wtaCount++;
  }

  /** The winner-take-all's state for its first `n` pixels (views, valid until the next call). */
  wtaState(n: number): WinnerTakeAllState {
    const L = this.#layout;
    const buffer = this.#wasm.memory.buffer;
    return {
      bestK: new Int32Array(buffer, wtaArray(L, 0), n),
      best: new Float32Array(buffer, wtaArray(L, 1), n),
      minus: new Float32Array(buffer, wtaArray(L, 2), n),
      plus: new Float32Array(buffer, wtaArray(L, 3), n),
      sum: new Float64Array(buffer, wtaArray(L, WTA_F32_ARRAYS), n),
      count: this.#wtaCount,
    };
  }

  /**
   * Adds the NCC cost of every tile pixel to `acc` (a JavaScript array), as {@link nccInto} into the result slot.
   */
  addNccCost(ref: GreyPlane, halo: Rect, tile: Rect, allValid: boolean, acc: Float32Array, warped?: Float32Array): void {
    const n = (tile.x1 - tile.x0) * (tile.y1 - tile.y0);
    this.#reserve({ tile: n });
    this.costs(this.resultSlot, n).set(acc.subarray(0, n));
    this.nccInto(this.resultSlot, false, ref, halo, tile, allValid, warped);
    acc.set(this.costs(this.resultSlot, n));
  }

  /** Source `s`, copied into the memory on first use. */
  #source(s: number): GreyPlane {
    const src = this.#sources[s];
    if (!this.#sourceCopied[s]) {
      new Float32Array(this.#wasm.memory.buffer, this.#sourceOffsets[s], src.data.length).set(src.data);
      this.#sourceCopied[s] = true;
    }
    return src;
  }

  #grow(bytes: number): void {
    const memory = this.#wasm.memory;
    const missing = bytes - memory.buffer.byteLength;
    if (missing > 0) memory.grow(Math.ceil(missing / 65536));
  }

  /**
   * Grows the memory and moves the per-call buffers when a call needs more room than they have. The warped samples,
   * positions and cost slots move with them (a cost follows the warp it reads and adds to the slot it left); the
   * reference's halo and statistics are copied again.
   */
  #reserve({ halo = 0, tile = 0, width = 0, table = 0, anchors = 0, image = 0 }: Partial<Omit<Capacity, 'sources'>>): Layout {
    const L = this.#layout;
    if (halo <= L.halo && tile <= L.tile && width <= L.width && table <= L.table && anchors <= L.anchors && image <= L.image) return L;
    const next = layoutAt(L.cols, {
      halo: Math.max(halo, L.halo),
      tile: Math.max(tile, L.tile),
      width: Math.max(width, L.width),
      table: Math.max(table, L.table),
      anchors: Math.max(anchors, L.anchors),
      sources: L.sources,
      image: Math.max(image, L.image),
    });
    this.#grow(next.end);
    const buffer = this.#wasm.memory.buffer;
    // Every buffer moves up; moving from the highest down never overwrites one not yet moved: the winner-take-all's
    // state, the cost slots, then the positions, then the warped samples.
    new Float64Array(buffer, wtaArray(next, WTA_F32_ARRAYS), L.tile).set(new Float64Array(buffer, wtaArray(L, WTA_F32_ARRAYS), L.tile));
    for (let a = WTA_F32_ARRAYS - 1; a >= 0; a--)
      new Int32Array(buffer, wtaArray(next, a), L.tile).set(new Int32Array(buffer, wtaArray(L, a), L.tile));
    for (let slot = L.sources; slot >= 0; slot--) {
      const from = new Float32Array(buffer, L.slots + slot * align(L.tile * 4), L.tile);
      new Float32Array(buffer, next.slots + slot * align(next.tile * 4), L.tile).set(from);
    }
    for (let s = L.sources - 1; s >= 0; s--) {
      // The derivative pairs, then the (u, v) pairs.
      for (let part = 1; part >= 0; part--) {
        const from = new Float64Array(buffer, L.positions + (s * 4 + 2 * part) * L.halo * 8, 2 * L.halo);
        new Float64Array(buffer, next.positions + (s * 4 + 2 * part) * next.halo * 8, 2 * L.halo).set(from);
      }
    }
    new Float32Array(buffer, next.warped, L.halo).set(new Float32Array(buffer, L.warped, L.halo));
    this.#layout = next;
    this.#ref = undefined;
    this.#statsLoaded = false;
    return next;
  }

  #loadReference(ref: GreyPlane, halo: Rect, tile: Rect): void {
    const held = this.#region;
    if (
      this.#ref === ref &&
      held[0] === halo.x0 &&
      held[1] === halo.y0 &&
      held[2] === halo.x1 &&
      held[3] === halo.y1 &&
      held[4] === tile.x0 &&
      held[5] === tile.y0 &&
      held[6] === tile.x1 &&
      held[7] === tile.y1
    )
      return;
    // Checked and handed to the kernels once per tile (and after a retarget or growth, which drop the held plane).
    assertHaloOf(halo, tile, this.#r, ref);
    const hw = halo.x1 - halo.x0;
    const hh = halo.y1 - halo.y0;
    this.#wasm.setTile(hw, hh, tile.x0 - halo.x0, tile.y0 - halo.y0, tile.x1 - tile.x0, tile.y1 - tile.y0, this.#r);
    const view = new Float32Array(this.#wasm.memory.buffer, this.#layout.ref, hw * hh);
    for (let y = halo.y0; y < halo.y1; y++) {
      const o = y * ref.width;
      view.set(ref.data.subarray(o + halo.x0, o + halo.x1), (y - halo.y0) * hw);
    }
    this.#ref = ref;
    held.set([halo.x0, halo.y0, halo.x1, halo.y1, tile.x0, tile.y0, tile.x1, tile.y1]);
    this.#statsLoaded = false;
  }

  /** The tile's reference window statistics (after {@link #loadReference} of the same tile), for the fast NCC path. */
  #refStats(): void {
    if (this.#statsLoaded) return;
    const L = this.#layout;
    this.#wasm.refStats(L.ref, this.#minCount, L.cols, L.invN, L.mean, L.sd);
    this.#statsLoaded = true;
  }
}

/** Minimum number of valid pixels in a `w×w` window for a cost to be computed (§3.7: `floor(w²/2)`). */
export function minWindowCount(window: number): number {
  return Math.floor((window * window) / 2);
}

/**
 * Throws unless `halo` is `tile` grown by `r` and clipped to the plane (the kernels count a window's pixels within the
 * halo, which is then the image's count); a programming error, not a user's.
 */
function assertHaloOf(halo: Rect, tile: Rect, r: number, plane: GreyPlane): void {
  const h = haloOf(tile, r, plane.width, plane.height);
  if (halo.x0 !== h.x0 || halo.y0 !== h.y0 || halo.x1 !== h.x1 || halo.y1 !== h.y1)
    throw new Error(`NCC halo ${JSON.stringify(halo)} is not tile ${JSON.stringify(tile)} grown by ${r} within ${plane.width}×${plane.height}`);
}
