import { readFile } from 'node:fs/promises';
import { unzipSync, zipSync, type Zippable } from 'fflate';
import { writeFileAtomic } from './atomic-write.js';
import { npyFormat } from './errors.js';
import { decodeNpy, encodeNpy, type NpyArray } from './npy.js';

/** Options of {@link writeNpz}. */
export interface WriteNpzOptions {
  /** Deflate every entry like `numpy.savez_compressed` (default false: stored, like `numpy.savez`). */
  compress?: boolean;
}

/** A fixed entry time (the zip epoch), so the same arrays always give the same bytes. */
const REPRODUCIBLE_MTIME = new Date(1980, 0, 1);

/**
 * Encodes named arrays as an NPZ archive: a zip with one `<name>.npy` entry per array. The output is
 * byte-reproducible: entries carry a fixed time instead of the current one.
 */
export function encodeNpz(arrays: Readonly<Record<string, NpyArray>>, options: WriteNpzOptions = {}): Uint8Array {
  const level = options.compress ? 6 : 0;
  const entries: Zippable = {};
  for (const [name, array] of Object.entries(arrays)) {
    entries[`${name}.npy`] = [encodeNpy(array.data, array.shape), { level, mtime: REPRODUCIBLE_MTIME }];
  }
  return zipSync(entries);
}

/** Decodes an NPZ archive into its arrays, keyed by entry name without `.npy`. */
export function decodeNpz(buffer: Uint8Array, source = 'NPZ buffer'): Record<string, NpyArray> {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(buffer);
  } catch (error) {
    throw npyFormat(source, `not a zip archive (${error instanceof Error ? error.message : String(error)})`);
  }
  const out: Record<string, NpyArray> = {};
  for (const [entry, bytes] of Object.entries(files)) {
    const name = entry.endsWith('.npy') ? entry.slice(0, -4) : entry;
    out[name] = decodeNpy(bytes, `${source}:${entry}`);
  }
  return out;
}

/** Writes named arrays to `path` as `.npz` (atomic), readable by `numpy.load`. */
export async function writeNpz(path: string, arrays: Readonly<Record<string, NpyArray>>, options: WriteNpzOptions = {}): Promise<string> {
  return writeFileAtomic(path, encodeNpz(arrays, options));
}

/** Reads a `.npz` written by numpy (`savez` / `savez_compressed`) or by {@link writeNpz}. */
export async function readNpz(path: string): Promise<Record<string, NpyArray>> {
  return decodeNpz(await readFile(path), path);
}
