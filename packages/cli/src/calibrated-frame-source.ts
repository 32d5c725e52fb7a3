import type { Frame, FrameImage, FrameSource } from '@aquamvs/core';
import type { Calibration } from '@aquamvs/geometry';

/**
 * Wraps a frame source so an image whose size differs from its camera's calibrated `image_size` counts as missing
 * (with the sizes as the reason): the engine then fails that frame, or drops the camera when
 * `preprocessing.min_cameras` allows, and records it in `run.json`, instead of a stage deciding alone.
 */
export function withCalibratedSizes(source: FrameSource, calibration: Calibration): FrameSource {
  return {
    cameras: source.cameras,
    frameCount: source.frameCount,
    close: () => source.close(),
    ...(source.fingerprint === undefined ? {} : { fingerprint: source.fingerprint.bind(source) }),
    async *frames(indices: readonly number[]): AsyncIterable<Frame> {
      for await (const frame of source.frames(indices)) yield checkSizes(frame, calibration);
    },
  };
}

function checkSizes(frame: Frame, calibration: Calibration): Frame {
  const missing = new Map(frame.missing ?? []);
  const images = new Map<string, FrameImage>();
  for (const [camera, image] of frame.images) {
    const expected = calibration.cameras[camera]?.imageSize;
    if (expected !== undefined && (image.width !== expected[0] || image.height !== expected[1])) {
      missing.set(camera, `image is ${image.width}×${image.height} but the calibrated image_size is ${expected[0]}×${expected[1]}`);
    } else images.set(camera, image);
  }
  return missing.size === 0 ? frame : { index: frame.index, images, missing };
}
