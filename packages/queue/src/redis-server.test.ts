import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startRedisServer } from './redis-server.js';

describe('startRedisServer', () => {
  it('fails with AQM_ERR_QUEUE_REDIS_START naming the binary when it cannot be started', async () => {
    const binary = join(tmpdir(), 'aqm-no-such-redis-server');
    await expect(startRedisServer(binary)).rejects.toMatchObject({
      code: 'AQM_ERR_QUEUE_REDIS_START',
      message: `cannot start ${binary}: spawn ${binary} ENOENT (install it with apt-get install -y redis-server)`,
    });
  });
});
