import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { queueRedisStart } from './errors.js';
import { probeRedis } from './redis-probe.js';

/** A `redis-server` started by {@link startRedisServer}. */
export interface LocalRedis {
  readonly url: string;
  readonly port: number;
  /** Stops the server (SIGTERM, then SIGKILL after 2 s). */
  stop(): Promise<void>;
}

/** True when `redis-server` (or `binary`) can be run on this machine. */
export function redisServerAvailable(binary = 'redis-server'): boolean {
  return spawnSync(binary, ['--version'], { stdio: 'ignore' }).status === 0;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

const ping = (port: number): Promise<boolean> =>
  probeRedis('127.0.0.1', port, 500).then(
    (reply) => reply === '+PONG',
    () => false,
  );

/**
 * Starts a throw-away `redis-server` on loopback and a free port, without persistence (for tests, benchmarks and
 * single-machine use). Needs the Debian package: `apt-get install -y redis-server`.
 * @example
 * const redis = await startRedisServer();
 * // … aquamvs worker --queue ${redis.url}
 * await redis.stop();
 */
export async function startRedisServer(binary = 'redis-server'): Promise<LocalRedis> {
  const port = await freePort();
  const child: ChildProcess = spawn(binary, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: 'ignore',
  });
  let exit: Error | undefined;
  child.once('error', (error) => {
    exit = error;
  });
  child.once('exit', (code) => {
    exit ??= new Error(`exited with code ${String(code)}`);
  });
  const deadline = Date.now() + 10_000;
  while (!(await ping(port))) {
    if (exit !== undefined || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw queueRedisStart(binary, exit ?? new Error(`no answer on port ${port} within 10 s`));
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) {
          resolve();
          return;
        }
        const timer = setTimeout(() => child.kill('SIGKILL'), 2000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}
