/**
 * Entry of a slot's frame thread: hosts the slot's prepared runs (one {@link FrameSession} per run key) and runs
 * their stages on request, so the worker's main thread only talks to Redis and the stages never block it.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openFrameSession, type FrameSession, type OpenRunEnvironment } from './frame-session.js';
import { threadLogger, toThreadError, type ComputedFrame, type SlotReply, type SlotRequest, type SlotThreadData } from './slot-protocol.js';
import { processScopedName } from './staging.js';

const port = parentPort;
if (port === null) throw new Error('frame-thread.js runs only as a worker thread');
const data = workerData as SlotThreadData;
const post = (reply: SlotReply): void => port.postMessage(reply);
const log = threadLogger(post);
const sessions = new Map<string, FrameSession>();

async function importEnvironment(): Promise<OpenRunEnvironment> {
  const module = (await import(data.environmentModule)) as { openRunEnvironment?: unknown };
  if (typeof module.openRunEnvironment !== 'function') {
    throw new Error(`${data.environmentModule} does not export a function openRunEnvironment(spec, log, options)`);
  }
  return module.openRunEnvironment as OpenRunEnvironment;
}

let openEnvironment: OpenRunEnvironment;
try {
  openEnvironment = await importEnvironment();
  post({ kind: 'ready' });
} catch (error) {
  post({ kind: 'fatal', error: toThreadError(error) });
  throw error;
}

async function sessionFor(request: Extract<SlotRequest, { kind: 'process' }>): Promise<FrameSession> {
  const existing = sessions.get(request.spec.runKey);
  if (existing !== undefined) return existing;
  const sessionLog = log.child(`run ${request.spec.runKey}`);
  const environment = await openEnvironment(request.spec, sessionLog, data.environmentOptions);
  const session = openFrameSession({
    spec: request.spec,
    environment,
    name: processScopedName(`s${data.slot}`),
    log: sessionLog,
    ...(data.profile ? { profile: data.profile } : {}),
  });
  sessions.set(request.spec.runKey, session);
  return session;
}

async function release(runKey: string): Promise<void> {
  const session = sessions.get(runKey);
  if (session === undefined) return;
  sessions.delete(runKey);
  await session.close();
}

function opened(runKey: string): FrameSession {
  const session = sessions.get(runKey);
  if (session === undefined) throw new Error(`run ${runKey} is not open in slot ${data.slot}`);
  return session;
}

async function handle(request: SlotRequest): Promise<ComputedFrame | boolean | null> {
  switch (request.kind) {
    case 'process': {
      const session = await sessionFor(request);
      const outcome = await session.process(request.frame);
      const broken = session.broken !== undefined;
      if (broken) await release(request.spec.runKey);
      return {
        frame: outcome.frame,
        status: outcome.status,
        durationMs: outcome.durationMs,
        broken,
        ...(outcome.record === undefined ? {} : { record: outcome.record }),
        ...(outcome.error ? { error: toThreadError(outcome.error) } : {}),
      };
    }
    case 'publish':
      return opened(request.runKey).publish(request.frame);
    case 'discard':
      await opened(request.runKey).discard(request.frame);
      return null;
    case 'release':
      await release(request.runKey);
      return null;
    case 'close':
      for (const runKey of [...sessions.keys()]) {
        await release(runKey).catch((error: unknown) => log.error(`closing run ${runKey}: ${toThreadError(error).message}`));
      }
      return null; // the main thread terminates this thread once it has the reply
  }
}

port.on('message', (request: SlotRequest) => {
  handle(request).then(
    (value) => post({ id: request.id, kind: 'result', value }),
    (error: unknown) => post({ id: request.id, kind: 'error', error: toThreadError(error) }),
  );
});
