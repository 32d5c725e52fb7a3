import { voxelGrid } from './errors.js';

/** Largest initial voxel capacity (about 500 MB of voxel arrays), however many points are expected. */
const MAX_INITIAL_VOXELS = 1 << 23;
/** Largest XY column table (Int32, 128 MB) before falling back to the hash. */
const MAX_COLUMNS = 2 ** 25;

/** Result of a voxel down-sample: one point per occupied voxel. */
export interface VoxelCloud {
  /** N×3 mean positions. */
  readonly positions: Float64Array;
  /** N×3 mean colours (rounded), when colours were added. */
  readonly colors?: Uint8Array;
}

/**
 * Voxel down-sample on a fixed world lattice (voxel faces at integer multiples of `voxel`; `minBound`/`maxBound` only
 * size the grid): each occupied voxel yields the mean position and mean colour of its points. Open3D's
 * `voxel_down_sample` anchors its grid at the cloud's `min − voxel/2` instead, so one point more or less at the
 * bottom of a cloud re-cuts every voxel (measured in the README, "Voxels on a world lattice"); on the lattice a
 * cloud's voxels depend on its own points only. Points are added one at a
 * time (so per-camera back-projections never have to be concatenated); voxels are kept in typed arrays in order of
 * first occupation and returned in lattice order. Lookup: when the XY extent has at most 2^25 voxel columns, a direct-addressed column table with a
 * short chain per column (a bottom is a height field: one or two voxels per column), so neighbouring pixels touch
 * neighbouring memory (merge of the 23 M-point standard flat frame 9.2 → 4.6 s); otherwise an open-addressing hash.
 */
export class VoxelAccumulator {
  readonly voxel: number;
  readonly hasColors: boolean;
  readonly #anchor: [number, number, number];
  readonly #dims: [number, number];
  readonly #nz: number;
  /** Lattice rows (y indices) this accumulator keeps, `[first, end)`; points of other rows are left out. */
  readonly #rows: readonly [number, number];
  #keys: Float64Array;
  #slots: Int32Array;
  #mask: number;
  #size = 0;
  #sums: Float64Array;
  #colorSums: Float64Array;
  #counts: Int32Array;
  /** Per XY column the last voxel added to it (−1: none); null when the extent is too large (hash lookup). */
  readonly #columns: Int32Array | null;
  /** Per voxel: the previous voxel of its column (−1: none) and its z index. */
  #chain: Int32Array;
  #zIndex: Int32Array;

