import { FRAME_SOURCE, type AquamvsPlugin } from '@aquamvs/core';
import { openConfiguredFrameSource } from './frame-source-for-config.js';

/**
 * The CLI's frame source as a service: the image folders or videos of `camera_input_map`, registered under
 * `FRAME_SOURCE`. A config plugin loaded later registers its own opener there to read a lab's own camera format.
 */
export function frameSourcePlugin(): AquamvsPlugin {
  return {
    name: '@aquamvs/cli',
    register(container) {
      container.register(FRAME_SOURCE, { useValue: openConfiguredFrameSource });
    },
  };
}
