/**
 * Worker-thread entry: renders camera images and ground truth for {@link runCameraJobs}.
 * Messages in: `{ id, kind: 'image' | 'groundTruth', job }`; out: `{ id, result }` or `{ id, error }`.
 */
import { parentPort } from 'node:worker_threads';
import type { CameraJob } from './camera-job.js';
import { computeGroundTruth } from './ground-truth.js';
import { renderCameraImage } from './render-camera.js';

interface Request {
  id: number;
  kind: 'image' | 'groundTruth';
  job: CameraJob;
}

const port = parentPort;
if (port !== null) {
  port.on('message', (request: Request) => {
    try {
      if (request.kind === 'image') {
        const result = renderCameraImage(request.job);
        port.postMessage({ id: request.id, result }, [result.data.buffer as ArrayBuffer]);
      } else {
        const result = computeGroundTruth(request.job);
        port.postMessage({ id: request.id, result }, [result.depth.buffer as ArrayBuffer, result.points.buffer as ArrayBuffer]);
      }
    } catch (error) {
      port.postMessage({ id: request.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    }
  });
}
