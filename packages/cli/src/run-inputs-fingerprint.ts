import { createHash } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileFingerprint, pluginCodeFingerprint, type AquamvsConfig } from '@aquamvs/core';
import { CLI_INSTALL_DIR } from './builtin-plugins.js';

/**
 * Fingerprint of the run-wide inputs every frame depends on: the calibration file's content, each mask file (name
 * relative to `mask_dir`, {@link fileFingerprint}) and the code of the config's plugins (a path plugin's file, a
 * package plugin's version: {@link pluginCodeFingerprint}). It is part of the key `run.json` skips finished frames by,
 * so editing `calibration.json` (say `water_z`) or a lab's plugin stage redoes the frames, while moving the project
 * does not.
 */
export async function runInputsFingerprint(config: AquamvsConfig, configDir: string): Promise<string> {
  const hash = createHash('sha256');
  if (config.plugins.length > 0) hash.update(`plugins\0${await pluginCodeFingerprint(config.plugins, configDir, [CLI_INSTALL_DIR])}\n`);
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
