// The k-nearest-neighbour kernel of geometry's block search (src/point-cloud/block-neighbours.ts, which owns the
// memory layout and documents the search), compiled to WebAssembly (SIMD) at build time by AssemblyScript. Squared
// distances are summed in the order `PointGrid.knn` sums them (dx² + dy² + dz², float64), so both give the same
// neighbours with the same squared distances, ordered by (squared distance, point index).

/** Where the module's own static data ends: the caller's buffers start above it. */
export function heapBase(): usize {
  return __heap_base;
}

/** Buckets of the counting sort: about one candidate each on a surface cloud searched a little beyond its k-th. */
const BUCKETS = 32;

/**
 * The `k` nearest to (x, y, z) of a block of grid cells' points within the squared distance `limit`, nearest first,
 * ties by point index: their squared distances at `outD` (float64) and indices at `outI` (int32), both with room for
 * all the block's points. The block (geometry's `GridBlock`): coordinates at `cx`, `cy`, `cz` (float64) and point
 * indices at `ids` (int32), each cell's first point at `starts` (int32, cells in z, y, x order, then the end), the
 * block's shape in cells at `shape` (3 int32) and its cells' faces at `faces` (float64: x-, then y-, then z-faces).
 * Cells farther than the limit are skipped. `slab` (room for 24 float64), `passD`/`passI` (room for the block's
 * points) and `counts` (BUCKETS + 1 int32) are scratch. Returns how many were found (at most `k`).
 */
export function nearest(
  cx: usize,
  cy: usize,
  cz: usize,
  ids: usize,
  starts: usize,
  shape: usize,
  faces: usize,
  x: f64,
  y: f64,
  z: f64,
  k: i32,
  limit: f64,
  slab: usize,
  passD: usize,
  passI: usize,
  counts: usize,
  outD: usize,
  outI: usize,
): i32 {
  const nx = load<i32>(shape);
  const ny = load<i32>(shape, 4);
  const nz = load<i32>(shape, 8);
  // Squared distance from the query to each slab of cells along x, then y, then z.
  const yFaces = faces + ((<usize>(nx + 1)) << 3);
  const zFaces = yFaces + ((<usize>(ny + 1)) << 3);
  const ySlab = slab + ((<usize>nx) << 3);
  const zSlab = ySlab + ((<usize>ny) << 3);
  slabDistances(faces, nx, x, slab);
  slabDistances(yFaces, ny, y, ySlab);
  slabDistances(zFaces, nz, z, zSlab);
  let passed = 0;
  let cell = 0;
  for (let iz = 0; iz < nz; iz++) {
    const dz = load<f64>(zSlab + ((<usize>iz) << 3));
    for (let iy = 0; iy < ny; iy++) {
      const dyz = dz + load<f64>(ySlab + ((<usize>iy) << 3));
      for (let ix = 0; ix < nx; ix++, cell++) {
        if (dyz + load<f64>(slab + ((<usize>ix) << 3)) > limit) continue;
        const from = load<i32>(starts + ((<usize>cell) << 2));
        const to = load<i32>(starts + ((<usize>(cell + 1)) << 2));
        passed = within(cx, cy, cz, ids, from, to, x, y, z, limit, passD, passI, passed);
      }
    }
  }
  // A counting sort by bucket of d² / limit (on a surface d² is about uniform below the limit), then an insertion
  // sort of the nearly sorted run: O(passed) where inserting into a sorted list of k costs O(passed · k).
  memory.fill(counts, 0, (BUCKETS + 1) << 2);
  const scale = <f64>BUCKETS / limit;
  for (let t = 0; t < passed; t++) {
    const slot = counts + ((<usize>(bucketOf(load<f64>(passD + ((<usize>t) << 3)), scale) + 1)) << 2);
    store<i32>(slot, load<i32>(slot) + 1);
  }
  for (let q = 0; q < BUCKETS; q++) {
    const slot = counts + ((<usize>(q + 1)) << 2);
    store<i32>(slot, load<i32>(slot) + load<i32>(slot - 4));
  }
  for (let t = 0; t < passed; t++) {
    const d2 = load<f64>(passD + ((<usize>t) << 3));
    const slot = counts + ((<usize>bucketOf(d2, scale)) << 2);
    const at = load<i32>(slot);
    store<i32>(slot, at + 1);
    store<f64>(outD + ((<usize>at) << 3), d2);
    store<i32>(outI + ((<usize>at) << 2), load<i32>(passI + ((<usize>t) << 2)));
  }
  for (let t = 1; t < passed; t++) {
    const d2 = load<f64>(outD + ((<usize>t) << 3));
    const j = load<i32>(outI + ((<usize>t) << 2));
    let p = t;
    while (p > 0) {
      const before = load<f64>(outD + ((<usize>(p - 1)) << 3));
      const beforeId = load<i32>(outI + ((<usize>(p - 1)) << 2));
      if (!(before > d2 || (before == d2 && beforeId > j))) break;
      store<f64>(outD + ((<usize>p) << 3), before);
      store<i32>(outI + ((<usize>p) << 2), beforeId);
      p--;
    }
    store<f64>(outD + ((<usize>p) << 3), d2);
    store<i32>(outI + ((<usize>p) << 2), j);
  }
  return passed < k ? passed : k;
}