  /**
   * `expectedPoints`: how many points will be added, to size the voxel arrays of a column table once (up to
   * 2^23 voxels) instead of growing them from a few thousand; `maxColumns`: largest XY column table before
   * the hash is used instead (for tests); `rows`: keep only the points of these lattice rows `[first, end)` (y indices
   * from the grid's lower bound, see {@link latticeRows}), for a merge split across threads by rows.
   */
  constructor(
    voxel: number,
    minBound: readonly number[],
    maxBound: readonly number[],
    hasColors: boolean,
    { expectedPoints = 0, maxColumns = MAX_COLUMNS, rows }: { expectedPoints?: number; maxColumns?: number; rows?: readonly [number, number] } = {},
  ) {
    this.voxel = voxel;
    this.hasColors = hasColors;
    this.#anchor = [latticeFloor(minBound[0], voxel), latticeFloor(minBound[1], voxel), latticeFloor(minBound[2], voxel)];
    const nx = Math.floor((maxBound[0] - this.#anchor[0]) / voxel) + 1;
    const ny = Math.floor((maxBound[1] - this.#anchor[1]) / voxel) + 1;
    const nz = Math.floor((maxBound[2] - this.#anchor[2]) / voxel) + 1;
    if (!(nx * ny * nz < 2 ** 53))
      throw voxelGrid(
        voxel,
        [0, 1, 2].map((k) => maxBound[k] - minBound[k]),
      );
    this.#dims = [nx, ny];
    this.#nz = nz;
    this.#rows = [Math.max(0, rows?.[0] ?? 0), Math.min(ny, rows?.[1] ?? ny)];
    const rowCount = Math.max(0, this.#rows[1] - this.#rows[0]);
    this.#columns = nx * rowCount <= maxColumns ? new Int32Array(nx * rowCount).fill(-1) : null;
    const hashCapacity = 1 << 12;
    this.#keys = new Float64Array(this.#columns === null ? hashCapacity : 0).fill(-1);
    this.#slots = new Int32Array(this.#columns === null ? hashCapacity : 0);
    this.#mask = hashCapacity - 1;
    // Room for every point: the untouched tail of a large typed array stays unmapped zero pages (no RSS), while
    // growing copies what is there (a 4.4 M-voxel grow cost 0.7 s of a 5 s merge).
    const capacity = this.#columns === null ? hashCapacity : Math.max(hashCapacity, Math.min(expectedPoints, MAX_INITIAL_VOXELS));
    this.#sums = new Float64Array(capacity * 3);
    this.#colorSums = new Float64Array(hasColors ? capacity * 3 : 0);
    this.#counts = new Int32Array(capacity);
    this.#chain = new Int32Array(this.#columns === null ? 0 : capacity);
    this.#zIndex = new Int32Array(this.#columns === null ? 0 : capacity);
  }

  /** Number of occupied voxels. */
  get size(): number {
    return this.#size;
  }

  /** Adds one point (colour channels 0–255, ignored without colours); a point outside the kept rows is left out. */
  add(x: number, y: number, z: number, r = 0, g = 0, b = 0): void {
    const iy = Math.floor((y - this.#anchor[1]) / this.voxel);
    if (iy < this.#rows[0] || iy >= this.#rows[1]) return;
    const ix = Math.floor((x - this.#anchor[0]) / this.voxel);
    const iz = Math.floor((z - this.#anchor[2]) / this.voxel);
    const v = this.#columns === null ? this.#hashSlot(ix, iy, iz) : this.#columnSlot(ix, iy, iz);
    this.#sums[v * 3] += x;
    this.#sums[v * 3 + 1] += y;
    this.#sums[v * 3 + 2] += z;
    this.#counts[v]++;
    if (this.hasColors) {
      this.#colorSums[v * 3] += r;
      this.#colorSums[v * 3 + 1] += g;
      this.#colorSums[v * 3 + 2] += b;
    }
  }

  /** The voxel (ix, iy, iz) through the column table, created when new. */
  #columnSlot(ix: number, iy: number, iz: number): number {
    const columns = this.#columns as Int32Array;
    const c = ix + this.#dims[0] * (iy - this.#rows[0]);
    let v = columns[c];
    while (v !== -1 && this.#zIndex[v] !== iz) v = this.#chain[v];
    if (v !== -1) return v;
    v = this.#size++;
    if (v >= this.#counts.length) this.#growData();
    this.#zIndex[v] = iz;
    this.#chain[v] = columns[c];
    columns[c] = v;
    return v;
  }

  /** The voxel (ix, iy, iz) through the hash, created when new. */
  #hashSlot(ix: number, iy: number, iz: number): number {
    const key = ix + this.#dims[0] * (iy + this.#dims[1] * iz);
    let h = (Math.imul(ix, 73856093) ^ Math.imul(iy, 19349663) ^ Math.imul(iz, 83492791)) & this.#mask;
    const keys = this.#keys;
    while (keys[h] !== key && keys[h] !== -1) h = (h + 1) & this.#mask;
    if (keys[h] === key) return this.#slots[h];
    const v = this.#size++;
    keys[h] = key;
    this.#slots[h] = v;
    if (v >= this.#counts.length) this.#growData();
    if (this.#size * 2 > keys.length) this.#rehash();
    return v;
  }

  #growData(): void {
    // 1.5×, not 2×: the last growth is what overshoots, and these arrays are ~60 bytes a voxel.
    const cap = Math.ceil(this.#counts.length * 1.5);
    const grow = <T extends Float64Array | Int32Array>(a: T, n: number): T => {
      const b = new (a.constructor as new (n: number) => T)(n);
      b.set(a);
      return b;
    };
    this.#sums = grow(this.#sums, cap * 3);
    if (this.hasColors) this.#colorSums = grow(this.#colorSums, cap * 3);
    this.#counts = grow(this.#counts, cap);
    if (this.#columns !== null) {
      this.#chain = grow(this.#chain, cap);
      this.#zIndex = grow(this.#zIndex, cap);
    }
  }

  #rehash(): void {
    const oldKeys = this.#keys;
    const oldSlots = this.#slots;
    const capacity = oldKeys.length * 2;
    this.#keys = new Float64Array(capacity).fill(-1);
    this.#slots = new Int32Array(capacity);
    this.#mask = capacity - 1;
    const [nx, ny] = this.#dims;
    for (let h = 0; h < oldKeys.length; h++) {
      const key = oldKeys[h];
      if (key === -1) continue;
      const ix = key % nx;
      const rest = (key - ix) / nx;
      const iy = rest % ny;
      const iz = (rest - iy) / ny;
      let j = (Math.imul(ix, 73856093) ^ Math.imul(iy, 19349663) ^ Math.imul(iz, 83492791)) & this.#mask;
      while (this.#keys[j] !== -1) j = (j + 1) & this.#mask;
      this.#keys[j] = key;
      this.#slots[j] = oldSlots[h];
    }
  }

  /**
   * The down-sampled cloud (means per voxel), in lattice order: by y, then x, then z index. Neighbours in space are then
   * neighbours in memory, which the normals' neighbour searches and the surface's splatting visit in point order
   * (first-occupation order made their reads jump across the cloud: normals 13–15 % slower on the standard frame).
   * The positions live on a SharedArrayBuffer: the fusion stage's worker threads read them for normals without a copy
   * (140 MB on the `standard` rig).
   */
  result(): VoxelCloud {
    const n = this.#size;
    const order = this.#columns === null ? this.#hashOrder() : this.#columnOrder(this.#columns);
    const positions = new Float64Array(new SharedArrayBuffer(n * 3 * 8));
    const colors = this.hasColors ? new Uint8Array(n * 3) : undefined;
    for (let j = 0; j < n; j++) {
      const v = order[j];
      const c = this.#counts[v];
      for (let k = 0; k < 3; k++) {
        positions[j * 3 + k] = this.#sums[v * 3 + k] / c;
        if (colors) colors[j * 3 + k] = Math.min(255, Math.max(0, Math.round(this.#colorSums[v * 3 + k] / c)));
      }
    }
    return colors ? { positions, colors } : { positions };
  }

  /** Voxel indices in lattice order through the column table (columns are row-major; each column sorted by z). */
  #columnOrder(columns: Int32Array): Int32Array {
    const order = new Int32Array(this.#size);
    const chain = this.#chain;
    const z = this.#zIndex;
    let j = 0;
    for (let c = 0; c < columns.length; c++) {
      let v = columns[c];
      if (v === -1) continue;
      const first = j;
      for (; v !== -1; v = chain[v]) {
        // Insertion by z: a column holds a few voxels.
        let i = j++;
        while (i > first && z[order[i - 1]] > z[v]) {
          order[i] = order[i - 1];
          i--;
        }
        order[i] = v;
      }
    }
    return order;
  }

  /** Voxel indices in lattice order through the hash (extents too large for a column table). */
  #hashOrder(): Int32Array {
    const [nx, ny] = this.#dims;
    const nz = this.#nz;
    const rank = new Float64Array(this.#size);
    for (let h = 0; h < this.#keys.length; h++) {
      const key = this.#keys[h];
      if (key === -1) continue;
      const ix = key % nx;
      const rest = (key - ix) / nx;
      const iy = rest % ny;
      const iz = (rest - iy) / ny;
      rank[this.#slots[h]] = (iy * nx + ix) * nz + iz;
    }
    return Int32Array.from({ length: this.#size }, (_, v) => v).sort((a, b) => rank[a] - rank[b]);
  }
}

/**
 * The lattice rows (y indices) of the grid a {@link VoxelAccumulator} with these bounds uses: how many, and the row of
 * a point at `y` (computed as the accumulator does, so a split by rows puts every point in exactly one part).
 */
export function latticeRows(
  voxel: number,
  minBound: readonly number[],
  maxBound: readonly number[],
): { count: number; rowOf: (y: number) => number } {
  const anchor = latticeFloor(minBound[1], voxel);
  return { count: Math.floor((maxBound[1] - anchor) / voxel) + 1, rowOf: (y) => Math.floor((y - anchor) / voxel) };
}

/**
 * The lattice face (integer multiple of `voxel`) at or below `value`. `floor(value / voxel) · voxel` alone can land
 * above it (0.009 / 0.001 rounds to 9.000000000000002 and 9 · 0.001 to 0.009000000000000001), which would put the
 * minimum at voxel index −1.
 */
function latticeFloor(value: number, voxel: number): number {
  const face = Math.floor(value / voxel) * voxel;
  return face > value ? face - voxel : face;
}

/** Min and max of the finite points of an N×3 array (`null` when there are none). */
function boundsOf(points: Float64Array): { min: number[]; max: number[] } | null {
  const min = [Infinity, Infinity, Infinity];
  const max = [-Infinity, -Infinity, -Infinity];
  for (let i = 0; i + 2 < points.length; i += 3) {
    const x = points[i];
    const y = points[i + 1];
    const z = points[i + 2];
    if (!(Number.isFinite(x) && Number.isFinite(y) && Number.isFinite(z))) continue;
    if (x < min[0]) min[0] = x;
    if (x > max[0]) max[0] = x;
    if (y < min[1]) min[1] = y;
    if (y > max[1]) max[1] = y;
    if (z < min[2]) min[2] = z;
    if (z > max[2]) max[2] = z;
  }
  return max[0] >= min[0] ? { min, max } : null;
}

/**
 * Voxel down-sample of N×3 points (and N×3 colours 0–255): Open3D `voxel_down_sample(voxel)` on the world lattice of
 * {@link VoxelAccumulator}. Non-finite points are dropped.
 * @example
 * const { positions, colors } = voxelDownsample(points, 0.001, colors);
 */
export function voxelDownsample(points: Float64Array, voxel: number, colors?: Uint8Array): VoxelCloud {
  const bounds = boundsOf(points);
  if (bounds === null) return colors ? { positions: new Float64Array(0), colors: new Uint8Array(0) } : { positions: new Float64Array(0) };
  const acc = new VoxelAccumulator(voxel, bounds.min, bounds.max, colors !== undefined);
  for (let i = 0; i + 2 < points.length; i += 3) {
    const x = points[i];
    const y = points[i + 1];
    const z = points[i + 2];
    if (!(Number.isFinite(x) && Number.isFinite(y) && Number.isFinite(z))) continue;
    if (colors) acc.add(x, y, z, colors[i], colors[i + 1], colors[i + 2]);
    else acc.add(x, y, z);
  }
  return acc.result();
}
