import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { AquamvsError } from './errors.js';

/**
 * URL of a compiled worker script `fileName` next to the calling module (in `dist/`), or at the same place in the
 * package's `dist/` when the caller runs from `src/` under a test runner. Returns null when neither exists (not built).
 * @example startWorkerThreads(workerScriptUrl(import.meta.url, 'sweep-worker.js'), 2)
 */
export function workerScriptUrl(moduleUrl: string, fileName: string): URL | null {
  const sibling = new URL(`./${fileName}`, moduleUrl);
  if (existsSync(fileURLToPath(sibling))) return sibling;
  const at = sibling.href.lastIndexOf('/src/');
  if (at < 0) return null;
  const built = new URL(`${sibling.href.slice(0, at)}/dist/${sibling.href.slice(at + 5)}`);
  return existsSync(fileURLToPath(built)) ? built : null;
}

/**
 * The form of an error thrown inside a worker thread that survives structured cloning: an `Error` whose `cause`
 * holds the `AquamvsError` code (`AQM_ERR_STAGE_FAILED` for other errors), since cloning drops an error's own `code`.
 * Throw it from the worker's task function; {@link reviveWorkerError} turns it back on the calling side.
 */
export function cloneableWorkerError(error: unknown): Error {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  return new Error(message, { cause: { code: typeof code === 'string' ? code : 'AQM_ERR_STAGE_FAILED' } });
}

/** Rethrows a worker's error (see {@link cloneableWorkerError}) as an `AquamvsError`; other errors pass through. */
export function reviveWorkerError(reason: unknown): never {
  const code = (reason as { cause?: { code?: unknown } } | null)?.cause?.code;
  if (reason instanceof Error && typeof code === 'string') throw new AquamvsError(code, reason.message);
  throw reason;
}
