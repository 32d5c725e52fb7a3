import { Worker } from 'node:worker_threads';

// Runs in its own thread, so it keeps sampling while a synchronous stage blocks the main event loop.
// Slot 0 of `peak` holds the highest RSS seen since the main thread last took it; `control[0] = 1` stops it.
const SAMPLER_SOURCE = `
const { workerData } = require('node:worker_threads');
const peak = new BigInt64Array(workerData.peak);
const control = new Int32Array(workerData.control);
while (Atomics.load(control, 0) === 0) {
  const rss = BigInt(process.memoryUsage.rss());
  let seen = Atomics.load(peak, 0);
  while (rss > seen) {
    const previous = Atomics.compareExchange(peak, 0, seen, rss);
    if (previous === seen) break;
    seen = previous;
  }
  Atomics.wait(control, 0, 0, workerData.intervalMs);
}
`;

/**
 * Samples the process RSS every `intervalMs` on a helper thread. `takePeak()` returns the highest RSS seen since
 * the previous call (0 when none) and starts a new window.
 */
export class RssPeakSampler {
  readonly #peak = new BigInt64Array(new SharedArrayBuffer(8));
  readonly #control = new Int32Array(new SharedArrayBuffer(4));
  readonly #worker: Worker;

  constructor(intervalMs: number) {
    this.#worker = new Worker(SAMPLER_SOURCE, {
      eval: true,
      workerData: { peak: this.#peak.buffer, control: this.#control.buffer, intervalMs },
      stdout: false,
      stderr: false,
      resourceLimits: { maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 4 },
    });
    this.#worker.unref();
    this.#worker.on('error', () => undefined);
  }

  takePeak(): number {
    return Number(Atomics.exchange(this.#peak, 0, 0n));
  }

  async close(): Promise<void> {
    Atomics.store(this.#control, 0, 1);
    Atomics.notify(this.#control, 0);
    await this.#worker.terminate();
  }
}
