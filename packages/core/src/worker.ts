/**
 * `@aquamvs/core/worker`: what code running in worker threads needs from core — its error type, the file-name check
 * and the worker helpers — without the engine, config schema and plugin registry that `@aquamvs/core` loads (~230 ms
 * a thread on the 2-core VM; this entry loads in ~15 ms). The stages' worker modules, and `@aquamvs/geometry`, which
 * they all load, import from here. The main entry exports all of it too.
 */
export { AquamvsError, inputInvalid } from './errors.js';
export type { AquamvsErrorOptions } from './errors.js';
export { assertSafeFileName } from './safe-name.js';
export { collectWorkerGarbage, releaseWorkerThread } from './worker-garbage.js';
export type { ReleaseTask } from './worker-garbage.js';
export { cloneableWorkerError } from './worker-support.js';
export { timeWork } from './work-timing.js';
export { instantiateKernels } from './wasm-kernels.js';
export type { TimedValue, WorkTiming } from './work-timing.js';
