/** N×3 world points, as PLY readers and the pipeline hold them. */
export type Points = Float32Array | Float64Array;

/** The points as a Float64Array (the array itself when it already is one). */
export function asFloat64(points: Points): Float64Array {
  return points instanceof Float64Array ? points : Float64Array.from(points);
}

/** XY bounding box `[xMin, xMax, yMin, yMax]` of the finite points; `undefined` when there is none. */
export function xyBounds(points: Points): [number, number, number, number] | undefined {
  let x0 = Infinity,
    x1 = -Infinity,
    y0 = Infinity,
    y1 = -Infinity;
  for (let i = 0; i + 2 < points.length; i += 3) {
    const x = points[i],
      y = points[i + 1];
    if (!(Number.isFinite(x) && Number.isFinite(y) && Number.isFinite(points[i + 2]))) continue;
    if (x < x0) x0 = x;
    if (x > x1) x1 = x;
    if (y < y0) y0 = y;
    if (y > y1) y1 = y;
  }
  return x1 >= x0 ? [x0, x1, y0, y1] : undefined;
}

/** Median of `values` (sorted in place); NaN when empty. */
export function medianInPlace(values: Float64Array): number {
  if (values.length === 0) return Number.NaN;
  values.sort();
  const m = values.length >> 1;
  return values.length % 2 === 1 ? values[m] : 0.5 * (values[m - 1] + values[m]);
}
