import { copyFile, mkdir, readFile, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { inputInvalid } from '@aquamvs/core';
import { modelChecksum } from '../errors.js';
import { downloadToPart, sha256Of, type DownloadProgress } from './download.js';
import { assertModelName, installModel, PARTIAL_DIR, type InstalledModel } from './model-store.js';
import { readOnnxContract } from './onnx-contract.js';

/** Options of {@link addModel}. */
export interface AddModelOptions {
  readonly dir: string;
  readonly name: string;
  /** An `http(s)://` URL or a file path. */
  readonly source: string;
  /** Expected SHA-256 (hex); the install fails when the file differs. */
  readonly sha256?: string;
  readonly onProgress?: DownloadProgress;
}

const isUrl = (source: string): boolean => /^https?:\/\//i.test(source);

/**
 * Fetches (with resume) or copies a model, verifies its checksum, checks that onnxruntime loads it and reads its
 * contract, then installs it atomically. A failed check leaves nothing behind; only an interrupted download keeps
 * its partial file, for the next attempt to resume.
 */
export async function addModel(options: AddModelOptions): Promise<{ path: string; info: InstalledModel }> {
  const { dir, name } = options;
  assertModelName(name);
  const expected = options.sha256?.toLowerCase();
  if (expected !== undefined && !/^[0-9a-f]{64}$/.test(expected)) throw inputInvalid(`--sha256 '${options.sha256}' is not 64 hex digits`);
  const part = join(dir, PARTIAL_DIR, `${name}.part`);
  const source = isUrl(options.source) ? options.source : resolve(options.source);
  if (isUrl(source)) await downloadToPart(source, part, options.onProgress ?? (() => undefined));
  else {
    await mkdir(join(dir, PARTIAL_DIR), { recursive: true });
    await copyFile(source, part).catch((error: unknown) => {
      const { code, message } = error as NodeJS.ErrnoException;
      throw inputInvalid(code === 'ENOENT' ? `model file not found: ${source}` : `cannot read model file ${source}: ${message}`);
    });
  }
  try {
    const sha256 = await sha256Of(part);
    if (expected !== undefined && sha256 !== expected) throw modelChecksum(source, expected, sha256);
    const bytes = await readFile(part);
    const contract = await readOnnxContract(bytes, source);
    const info: InstalledModel = { name, source, sha256, bytes: bytes.byteLength, contract, installedAt: new Date().toISOString() };
    return { path: await installModel(dir, part, info), info };
  } finally {
    await rm(part, { force: true });
  }
}
