import { describe, expect, it } from 'vitest';
import { SequentialWrites } from './sequential-writes.js';

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('SequentialWrites', () => {
  it('runs writes one at a time, in the order they were added', async () => {
    const writes = new SequentialWrites();
    const log: string[] = [];
    let running = 0;
    let most = 0;
    for (const name of ['a', 'b', 'c']) {
      writes.add(async () => {
        running++;
        most = Math.max(most, running);
        await tick();
        log.push(name);
        running--;
      });
    }
    await writes.done();
    expect(log).toEqual(['a', 'b', 'c']);
    expect(most).toBe(1);
  });

  it('keeps the first failure for done(), skips the writes after it and leaves no unhandled rejection', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const writes = new SequentialWrites();
      const ran: string[] = [];
      writes.add(() => {
        ran.push('a');
        return Promise.resolve();
      });
      writes.add(() => Promise.reject(new Error('disk full')));
      writes.add(() => {
        ran.push('c');
        return Promise.resolve();
      });
      // Other work goes on for several turns of the event loop before anyone waits for the writes.
      for (let i = 0; i < 5; i++) await tick();
      await writes.settled();
      await expect(writes.done()).rejects.toThrow('disk full');
      expect(ran).toEqual(['a']);
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
