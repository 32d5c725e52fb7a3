import { access, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Logger } from '@aquamvs/core';
import { readImage } from '@aquamvs/io';

/** A camera a mask is looked up for. */
export interface MaskCamera {
  readonly name: string;
  readonly imageSize: readonly [number, number];
}

/**
 * Loads ROI masks `{maskDir}/{camera}.png` (spec §3.14) as grey W×H planes (non-zero = keep). No directory
 * configured ⇒ none; a missing directory ⇒ a warning and none; a missing file ⇒ no mask for that camera; an
 * unreadable file or one whose size differs from the calibration ⇒ a warning naming the file, and no mask.
 */
export async function loadMasks(maskDir: string | null, cameras: readonly MaskCamera[], log: Logger): Promise<Map<string, Uint8Array>> {
  const masks = new Map<string, Uint8Array>();
  if (maskDir === null || maskDir === '') return masks;
  const dir = resolve(maskDir);
  const isDir = await stat(dir).then(
    (s) => s.isDirectory(),
    () => false,
  );
  if (!isDir) {
    log.warn(`mask_dir ${dir} does not exist or is not a directory; no masks are applied`);
    return masks;
  }
  for (const camera of cameras) {
    const file = join(dir, `${camera.name}.png`);
    const exists = await access(file).then(
      () => true,
      () => false,
    );
    if (!exists) continue;
    try {
      const image = await readImage(file, { channels: 1 });
      const [w, h] = camera.imageSize;
      if (image.width !== w || image.height !== h) {
        log.warn(`mask ${file} is ${image.width}×${image.height}, but camera '${camera.name}' is ${w}×${h}; mask ignored`);
        continue;
      }
      masks.set(camera.name, image.data as Uint8Array);
    } catch (error) {
      log.warn(`mask ${file} cannot be read (${error instanceof Error ? error.message : String(error)}); mask ignored`);
    }
  }
  return masks;
}
