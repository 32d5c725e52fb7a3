import type { DepthMap } from '@aquamvs/core';
import type { RefractiveProjection } from '@aquamvs/geometry';
import { DepthVerdict, judgeDepth, sampleDepth } from './sample-depth.js';

/** One camera's depth map and its refractive model on the depth map's (K_new) grid. */
export interface DepthView {
  readonly name: string;
  readonly projection: RefractiveProjection;
  readonly depthMap: DepthMap;
}

/** Options of the geometric consistency filter (`reconstruction.*`, spec §3.10). */
export interface ConsistencyOptions {
  /** `depth_tolerance`, metres. @default 0.005 */
  depthTolerance?: number;
  /** `min_consistent_views`. @default 3 */
  minConsistentViews?: number;
  /** `min_confidence`: reference pixels below are ignored. @default 0.1 */
  minConfidence?: number;
  /**
   * Count every consistent target (needed for `consistency_maps`). When false, a pixel stops being checked as soon
   * as its verdict is certain (`minConsistentViews` reached, or out of reach), with targets tried nearest camera
   * first; kept pixels are identical, stored counts are then lower bounds. @default true
   */
  fullCounts?: boolean;
  /**
   * Ask each pixel for at most as many agreeing targets as can see its point (`adaptive_consistent_views`): keep iff
   * `count ≥ min(minConsistentViews, visible)` with `visible` the targets whose image contains the point's projection
   * (at least one agreeing target is always required). The reference's fixed count (false) drops every point that
   * fewer than `minConsistentViews + 1` cameras see — the whole rim of a ring rig's footprint. @default false
   */
  adaptiveViews?: boolean;
}

/** A filtered depth map plus the per-pixel consistency count. */
export interface FilteredDepthMap extends DepthMap {
  /**
   * Consistent target views per pixel, for every initially valid pixel (passing or not); 0 elsewhere. Empty when the
   * filter ran without `fullCounts` (its counts stop early, and 4 bytes a pixel and view were kept for nothing).
   */
  readonly consistency: Int32Array;
  /**
   * Per row, `ROW_BOUNDS_STRIDE` values: min x, y, z, max x, y, z and count of the kept pixels' back-projected
   * points (the points the merge visits at one point per pixel, bit for bit), so the merge needs no bounds pass.
   */
  readonly rowBounds: Float64Array;
}

/** Values per row of {@link FilteredDepthMap.rowBounds}. */
export const ROW_BOUNDS_STRIDE = 7;

/** The bounds and count of a filtered map's kept points, reduced over its rows; `null` when it kept none. */
export function keptBounds(map: FilteredDepthMap): { min: number[]; max: number[]; count: number } | null {
  const min = [Infinity, Infinity, Infinity];
  const max = [-Infinity, -Infinity, -Infinity];
  let count = 0;
  const b = map.rowBounds;
  for (let row = 0; row < map.height; row++) {
    const o = row * ROW_BOUNDS_STRIDE;
    if (b[o + 6] === 0) continue;
    count += b[o + 6];
    for (let k = 0; k < 3; k++) {
      if (b[o + k] < min[k]) min[k] = b[o + k];
      if (b[o + 3 + k] > max[k]) max[k] = b[o + 3 + k];
    }
  }
  return count === 0 ? null : { min, max, count };
}

/**
 * Geometric consistency filter of one reference camera against `targets` (spec §3.10): each reference pixel with a
 * finite depth and `confidence ≥ minConfidence` is back-projected to `X`, projected into every target, the target
 * depth map is sampled there (see {@link sampleDepth}) and compared with the ray depth of `X` along the target's
 * refracted ray through that pixel; the pixel is kept iff at least `minConsistentViews` targets agree within
 * `depthTolerance` (or, with `adaptiveViews`, as many as see the point when fewer do). Pass `rows` to filter a band of rows only (the other rows stay NaN/0).
 * @example
 * const filtered = filterDepthMap(views[0], views.slice(1), { depthTolerance: 0.005, minConsistentViews: 3 });
 */
