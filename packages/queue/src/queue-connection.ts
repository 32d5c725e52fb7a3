import type { ConnectionOptions } from 'bullmq';
import { queueUrlInvalid } from './errors.js';

/** Default BullMQ queue name of aquamvs frame jobs. */
const DEFAULT_QUEUE_NAME = 'aquamvs-frames';

/** Where the queue lives: a Redis connection and a queue name. */
export interface QueueTarget {
  /** `redis://[user:password@]host:port[/db]` as given (for messages). */
  readonly url: string;
  readonly connection: ConnectionOptions;
  readonly queueName: string;
}

/**
 * Parses `redis://[user:password@]HOST:PORT[/DB]` (or `rediss://` for TLS) into BullMQ connection options.
 * @example
 * const target = queueTarget('redis://10.0.0.5:6379');
 */
export function queueTarget(url: string, queueName: string = DEFAULT_QUEUE_NAME): QueueTarget {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw queueUrlInvalid(url, 'redis://HOST:PORT[/DB]');
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') throw queueUrlInvalid(url, 'the scheme redis:// or rediss://');
  if (parsed.hostname === '') throw queueUrlInvalid(url, 'a host name: redis://HOST:PORT');
  const port = parsed.port === '' ? 6379 : Number(parsed.port);
  const dbText = parsed.pathname.replace(/^\//, '');
  const db = dbText === '' ? 0 : Number(dbText);
  if (!Number.isInteger(db) || db < 0) throw queueUrlInvalid(url, `a database number after the port, got '/${dbText}'`);
  if (queueName === '' || queueName.includes(':')) throw queueUrlInvalid(url, `a queue name without ':', got '${queueName}'`);
  const connection: ConnectionOptions = {
    host: parsed.hostname.replace(/^\[|\]$/g, ''),
    port,
    db,
    ...(parsed.username ? { username: decodeURIComponent(parsed.username) } : {}),
    ...(parsed.password ? { password: decodeURIComponent(parsed.password) } : {}),
    ...(parsed.protocol === 'rediss:' ? { tls: {} } : {}),
    maxRetriesPerRequest: null,
  };
  return { url, connection, queueName };
}
