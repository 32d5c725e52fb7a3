import { readFile } from 'node:fs/promises';
import type { Logger } from '@aquamvs/core';
import type * as OrtModule from 'onnxruntime-node';
import type { InferenceSession } from 'onnxruntime-node';
import { modelInvalid } from '../errors.js';

/** The onnxruntime-node module. */
export type Ort = typeof OrtModule;
let ortModule: Promise<Ort> | undefined;
/** onnxruntime-node is loaded on first use, so the classic pathways never load the native binding. */
const loadOrt = (): Promise<Ort> => (ortModule ??= import('onnxruntime-node'));

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
  const ort = await loadOrt();
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
