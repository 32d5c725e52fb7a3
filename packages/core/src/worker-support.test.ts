import { describe, expect, it } from 'vitest';
import { AquamvsError } from './errors.js';
import { cloneableWorkerError, reviveWorkerError, workerScriptUrl } from './worker-support.js';

describe('worker error round trip', () => {
  it('keeps the AquamvsError code through structured cloning', () => {
    const cloned = structuredClone(cloneableWorkerError(new AquamvsError('AQM_ERR_DEPTH_IMAGE_SIZE', 'too big')));
    expect(() => reviveWorkerError(cloned)).toThrow(expect.objectContaining({ code: 'AQM_ERR_DEPTH_IMAGE_SIZE', message: 'too big' }));
  });

  it('gives plain errors the stage-failed code and lets non-worker errors pass', () => {
    const cloned = structuredClone(cloneableWorkerError(new RangeError('index out of range')));
    expect(() => reviveWorkerError(cloned)).toThrow(expect.objectContaining({ code: 'AQM_ERR_STAGE_FAILED' }));
    const plain = new Error('thread terminated');
    expect(() => reviveWorkerError(plain)).toThrow(plain);
  });

  it('finds no script that was never built', () => {
    expect(workerScriptUrl(import.meta.url, 'no-such-worker.js')).toBeNull();
  });
});
