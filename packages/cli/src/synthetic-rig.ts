import { statSync } from 'node:fs';
import { basename } from 'node:path';
import { RIG_NAMES, type SceneOptions } from '@aquamvs/benchmark';
import { loadCalibration, type Calibration } from '@aquamvs/geometry';

/** What `--rig` and `--water-depth` of `aquamvs benchmark` and `aquamvs synth` chose. */
export interface SyntheticSetup {
  /** A built-in rig name, or the lab's own calibration (rendered as given). */
  readonly rig: string | Calibration;
  /** The rig in result ids and tables: the built-in name, or the calibration's file name (`rig.json`). */
  readonly rigName: string;
  /** Scene parameters the flags set (the bed's depth below the water; the lab's rig unmounted for `bower`). */
  readonly sceneOptions: SceneOptions;
  /** The scene's name in result ids and tables: `nest`, or `nest@0.35m` with `--water-depth`. */
  sceneLabel(scene: string): string;
}

/**
 * The synthetic rig and scene placement of `--rig NAME|calibration.json` and `--water-depth M`. A lab's own
 * AquaCal file is read and checked as `aquamvs run` reads it (its errors carry their `AQM_ERR_CALIBRATION_*` code),
 * before anything renders; `fail` reports a flag that names neither a built-in rig nor a file, or a depth that is not
 * a positive number of metres.
 * @example
 * const setup = await syntheticSetup('lab/calibration.json', '0.35', fail); // setup.sceneLabel('nest') === 'nest@0.35m'
 */
export async function syntheticSetup(rig: string, waterDepth: string | undefined, fail: (message: string) => never): Promise<SyntheticSetup> {
  const depth = waterDepth === undefined ? undefined : Number(waterDepth);
  if (depth !== undefined && !(Number.isFinite(depth) && depth > 0))
    fail(`--water-depth must be the bed's depth below the water in metres, > 0 (got '${waterDepth}')`);
  const sceneLabel = (scene: string): string => (depth === undefined ? scene : `${scene}@${depth}m`);
  const placement: SceneOptions = depth === undefined ? {} : { depthBelowWater: depth };
  if (RIG_NAMES.includes(rig)) return { rig, rigName: rig, sceneOptions: placement, sceneLabel };
  if (!isFile(rig)) fail(`--rig must be one of ${RIG_NAMES.join(', ')} or an AquaCal calibration.json file (got '${rig}': no such file)`);
  const calibration = await loadCalibration(rig);
  return { rig: calibration, rigName: basename(rig), sceneOptions: { ...placement, mountRig: false }, sceneLabel };
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
