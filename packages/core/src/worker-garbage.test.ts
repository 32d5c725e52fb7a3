import { setImmediate as tick } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { collectWorkerGarbage, releaseWorkerThread } from './worker-garbage.js';

/** A weak reference to a buffer nothing else holds, made in its own call so no local keeps it. */
const unreferencedBuffer = (): WeakRef<SharedArrayBuffer> => new WeakRef(new SharedArrayBuffer(1024));

describe('collectWorkerGarbage', () => {
  it('collects an unreachable shared buffer, then waits minIntervalMs before collecting again', async () => {
    const first = unreferencedBuffer();
    await tick();
    collectWorkerGarbage(0);
    expect(first.deref()).toBeUndefined();
    const second = unreferencedBuffer();
    await tick();
    collectWorkerGarbage(60_000);
    expect(second.deref()).toBeInstanceOf(SharedArrayBuffer);
  });
});

describe('releaseWorkerThread', () => {
  it('drops the state it is given, counts itself on the barrier and collects what the state held', async () => {
    let state: { buffer: SharedArrayBuffer } | undefined = { buffer: new SharedArrayBuffer(1024) };
    const held = new WeakRef(state.buffer);
    await tick();
    const barrier = new Int32Array(new SharedArrayBuffer(4));
    releaseWorkerThread({ barrier, threads: 1 }, () => {
      state = undefined;
    });
    expect(state).toBeUndefined();
    expect(barrier[0]).toBe(1);
    expect(held.deref()).toBeUndefined();
  });
});
