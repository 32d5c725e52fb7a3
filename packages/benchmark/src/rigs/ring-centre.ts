import type { Calibration } from '@aquamvs/geometry';

/** XY centre of the ring cameras (of every camera when the calibration names no ring): where the scenes put relief. */
export function ringCentre(calibration: Calibration): [number, number] {
  const ring = calibration.ringCameras.length > 0 ? calibration.ringCameras : Object.keys(calibration.cameras);
  let cx = 0;
  let cy = 0;
  for (const name of ring) {
    const c = calibration.cameraCenter(name);
    cx += c[0] / ring.length;
    cy += c[1] / ring.length;
  }
  return [cx, cy];
}
