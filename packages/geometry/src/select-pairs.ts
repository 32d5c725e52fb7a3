import { geometryArgument } from './errors.js';

/** What pair selection needs from a rig; a {@link Calibration} satisfies it. */
export interface PairSelectionRig {
  readonly ringCameras: readonly string[];
  readonly auxiliaryCameras: readonly string[];
  cameraCenter(name: string): readonly number[];
}

/** Options of {@link selectPairs}. */
export interface SelectPairsOptions {
  /**
   * Nearest ring cameras used as sources of each reference.
   * @default 4
   */
  numNeighbors?: number;
  /**
   * Append all auxiliary cameras (sorted) as sources of every reference.
   * @default true
   */
  includeCenter?: boolean;
}

const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Source cameras for each ring (reference) camera (§3.4): the nearest `numNeighbors` other ring
 * cameras by centre distance (ties broken by name), then every auxiliary camera when `includeCenter`.
 * @example
 * const pairs = selectPairs(calib, { numNeighbors: 4 }); // { cam00: ['cam01', 'cam11', ..., 'center'] }
 */
export function selectPairs(rig: PairSelectionRig, options: SelectPairsOptions = {}): Record<string, string[]> {
  const k = options.numNeighbors ?? 4;
  if (!(Number.isInteger(k) && k >= 0)) throw geometryArgument('selectPairs: numNeighbors', 'an integer ≥ 0', k);
  const includeCenter = options.includeCenter ?? true;
  const ring = [...rig.ringCameras].sort(byName);
  const aux = [...rig.auxiliaryCameras].sort(byName);
  const centers = new Map(ring.map((name) => [name, rig.cameraCenter(name)]));
  const out: Record<string, string[]> = {};
  for (const ref of ring) {
    const c = centers.get(ref) ?? [];
    const others = ring
      .filter((name) => name !== ref)
      .map((name) => {
        const o = centers.get(name) ?? [];
        return { name, distance: Math.hypot(o[0] - c[0], o[1] - c[1], o[2] - c[2]) };
      })
      .sort((a, b) => a.distance - b.distance || byName(a.name, b.name));
    const sources = others.slice(0, Math.min(k, others.length)).map((o) => o.name);
    if (includeCenter) sources.push(...aux.filter((name) => name !== ref));
    out[ref] = sources;
  }
  return out;
}
