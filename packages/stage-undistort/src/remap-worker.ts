import { parentPort } from 'node:worker_threads';
import type { Undistortion } from '@aquamvs/geometry';
import type { RemapReply, RemapRequest } from './remap-pool.js';
import { undistortImage } from './undistort-image.js';

/** Worker entry of the remap pool: the run's maps once, then one camera image per message. */
const port = parentPort;
let maps: Record<string, Undistortion> = {};
if (port !== null) {
  port.on('message', (message: RemapRequest) => {
    if ('maps' in message) {
      maps = message.maps;
      return;
    }
    try {
      const undistortion = maps[message.camera];
      if (undistortion === undefined) throw new Error(`no undistortion maps for camera '${message.camera}'`);
      port.postMessage({ id: message.id, image: undistortImage(message.camera, message.image, undistortion) } satisfies RemapReply);
    } catch (error) {
      const e = error instanceof Error ? { message: error.message, code: (error as { code?: string }).code } : { message: String(error) };
      port.postMessage({ id: message.id, error: e } satisfies RemapReply);
    }
  });
}
