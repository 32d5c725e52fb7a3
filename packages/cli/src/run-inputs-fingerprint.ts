import { createHash } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileFingerprint, type AquamvsConfig } from '@aquamvs/core';

/**
 * Fingerprint of the run-wide inputs every frame depends on: the calibration file's content and each mask file
 * (name relative to `mask_dir`, {@link fileFingerprint}). It is part of the key `run.json` skips finished frames by,
 * so editing `calibration.json` (say `water_z`) redoes the frames, while moving the project does not.
 */
export async function runInputsFingerprint(config: AquamvsConfig): Promise<string> {
  const hash = createHash('sha256');
  if (config.calibration_path !== '') hash.update(`calibration\0${await fileFingerprint(config.calibration_path)}\n`);
  if (config.mask_dir !== null) {
    const entries = await readdir(config.mask_dir, { recursive: true, withFileTypes: true }).catch(() => []);
    const files = entries
      .filter((e) => e.isFile())
      .map((e) => join(e.parentPath, e.name))
      .sort();
    for (const file of files) hash.update(`mask\0${relative(config.mask_dir, file)}\0${await fileFingerprint(file)}\n`);
  }
  return hash.digest('hex').slice(0, 16);
}
