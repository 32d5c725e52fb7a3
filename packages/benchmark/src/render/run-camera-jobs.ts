import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { CameraJob } from './camera-job.js';
import { computeGroundTruth, type GroundTruth } from './ground-truth.js';
import { renderCameraImage, type RenderedImage } from './render-camera.js';

/** What a camera job computes. */
export type CameraJobKind = 'image' | 'groundTruth';

/** Result type of each {@link CameraJobKind}. */
export interface CameraJobResults {
  image: RenderedImage;
  groundTruth: GroundTruth;
}

/** Options of {@link runCameraJobs}. */
export interface RunCameraJobsOptions {
  /** Worker threads; 0 or 1 runs in this thread. @default min(jobs, available cores) */
  workers?: number;
  /** Called as each camera finishes (in completion order). */
  onDone?: (index: number, camera: string) => void;
}

const WORKER_URL = new URL('./render-worker.js', import.meta.url);

/** True where the compiled worker script exists (from `dist`; not when running TypeScript sources in tests). */
export function workersAvailable(): boolean {
  return WORKER_URL.protocol === 'file:' && existsSync(fileURLToPath(WORKER_URL));
}

function runInThread<K extends CameraJobKind>(kind: K, job: CameraJob): CameraJobResults[K] {
  return (kind === 'image' ? renderCameraImage(job) : computeGroundTruth(job)) as CameraJobResults[K];
}

/**
 * Runs one job per camera, in parallel over worker threads (one camera per task, results in job order).
 * Falls back to this thread when workers are unavailable or `workers ≤ 1`.
 */
export async function runCameraJobs<K extends CameraJobKind>(
  kind: K,
  jobs: readonly CameraJob[],
  options: RunCameraJobsOptions = {},
): Promise<CameraJobResults[K][]> {
  const count = Math.min(jobs.length, options.workers ?? availableParallelism());
  const results: CameraJobResults[K][] = new Array<CameraJobResults[K]>(jobs.length);
  if (count <= 1 || !workersAvailable()) {
    for (let i = 0; i < jobs.length; i++) {
      results[i] = runInThread(kind, jobs[i]);
      options.onDone?.(i, jobs[i].camera.name);
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    return results;
  }
  const workers = Array.from({ length: count }, () => new Worker(WORKER_URL));
  let next = 0;
  try {
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            const feed = (): void => {
              if (next >= jobs.length) {
                resolve();
                return;
              }
              const id = next++;
              worker.postMessage({ id, kind, job: jobs[id] });
            };
            worker.on('message', (message: { id: number; result?: CameraJobResults[K]; error?: string }) => {
              if (message.error !== undefined || message.result === undefined) {
                reject(new Error(`render worker failed on camera ${jobs[message.id].camera.name}: ${message.error ?? 'no result'}`));
                return;
              }
              results[message.id] = message.result;
              options.onDone?.(message.id, jobs[message.id].camera.name);
              feed();
            });
            worker.on('error', reject);
            feed();
          }),
      ),
    );
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results;
}
