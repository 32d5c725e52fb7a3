import { evaluationInput } from './errors.js';
import type { HeightMapDifference } from './height-map-difference.js';

/** Options of {@link volumeChange}. */
export interface VolumeChangeOptions {
  /**
   * A node counts as changed when its height moved more than this, metres, or when it moved more than a quarter of
   * it the same way next to a changed node. @default 0.001
   */
  minChange?: number;
}

/** How the surface moved from a baseline (B) to a frame (A), over the grid nodes where both have a height. */
export interface VolumeChange {
  /** Volume where the surface rose (changed nodes, material added), m³. */
  gainedM3: number;
  /** Volume where the surface sank (changed nodes, material removed), m³ (positive). */
  lostM3: number;
  /** Signed volume change over every overlapping node, without the threshold, m³. */
  netM3: number;
  /** Mean height change over the overlapping nodes (positive = higher), metres. */
  meanHeightChangeM: number;
  /** Area of the changed nodes, m². */
  changedAreaM2: number;
  /** Area where both surfaces are known, m². */
  overlapAreaM2: number;
}

/**
 * Marks the changed nodes: those that moved more than `minChange`, grown (4-neighbours) through nodes that moved
 * more than `minChange / 4` the same way. The growth takes in the low rim of a mound or pit that a plain threshold
 * would cut off, while isolated reconstruction noise (a few tenths of a millimetre) stays out.
 * Returns +1 (rose), −1 (sank) or 0 per node.
 */
function changedNodes(rise: Float64Array, nx: number, ny: number, minChange: number): Int8Array {
  const mark = new Int8Array(rise.length);
  const low = minChange / 4;
  const stack: number[] = [];
  for (let g = 0; g < rise.length; g++) {
    if (mark[g] !== 0 || !(Math.abs(rise[g]) > minChange)) continue;
    const sign = rise[g] > 0 ? 1 : -1;
    mark[g] = sign;
    stack.push(g);
    while (stack.length > 0) {
      const c = stack.pop() as number;
      const i = c % nx,
        j = (c - i) / nx;
      for (const n of [i > 0 ? c - 1 : -1, i < nx - 1 ? c + 1 : -1, j > 0 ? c - nx : -1, j < ny - 1 ? c + nx : -1]) {
        if (n < 0 || mark[n] !== 0 || !(sign * rise[n] > low)) continue;
        mark[n] = sign;
        stack.push(n);
      }
    }
  }
  return mark;
}

/**
 * Volume gained and lost between two surfaces from their height-difference map (each node stands for one
 * `resolution²` cell). World +Z points down, so the height change is `−(zA − zB)`: positive where A is higher.
 * Gained and lost volume and the changed area count the changed nodes (see `minChange`); the net volume and the
 * mean height change count every node where both surfaces are known.
 * @example
 * const v = volumeChange(heightMapDifference(frame, baseline), { minChange: 0.001 });
 */
export function volumeChange(difference: HeightMapDifference, options: VolumeChangeOptions = {}): VolumeChange {
  const minChange = options.minChange ?? 0.001;
  if (!(minChange >= 0)) throw evaluationInput('minChange', 'a height ≥ 0 in metres', minChange);
  const { nx, ny, resolution } = difference.grid;
  const cell = resolution ** 2;
  const rise = difference.diff.map((d) => -d);
  const mark = changedNodes(rise, nx, ny, minChange);
  let gained = 0,
    lost = 0,
    net = 0,
    changed = 0,
    overlap = 0;
  for (let g = 0; g < rise.length; g++) {
    if (Number.isNaN(rise[g])) continue;
    overlap++;
    net += rise[g];
    if (mark[g] === 0) continue;
    changed++;
    if (mark[g] > 0) gained += rise[g];
    else lost -= rise[g];
  }
  return {
    gainedM3: gained * cell,
    lostM3: lost * cell,
    netM3: net * cell,
    meanHeightChangeM: overlap === 0 ? Number.NaN : net / overlap,
    changedAreaM2: changed * cell,
    overlapAreaM2: overlap * cell,
  };
}