export function filterDepthMap(
  reference: DepthView,
  targets: readonly DepthView[],
  options: ConsistencyOptions = {},
  rows: readonly [number, number] = [0, reference.depthMap.height],
): FilteredDepthMap {
  const { width, height } = reference.depthMap;
  const out: FilteredDepthMap = {
    width,
    height,
    depth: new Float32Array(width * height).fill(Number.NaN),
    confidence: new Float32Array(width * height),
    consistency: new Int32Array(options.fullCounts === false ? 0 : width * height),
    rowBounds: new Float64Array(height * ROW_BOUNDS_STRIDE),
  };
  filterRowsInto(reference, targets, options, rows, out);
  return out;
}

/**
 * The filter of {@link filterDepthMap} for rows `[rows[0], rows[1])`, written into `out` (which must start as
 * NaN / 0 / 0 there). Used by the worker threads, which share `out` with the caller.
 */
export function filterRowsInto(
  reference: DepthView,
  targets: readonly DepthView[],
  options: ConsistencyOptions,
  rows: readonly [number, number],
  out: FilteredDepthMap,
): void {
  const tolerance = options.depthTolerance ?? 0.005;
  const minViews = options.minConsistentViews ?? 3;
  const minConfidence = options.minConfidence ?? 0.1;
  const fullCounts = options.fullCounts ?? true;
  const adaptive = options.adaptiveViews ?? false;
  const { width, depth, confidence } = reference.depthMap;
  const [rx, ry, rz] = reference.projection.center;
  const dist = (v: DepthView): number => Math.hypot(v.projection.center[0] - rx, v.projection.center[1] - ry, v.projection.center[2] - rz);
  const ordered = fullCounts ? targets : [...targets].sort((a, b) => dist(a) - dist(b));
  const nTargets = ordered.length;
  const reaches = ordered.map(viewReach);
  const { depth: outDepth, confidence: outConfidence, consistency, rowBounds } = out;
  const pixels = new Float64Array(width * 2);
  const origins = new Float64Array(width * 3);
  const directions = new Float64Array(width * 3);
  const tPixel = new Float64Array(2);
  // Each target's interface solution for the previous pixel of the row, where the next pixel's solve starts; reset
  // at each row, so a row's results do not depend on which rows a worker filtered before it.
  const ratios = new Float64Array(nTargets);
  for (let row = rows[0]; row < rows[1]; row++) {
    ratios.fill(Number.NaN);
    for (let col = 0; col < width; col++) {
      pixels[col * 2] = col;
      pixels[col * 2 + 1] = row;
    }
    reference.projection.castRayInto(pixels, origins, directions);
    let x0 = Infinity,
      y0 = Infinity,
      z0 = Infinity,
      x1 = -Infinity,
      y1 = -Infinity,
      z1 = -Infinity,
      kept = 0;
    for (let col = 0; col < width; col++) {
      const p = row * width + col;
      const d = depth[p];
      if (!Number.isFinite(d) || !(confidence[p] >= minConfidence)) continue;
      const x = origins[col * 3] + d * directions[col * 3];
      const y = origins[col * 3 + 1] + d * directions[col * 3 + 1];
      const z = origins[col * 3 + 2] + d * directions[col * 3 + 2];
      let count = 0;
      let visible = 0;
      for (let t = 0; t < nTargets; t++) {
        // Early exits: enough agree (the adaptive requirement is never above minViews), or minViews is out of reach.
        if (!fullCounts && (count >= minViews || (!adaptive && count + nTargets - t < minViews))) break;
        const target = ordered[t];
        // A point beyond what the target's image can reach at its depth: no verdict, without the refractive projection.
        const reach = reaches[t];
        const ox = x - reach.x;
        const oy = y - reach.y;
        const out = reach.atSurface + (z - reach.waterZ) * reach.tanInWater;
        if (ox * ox + oy * oy > out * out) continue;
        // The point's ray depth in the target: what the target's depth map holds there if it sees the same surface.
        const expected = target.projection.projectPointDepthNear(x, y, z, tPixel, 0, ratios, t);
        if (Number.isNaN(expected)) continue;
        const map = target.depthMap;
        if (adaptive) {
          const verdict = judgeDepth(map.depth, map.width, map.height, tPixel[0], tPixel[1], expected, tolerance);
          if (verdict === DepthVerdict.Agrees) count++;
          // Only targets that could see the point vote: not one without depth there, not one the point hides behind.
          if (verdict === DepthVerdict.Agrees || verdict === DepthVerdict.Conflicts) visible++;
          continue;
        }
        const lookup = sampleDepth(map.depth, map.width, map.height, tPixel[0], tPixel[1]);
        if (Number.isNaN(lookup)) continue;
        if (Math.abs(lookup - expected) < tolerance) count++;
      }
      if (fullCounts) consistency[p] = count;
      if (count >= (adaptive ? adaptiveRequirement(minViews, visible) : minViews)) {
        outDepth[p] = d;
        outConfidence[p] = confidence[p];
        kept++;
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        if (y > y1) y1 = y;
        if (z < z0) z0 = z;
        if (z > z1) z1 = z;
      }
    }
    rowBounds.set([x0, y0, z0, x1, y1, z1, kept], row * ROW_BOUNDS_STRIDE);
  }
}

