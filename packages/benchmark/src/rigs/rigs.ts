import type { Calibration } from '@aquamvs/geometry';
import { unknownRig } from '../errors.js';
import { createRingRig } from './ring-rig.js';

/** `standard`: 12 ring cameras + fisheye centre, 1600×1200, fx ≈ 1400, radius 0.635 m, water at Z = 0.978 m. */
export function standardRig(): Calibration {
  return createRingRig({ ringCameras: 12, imageSize: [1600, 1200], focal: 1400, fisheyeFocal: 700 });
}

/** `ci`: the `standard` geometry with 4 ring cameras + fisheye centre at 320×240 (fx ≈ 280), for fast tests. */
export function ciRig(): Calibration {
  return createRingRig({ ringCameras: 4, imageSize: [320, 240], focal: 280, fisheyeFocal: 140 });
}

/** Built-in rigs by name. Rigs are data: a function returning a {@link Calibration}. */
const RIGS: Readonly<Record<string, () => Calibration>> = { standard: standardRig, ci: ciRig };

/** Names of the built-in rigs. */
export const RIG_NAMES: readonly string[] = Object.keys(RIGS);

/** Returns the built-in rig `name`; throws `AQM_ERR_BENCHMARK_UNKNOWN_RIG` for other names. */
export function rigByName(name: string): Calibration {
  const make = Object.hasOwn(RIGS, name) ? RIGS[name] : undefined;
  if (make === undefined) throw unknownRig(name, RIG_NAMES);
  return make();
}
