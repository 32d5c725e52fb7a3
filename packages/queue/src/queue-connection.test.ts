import { describe, expect, it } from 'vitest';
import { queueTarget } from './queue-connection.js';

describe('queueTarget', () => {
  it('reads host, port, database and credentials from a redis URL', () => {
    const target = queueTarget('redis://user:p%40ss@10.0.0.5:6380/2', 'frames');
    expect(target.connection).toMatchObject({ host: '10.0.0.5', port: 6380, db: 2, username: 'user', password: 'p@ss' });
    expect(target.queueName).toBe('frames');
    expect(queueTarget('redis://localhost').connection).toMatchObject({ host: 'localhost', port: 6379, db: 0 });
  });

  it('rejects other schemes, bad databases and queue names with a colon', () => {
    expect(() => queueTarget('http://localhost:6379')).toThrow(/AQM_ERR_QUEUE_URL_INVALID|redis:\/\//);
    expect(() => queueTarget('redis://localhost:6379/x')).toThrow(/database number/);
    expect(() => queueTarget('redis://localhost:6379', 'a:b')).toThrow(/without ':'/);
  });
});

describe('connectQueue', () => {
  it('fails fast with AQM_ERR_QUEUE_CONNECT when nothing listens on the port', async () => {
    const { createServer } = await import('node:net');
    const port = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const address = server.address();
        server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
      });
    });
    const { connectQueue } = await import('./open-queue.js');
    const failure = connectQueue(queueTarget(`redis://127.0.0.1:${port}`));
    await expect(failure).rejects.toMatchObject({ code: 'AQM_ERR_QUEUE_CONNECT' });
    await expect(failure).rejects.toThrow(/ECONNREFUSED/);
  });
});