/** How far from a camera's nadir (x, y) its image reaches, horizontally: `atSurface + depth below the water · tanInWater`. */
export interface ViewReach {
  readonly x: number;
  readonly y: number;
  readonly waterZ: number;
  readonly atSurface: number;
  readonly tanInWater: number;
}

/**
 * The reach of a view's image one pixel beyond its border (where a bilinear sample still touches the map): the
 * widest ray from the nadir leaves through a corner, and its entry point's distance and its tangent in water both
 * grow with the angle, so the corners bound both. Enlarged by 1e-6 so rounding never excludes a point it reaches.
 */
export function viewReach(view: DepthView): ViewReach {
  const { width, height } = view.depthMap;
  const { projection } = view;
  const corners = Float64Array.from([-1, -1, width, -1, -1, height, width, height]);
  const origins = new Float64Array(12);
  const directions = new Float64Array(12);
  projection.castRayInto(corners, origins, directions);
  const [cx, cy] = projection.center;
  let atSurface = 0;
  let tanInWater = 0;
  for (let i = 0; i < 4; i++) {
    // A corner ray that never reaches the water (a view wider than the horizon): no bound.
    if (!(directions[i * 3 + 2] > 0 && Number.isFinite(origins[i * 3]) && Number.isFinite(origins[i * 3 + 1]))) {
      return { x: cx, y: cy, waterZ: projection.waterZ, atSurface: Infinity, tanInWater: Infinity };
    }
    atSurface = Math.max(atSurface, Math.hypot(origins[i * 3] - cx, origins[i * 3 + 1] - cy));
    tanInWater = Math.max(tanInWater, Math.hypot(directions[i * 3], directions[i * 3 + 1]) / directions[i * 3 + 2]);
  }
  const margin = 1 + 1e-6;
  return { x: cx, y: cy, waterZ: projection.waterZ, atSurface: atSurface * margin + 1e-9, tanInWater: tanInWater * margin };
}

/**
 * Filters every view against all the others (spec §3.10: targets are all other ring cameras with depth maps, not
 * the pair list). Sequential; the stage runs references in parallel worker threads.
 */
export function filterAllDepthMaps(views: readonly DepthView[], options: ConsistencyOptions = {}): Map<string, FilteredDepthMap> {
  const out = new Map<string, FilteredDepthMap>();
  for (const view of views)
    out.set(
      view.name,
      filterDepthMap(
        view,
        views.filter((v) => v !== view),
        options,
      ),
    );
  return out;
}

/**
 * Agreeing targets the adaptive rule asks of a point that `visible` targets can see: `min_consistent_views` where more
 * than that many see it, otherwise all but one of them (at least one). Without the one dissent a point that only
 * `min_consistent_views` or fewer targets see would need every one of them — a single view seeing a rock's rim or
 * a mound's flank at a grazing angle would veto what the others confirm, while a point that 11 targets see needs
 * only 3 of them.
 */
export function adaptiveRequirement(minViews: number, visible: number): number {
  return Math.max(1, Math.min(minViews, visible - 1));
}
