import { readFile } from 'node:fs/promises';
import type { Logger } from '@aquamvs/core';
import type * as OrtModule from 'onnxruntime-node';
import type { InferenceSession } from 'onnxruntime-node';
import { modelInvalid, onnxruntimeMissing } from '../errors.js';

/** The onnxruntime-node module. */
export type Ort = typeof OrtModule;
let ortModule: Promise<Ort> | undefined;

/** True for the import error of a package that is not installed at all (not for a broken install of it). */
const isNotInstalled = (error: unknown, name: string): boolean =>
  error instanceof Error && (error as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND' && error.message.includes(`'${name}'`);

/**
 * onnxruntime-node is an optional peer dependency (288 MB, and its install script downloads from outside the npm
 * registry), loaded on first use: the classic pathways never need it. `needer` names what asked for it (a config key or
 * a command) in `AQM_ERR_MATCHING_ONNXRUNTIME_MISSING` when it is not installed.
 */
export function loadOrt(needer: string): Promise<Ort> {
  ortModule ??= import('onnxruntime-node').catch((error: unknown) => {
    ortModule = undefined; // installing it later in the same process (a long-lived worker) then works
    throw isNotInstalled(error, 'onnxruntime-node') ? onnxruntimeMissing(needer) : error;
  });
  return ortModule;
}

/** First line of an error's message (onnxruntime errors span many lines). */
const firstLine = (error: unknown): string => (error instanceof Error ? error.message : String(error)).split('\n')[0].trim();
/** `[1,3,H,W]`. */
export const dimsText = (dims: readonly (number | string)[]): string => `[${dims.join(',')}]`;

/** Options of {@link createOnnxSession}. */
export interface OnnxSessionOptions {
  /** Config key that named the file (used in messages). */
  readonly key: string;
  /** What the file should be, e.g. `a RoMa ONNX model file`. */
  readonly what: string;
  /** `cuda` is tried first and falls back to `cpu` with a warning (onnxruntime-node throws instead). @default 'cpu' */
  readonly executionProvider?: 'cpu' | 'cuda';
  readonly log?: Logger;
}

/** A created session and the provider it runs on. */
export interface OnnxSession {
  readonly ort: Ort;
  readonly session: InferenceSession;
  readonly provider: 'cpu' | 'cuda';
}

/**
 * Reads an ONNX file and creates its session; throws `AQM_ERR_MATCHING_MODEL_INVALID` naming the key, the file and
 * what was expected when the file cannot be read or loaded. A failing CUDA provider falls back to the CPU.
 */
export async function createOnnxSession(path: string, options: OnnxSessionOptions): Promise<OnnxSession> {
  const { key, what } = options;
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw modelInvalid(path, `cannot read the file (${firstLine(error)})`, what, key);
  }
  const ort = await loadOrt(key);
  const { InferenceSession } = ort;
  let provider = options.executionProvider ?? 'cpu';
  let session: InferenceSession | undefined;
  if (provider === 'cuda') {
    try {
      session = await InferenceSession.create(bytes, { executionProviders: ['cuda'], logSeverityLevel: 4 });
    } catch (error) {
      options.log?.warn(`${key} '${path}': CUDA execution provider unavailable (${firstLine(error)}); using the CPU`);
      provider = 'cpu';
    }
  }
  try {
    session ??= await InferenceSession.create(bytes, { executionProviders: ['cpu'] });
  } catch (error) {
    throw modelInvalid(path, `not a loadable ONNX model (${firstLine(error)})`, what, key);
  }
  return { ort, session, provider };
}
