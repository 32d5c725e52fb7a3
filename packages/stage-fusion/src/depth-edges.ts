/**
 * Depth edges versus steep surfaces in a depth map. Between two neighbouring pixels a small depth step is one
 * surface; a large one is either an occlusion edge (the surface between the pixels is hidden) or a steep wall or
 * flank seen at a grazing angle, sampled a few pixels across. Fusion interpolates across the second, never the first.
 */

/**
 * Whether the step from pixel `a` to its neighbour `a + stride` lies on one surface. A small step does; a large one
 * does when a neighbouring step along the same line predicts it (the depth runs on linearly: a steep wall or flank
 * seen at a grazing angle, sampled a few pixels across), and not when it stands alone (an occlusion edge, where the
 * surface between the two pixels is hidden). `index` is `a`'s column (stride 1) or row (stride width), `size` the
 * image's width or height.
 */
export function continues(depth: Float32Array, a: number, stride: number, index: number, size: number, maxStep: number): boolean {
  const da = depth[a];
  const db = depth[a + stride];
  const step = db - da;
  if (Math.abs(step) <= maxStep) return true;
  if (index > 0) {
    const before = depth[a - stride];
    if (Math.abs(step - (da - before)) <= maxStep) return true;
  }
  if (index + 2 < size) {
    const after = depth[a + 2 * stride];
    if (Math.abs(after - db - step) <= maxStep) return true;
  }
  return false;
}

/**
 * Whether the depth-map cell from pixel (col, row) to (col + 1, row + 1) lies on one surface: every edge of the cell
 * that is used (`right`: the columns col and col + 1; `down`: the rows row and row + 1) {@link continues}.
 */
export function cellIsSurface(
  depth: Float32Array,
  width: number,
  height: number,
  col: number,
  row: number,
  right: boolean,
  down: boolean,
  maxStep: number,
): boolean {
  const p = row * width + col;
  if (right && !(continues(depth, p, 1, col, width, maxStep) && (!down || continues(depth, p + width, 1, col, width, maxStep)))) return false;
  return !down || (continues(depth, p, width, row, height, maxStep) && (!right || continues(depth, p + 1, width, row, height, maxStep)));
}