function bucketOf(d2: f64, scale: f64): i32 {
  const q = <i32>(d2 * scale);
  return q > BUCKETS - 1 ? BUCKETS - 1 : q;
}

/** The squared distance from `q` to each of the `n` slabs between the `n + 1` faces at `faces`, into `out`. */
function slabDistances(faces: usize, n: i32, q: f64, out: usize): void {
  for (let i = 0; i < n; i++) {
    const lo = load<f64>(faces + ((<usize>i) << 3));
    const hi = load<f64>(faces + ((<usize>(i + 1)) << 3));
    const d = q < lo ? lo - q : q > hi ? q - hi : 0;
    store<f64>(out + ((<usize>i) << 3), d * d);
  }
}

/**
 * Appends the candidates `[from, to)` within the squared distance `limit` of (x, y, z) to `passD`/`passI` after the
 * `passed` already there, two a step; returns the new count.
 */
function within(
  cx: usize,
  cy: usize,
  cz: usize,
  ids: usize,
  from: i32,
  to: i32,
  x: f64,
  y: f64,
  z: f64,
  limit: f64,
  passD: usize,
  passI: usize,
  passed: i32,
): i32 {
  const vx = f64x2.splat(x);
  const vy = f64x2.splat(y);
  const vz = f64x2.splat(z);
  const vl = f64x2.splat(limit);
  let b = from;
  for (; b + 1 < to; b += 2) {
    const o = (<usize>b) << 3;
    const dx = f64x2.sub(v128.load(cx + o), vx);
    const dy = f64x2.sub(v128.load(cy + o), vy);
    const dz = f64x2.sub(v128.load(cz + o), vz);
    const d2 = f64x2.add(f64x2.add(f64x2.mul(dx, dx), f64x2.mul(dy, dy)), f64x2.mul(dz, dz));
    const pass = f64x2.le(d2, vl);
    store<f64>(passD + ((<usize>passed) << 3), f64x2.extract_lane(d2, 0));
    store<i32>(passI + ((<usize>passed) << 2), load<i32>(ids + ((<usize>b) << 2)));
    passed += <i32>(i64x2.extract_lane(pass, 0) != 0);
    store<f64>(passD + ((<usize>passed) << 3), f64x2.extract_lane(d2, 1));
    store<i32>(passI + ((<usize>passed) << 2), load<i32>(ids + ((<usize>(b + 1)) << 2)));
    passed += <i32>(i64x2.extract_lane(pass, 1) != 0);
  }
  if (b < to) {
    const o = (<usize>b) << 3;
    const dx = load<f64>(cx + o) - x;
    const dy = load<f64>(cy + o) - y;
    const dz = load<f64>(cz + o) - z;
    const d2 = dx * dx + dy * dy + dz * dz;
    if (d2 <= limit) {
      store<f64>(passD + ((<usize>passed) << 3), d2);
      store<i32>(passI + ((<usize>passed) << 2), load<i32>(ids + ((<usize>b) << 2)));
      passed++;
    }
  }
  return passed;
}
