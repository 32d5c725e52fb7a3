import type { Frame } from '../frame-source.js';

/** Cameras of the source that have no image in `frame`, each with the source's reason (or a generic one). */
export function missingCameras(frame: Frame, cameras: readonly string[]): Map<string, string> {
  const missing = new Map<string, string>();
  for (const camera of cameras) {
    if (!frame.images.has(camera)) missing.set(camera, frame.missing?.get(camera) ?? 'the frame source returned none');
  }
  return missing;
}
