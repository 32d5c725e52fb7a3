import { evaluationInput } from './errors.js';
import type { HeightMapDifference } from './height-map-difference.js';

/** Options of {@link volumeChange}. */
export interface VolumeChangeOptions {
  /** A node counts as changed when its height moved more than this, metres. @default 0.001 */
  minChange?: number;
}

/** How the surface moved from a baseline (B) to a frame (A), over the grid nodes where both have a height. */
export interface VolumeChange {
  /** Volume where the surface rose by more than `minChange` (material added), m³. */
  gainedM3: number;
  /** Volume where the surface sank by more than `minChange` (material removed), m³ (positive). */
  lostM3: number;
  /** Signed volume change over every overlapping node, without the threshold, m³. */
  netM3: number;
  /** Mean height change over the overlapping nodes (positive = higher), metres. */
  meanHeightChangeM: number;
  /** Area of the nodes that moved more than `minChange`, m². */
  changedAreaM2: number;
  /** Area where both surfaces are known, m². */
  overlapAreaM2: number;
}

/**
 * Volume gained and lost between two surfaces from their height-difference map (each node stands for one
 * `resolution²` cell). World +Z points down, so the height change is `−(zA − zB)`: positive where A is higher.
 * @example
 * const v = volumeChange(heightMapDifference(frame, baseline), { minChange: 0.001 });
 */
export function volumeChange(difference: HeightMapDifference, options: VolumeChangeOptions = {}): VolumeChange {
  const minChange = options.minChange ?? 0.001;
  if (!(minChange >= 0)) throw evaluationInput('minChange', 'a height ≥ 0 in metres', minChange);
  const cell = difference.grid.resolution ** 2;
  let gained = 0, lost = 0, net = 0, changed = 0, overlap = 0;
  for (const d of difference.diff) {
    if (Number.isNaN(d)) continue;
    const rise = -d;
    overlap++;
    net += rise;
    if (rise > minChange) gained += rise;
    else if (rise < -minChange) lost -= rise;
    if (Math.abs(rise) > minChange) changed++;
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
