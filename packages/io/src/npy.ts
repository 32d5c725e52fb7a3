import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from './atomic-write.js';
import { npyFormat, shapeMismatch } from './errors.js';

/** A typed array NPY can hold. */
export type NpyData =
  Float32Array | Float64Array | Int8Array | Int16Array | Int32Array | BigInt64Array | Uint8Array | Uint16Array | Uint32Array | BigUint64Array;

/** An n-d array in C (row-major) order. */
export interface NpyArray {
  readonly data: NpyData;
  readonly shape: readonly number[];
}

interface DtypeInfo {
  readonly code: string;
  readonly size: number;
  readonly make: (buffer: ArrayBuffer, offset: number, length: number) => NpyData;
}

/** numpy `descr` kind+size → typed array (byte order handled separately). */
const DTYPES: Record<string, DtypeInfo> = {
  f4: { code: 'f4', size: 4, make: (b, o, n) => new Float32Array(b, o, n) },
  f8: { code: 'f8', size: 8, make: (b, o, n) => new Float64Array(b, o, n) },
  i1: { code: 'i1', size: 1, make: (b, o, n) => new Int8Array(b, o, n) },
  i2: { code: 'i2', size: 2, make: (b, o, n) => new Int16Array(b, o, n) },
  i4: { code: 'i4', size: 4, make: (b, o, n) => new Int32Array(b, o, n) },
  i8: { code: 'i8', size: 8, make: (b, o, n) => new BigInt64Array(b, o, n) },
  u1: { code: 'u1', size: 1, make: (b, o, n) => new Uint8Array(b, o, n) },
  b1: { code: 'b1', size: 1, make: (b, o, n) => new Uint8Array(b, o, n) },
  u2: { code: 'u2', size: 2, make: (b, o, n) => new Uint16Array(b, o, n) },
  u4: { code: 'u4', size: 4, make: (b, o, n) => new Uint32Array(b, o, n) },
  u8: { code: 'u8', size: 8, make: (b, o, n) => new BigUint64Array(b, o, n) },
};

/** The numpy `descr` string written for a typed array (little endian). */
export function npyDescr(data: NpyData): string {
  if (data instanceof Float32Array) return '<f4';
  if (data instanceof Float64Array) return '<f8';
  if (data instanceof Int8Array) return '|i1';
  if (data instanceof Int16Array) return '<i2';
  if (data instanceof Int32Array) return '<i4';
  if (data instanceof BigInt64Array) return '<i8';
  if (data instanceof Uint8Array) return '|u1';
  if (data instanceof Uint16Array) return '<u2';
  if (data instanceof Uint32Array) return '<u4';
  return '<u8';
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
const ALIGN = 64;
/** numpy ≥1.23 leaves room so the first axis can grow in place (format.GROWTH_AXIS_MAX_DIGITS). */
const GROWTH_AXIS_MAX_DIGITS = 21;

function shapeRepr(shape: readonly number[]): string {
  if (shape.length === 1) return `(${shape[0]},)`;
  return `(${shape.join(', ')})`;
}

/**
 * Encodes an array as NPY format 1.0, byte-identical to `numpy.save` (numpy 1.24): little endian,
 * C order, header padded with spaces so the data starts on a 64-byte boundary.
 */
export function encodeNpy(data: NpyData, shape: readonly number[]): Uint8Array {
  const count = shape.reduce((a, b) => a * b, 1);
  if (shape.some((d) => !Number.isInteger(d) || d < 0) || count !== data.length) {
    throw shapeMismatch('encodeNpy', `shape [${shape.join(', ')}] holds ${count} values, the data has ${data.length}`);
  }
  let header = `{'descr': '${npyDescr(data)}', 'fortran_order': False, 'shape': ${shapeRepr(shape)}, }`;
  if (shape.length > 0) header += ' '.repeat(Math.max(0, GROWTH_AXIS_MAX_DIGITS - String(shape[0]).length));
  const pad = ALIGN - ((MAGIC.length + 2 + 2 + header.length + 1) % ALIGN);
  header += `${' '.repeat(pad)}\n`;
  if (header.length > 0xffff) throw shapeMismatch('encodeNpy', `header too long for NPY 1.0 (${header.length} bytes)`);
  const start = MAGIC.length + 4 + header.length;
  const out = new Uint8Array(start + data.byteLength);
  out.set(MAGIC, 0);
  out[6] = 1;
  out[7] = 0;
  out[8] = header.length & 0xff;
  out[9] = header.length >> 8;
  for (let i = 0; i < header.length; i++) out[10 + i] = header.charCodeAt(i);
  out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), start);
  return out;
}

function swapBytes(bytes: Uint8Array, size: number): void {
  for (let i = 0; i < bytes.length; i += size) {
    for (let a = i, b = i + size - 1; a < b; a++, b--) {
      const t = bytes[a];
      bytes[a] = bytes[b];
      bytes[b] = t;
    }
  }
}

/**
 * Decodes an NPY buffer (format 1.0, 2.0 or 3.0). Big-endian data is byte-swapped; the returned array is a
 * fresh copy, aligned, in C order. `source` names the file in error messages.
 */
export function decodeNpy(buffer: Uint8Array, source = 'NPY buffer'): NpyArray {
  if (buffer.length < 10 || MAGIC.some((m, i) => buffer[i] !== m)) throw npyFormat(source, 'missing \\x93NUMPY magic');
  const major = buffer[6];
  const view = new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  const lenBytes = major === 1 ? 2 : 4;
  if (major < 1 || major > 3) throw npyFormat(source, `unsupported format version ${major}.${buffer[7]}`);
  const headerLen = lenBytes === 2 ? view.getUint16(8, true) : view.getUint32(8, true);
  const headerStart = 8 + lenBytes;
  const header = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(buffer.subarray(headerStart, headerStart + headerLen));
  const descr = /'descr'\s*:\s*'([<>|=])([a-z]\d+)'/.exec(header);
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(header);
  const shapeMatch = /'shape'\s*:\s*\(([^)]*)\)/.exec(header);
  if (!descr || !fortran || !shapeMatch) throw npyFormat(source, `unreadable header ${JSON.stringify(header.trim())}`);
  const info = DTYPES[descr[2]];
  if (!info) throw npyFormat(source, `unsupported dtype '${descr[1]}${descr[2]}'`);
  if (fortran[1] === 'True') throw npyFormat(source, 'Fortran-order arrays are not supported (save with C order)');
  const shape = shapeMatch[1]
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map((s) => Number(s.replace(/L$/, '')));
  if (shape.some((d) => !Number.isInteger(d) || d < 0)) throw npyFormat(source, `bad shape (${shapeMatch[1]})`);
  const count = shape.reduce((a, b) => a * b, 1);
  const dataStart = headerStart + headerLen;
  const byteLength = count * info.size;
  if (buffer.length < dataStart + byteLength) {
    throw npyFormat(source, `truncated: needs ${byteLength} data bytes, has ${buffer.length - dataStart}`);
  }
  const copy = new Uint8Array(byteLength);
  copy.set(buffer.subarray(dataStart, dataStart + byteLength));
  if (descr[1] === '>' && info.size > 1) swapBytes(copy, info.size);
  return { data: info.make(copy.buffer, 0, count), shape };
}

/** Writes one array to `path` as `.npy` (atomic). */
export async function writeNpy(path: string, data: NpyData, shape: readonly number[]): Promise<string> {
  return writeFileAtomic(path, encodeNpy(data, shape));
}

/** Reads a `.npy` file. */
export async function readNpy(path: string): Promise<NpyArray> {
  return decodeNpy(await readFile(path), path);
}
