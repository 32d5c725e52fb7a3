import { access, readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { readImage } from '@aquamvs/io';
import { maskInvalid } from '../errors.js';

/** A camera a mask is looked up for. */
export interface MaskCamera {
  readonly name: string;
  readonly imageSize: readonly [number, number];
}

/**
 * Loads ROI masks `{maskDir}/{camera}.png` (spec §3.14) as grey W×H planes (non-zero = keep). No directory
 * configured ⇒ none; a missing file ⇒ no mask for that camera (masks may cover only some cameras). A directory
 * that does not exist, holds no mask of any camera, or a mask that cannot be read or whose size differs from the
 * calibration throws `AQM_ERR_MATCHING_MASK` naming it: the reference warns and runs without the mask, which gives
 * depths and points where the user excluded them (a tank wall, the fish) with exit 0.
 * @example
 * const masks = await loadMasks('masks', [{ name: 'cam0', imageSize: [1600, 1200] }]);
 */
export async function loadMasks(maskDir: string | null, cameras: readonly MaskCamera[]): Promise<Map<string, Uint8Array>> {
  const masks = new Map<string, Uint8Array>();
  if (maskDir === null || maskDir === '') return masks;
  const dir = resolve(maskDir);
  const isDir = await stat(dir).then(
    (s) => s.isDirectory(),
    () => false,
  );
  if (!isDir) throw maskInvalid(`mask_dir ${dir} does not exist or is not a directory (expected a directory of {camera}.png masks)`);
  for (const camera of cameras) {
    const file = join(dir, `${camera.name}.png`);
    const exists = await access(file).then(
      () => true,
      () => false,
    );
    if (!exists) continue;
    let image: Awaited<ReturnType<typeof readImage>>;
    try {
      image = await readImage(file, { channels: 1 });
    } catch (error) {
      throw maskInvalid(`mask ${file} cannot be read (${error instanceof Error ? error.message : String(error)}); expected a PNG`);
    }
    const [w, h] = camera.imageSize;
    if (image.width !== w || image.height !== h) {
      throw maskInvalid(
        `mask ${file} is ${image.width}×${image.height}, but camera '${camera.name}' is ${w}×${h} (masks are drawn on the undistorted images aquamvs export-refs writes)`,
      );
    }
    const data = image.data as Uint8Array;
    // An all-black mask leaves the camera nothing to add to any frame: an inverted or mis-saved mask, not a choice.
    if (!data.some((v) => v !== 0)) {
      throw maskInvalid(
        `mask ${file} keeps no pixel of camera '${camera.name}' (every value is 0; non-zero keeps a pixel, 0 masks it out): to reconstruct without the camera, leave it out of camera_input_map`,
      );
    }
    masks.set(camera.name, data);
  }
  if (masks.size === 0 && cameras.length > 0) {
    const found = (await readdir(dir)).filter((n) => n.toLowerCase().endsWith('.png')).slice(0, 3);
    throw maskInvalid(
      `mask_dir ${dir} has no mask of any input camera (expected {camera}.png of ${cameras.map((c) => c.name).join(', ')}; ${found.length === 0 ? 'it holds no PNG' : `it holds ${found.join(', ')}`})`,
    );
  }
  return masks;
}
