import { createConnection } from 'node:net';

/**
 * Opens a TCP connection to a Redis server and sends `PING`; resolves with the first reply line (`+PONG`, or an
 * error such as `-NOAUTH` from a server that wants a password), rejects when nothing listens or answers in time.
 * With `tls`, only the TCP connection is checked (resolves with '').
 */
export function probeRedis(host: string, port: number, timeoutMs: number, tls = false): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ host, port }, () => {
      if (!tls) return void socket.write('PING\r\n');
      socket.destroy();
      resolve('');
    });
    socket.setTimeout(timeoutMs);
    socket.once('data', (data) => {
      socket.destroy();
      resolve(data.toString().split('\r\n')[0]);
    });
    socket.once('error', (error) => {
      socket.destroy();
      reject(error);
    });
    socket.once('timeout', () => {
      socket.destroy();
      reject(new Error(`no answer within ${timeoutMs / 1000} s`));
    });
  });
}
