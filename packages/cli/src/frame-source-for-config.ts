import { assertSafeFileName, inputInvalid, type AquamvsConfig, type FrameSource, type Logger } from '@aquamvs/core';
import { openFrameSource } from '@aquamvs/io';

/** Opens the image directories or videos of `camera_input_map` (input type detected per spec §2.9). */
export async function openConfiguredFrameSource(config: AquamvsConfig, log: Logger): Promise<FrameSource> {
  const inputs = config.camera_input_map;
  if (Object.keys(inputs).length === 0) {
    throw inputInvalid('camera_input_map is empty: map each camera name to its video file or image directory');
  }
  assertSafeCameraNames(config);
  return openFrameSource(inputs, { onWarning: (message) => log.warn(message) });
}

/** Camera names become file names in every frame folder: checked before anything else reads them. */
export function assertSafeCameraNames(config: AquamvsConfig): void {
  for (const camera of Object.keys(config.camera_input_map)) assertSafeFileName('camera', camera);
}
