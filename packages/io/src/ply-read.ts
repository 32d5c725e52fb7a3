import { readFile } from 'node:fs/promises';
import { plyFormat } from './errors.js';
import type { MeshData } from './mesh-data.js';
import { parsePlyHeader, SCALAR_SIZE, type PlyElement, type PlyScalar } from './ply-header.js';

/** A PLY file read by {@link readPly}. Positions are `Float64Array` when stored as double. */
export interface PlyMesh extends MeshData {
  readonly vertexCount: number;
  readonly faceCount: number;
  readonly comments: readonly string[];
}

/** Reads values one at a time from an ASCII or binary body. */
interface ValueReader {
  read(type: PlyScalar): number;
}

class BinaryReader implements ValueReader {
  offset: number;
  readonly #view: DataView;
  readonly #le: boolean;
  readonly #file: string;
  constructor(bytes: Uint8Array, offset: number, littleEndian: boolean, file: string) {
    this.#view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.offset = offset;
    this.#le = littleEndian;
    this.#file = file;
  }
  read(type: PlyScalar): number {
    const o = this.offset;
    if (o + SCALAR_SIZE[type] > this.#view.byteLength) throw plyFormat(this.#file, 'body is shorter than the header says');
    this.offset = o + SCALAR_SIZE[type];
    const v = this.#view;
    switch (type) {
      case 'int8':
        return v.getInt8(o);
      case 'uint8':
        return v.getUint8(o);
      case 'int16':
        return v.getInt16(o, this.#le);
      case 'uint16':
        return v.getUint16(o, this.#le);
      case 'int32':
        return v.getInt32(o, this.#le);
      case 'uint32':
        return v.getUint32(o, this.#le);
      case 'float32':
        return v.getFloat32(o, this.#le);
      case 'float64':
        return v.getFloat64(o, this.#le);
    }
  }
}

class AsciiReader implements ValueReader {
  readonly #tokens: string[];
  readonly #file: string;
  #next = 0;
  constructor(text: string, file: string) {
    this.#tokens = text.split(/\s+/).filter((t) => t.length > 0);
    this.#file = file;
  }
  read(): number {
    if (this.#next >= this.#tokens.length) throw plyFormat(this.#file, 'body is shorter than the header says');
    const v = Number(this.#tokens[this.#next++]);
    if (Number.isNaN(v)) throw plyFormat(this.#file, `not a number: '${this.#tokens[this.#next - 1]}'`);
    return v;
  }
}

const COLOR_NAMES = [
  ['red', 'r', 'diffuse_red'],
  ['green', 'g', 'diffuse_green'],
  ['blue', 'b', 'diffuse_blue'],
];

/** Decodes a PLY file (ascii, binary little or big endian): vertices, normals, colours and triangulated faces. */
export function decodePly(bytes: Uint8Array, file = 'PLY buffer'): PlyMesh {
  const header = parsePlyHeader(bytes, file);
  const reader: ValueReader =
    header.format === 'ascii'
      ? new AsciiReader(new TextDecoder('latin1').decode(bytes.subarray(header.bodyOffset)), file)
      : new BinaryReader(bytes, header.bodyOffset, header.format === 'binary_little_endian', file);
  let mesh: Omit<PlyMesh, 'comments' | 'faceCount'> = { positions: new Float32Array(0), vertexCount: 0 };
  let faces: Uint32Array | undefined;
  for (const element of header.elements) {
    if (element.name === 'vertex') mesh = readVertices(element, reader, file);
    else if (element.name === 'face') faces = readFaces(element, reader, file);
    else skipElement(element, reader);
  }
  return { ...mesh, ...(faces ? { faces } : {}), faceCount: faces ? faces.length / 3 : 0, comments: header.comments };
}

function readVertices(element: PlyElement, reader: ValueReader, file: string): Omit<PlyMesh, 'comments' | 'faceCount'> {
  const n = element.count;
  const names = element.properties.map((p) => p.name);
  const at = (name: string): number => names.indexOf(name);
  const xyz = ['x', 'y', 'z'].map(at);
  if (xyz.some((i) => i < 0)) throw plyFormat(file, "vertex element lacks 'x y z' properties");
  const double = element.properties[xyz[0]].type === 'float64';
  const positions = double ? new Float64Array(3 * n) : new Float32Array(3 * n);
  const nIdx = ['nx', 'ny', 'nz'].map(at);
  const normals = nIdx.every((i) => i >= 0) ? new Float32Array(3 * n) : undefined;
  const cIdx = COLOR_NAMES.map((alts) => alts.map(at).find((i) => i >= 0) ?? -1);
  const colors = cIdx.every((i) => i >= 0) ? new Uint8Array(3 * n) : undefined;
  const colorScale = colors && element.properties[cIdx[0]].type.startsWith('float') ? 255 : 1;
  // slot[p] = destination of property p: 0–2 position, 3–5 normal, 6–8 colour, -1 ignored.
  const targets = [...xyz, ...(normals ? nIdx : [-2, -2, -2]), ...(colors ? cIdx : [-2, -2, -2])];
  const slot = element.properties.map((_, p) => targets.indexOf(p));
  const row = new Float64Array(9);
  const props = element.properties;
  for (let v = 0; v < n; v++) {
    for (let p = 0; p < props.length; p++) {
      const prop = props[p];
      if (prop.countType) {
        const count = reader.read(prop.countType);
        for (let i = 0; i < count; i++) reader.read(prop.type);
        continue;
      }
      const value = reader.read(prop.type);
      if (slot[p] >= 0) row[slot[p]] = value;
    }
    positions[3 * v] = row[0];
    positions[3 * v + 1] = row[1];
    positions[3 * v + 2] = row[2];
    if (normals) {
      normals[3 * v] = row[3];
      normals[3 * v + 1] = row[4];
      normals[3 * v + 2] = row[5];
    }
    if (colors) {
      for (let k = 0; k < 3; k++) colors[3 * v + k] = Math.max(0, Math.min(255, Math.round(row[6 + k] * colorScale)));
    }
  }
  return { positions, ...(normals ? { normals } : {}), ...(colors ? { colors } : {}), vertexCount: n };
}

/** Reads the face element; polygons with more than three corners are fanned into triangles. */
function readFaces(element: PlyElement, reader: ValueReader, file: string): Uint32Array {
  const listIndex = element.properties.findIndex((p) => p.countType && (p.name === 'vertex_indices' || p.name === 'vertex_index'));
  if (listIndex < 0) throw plyFormat(file, "face element lacks a 'vertex_indices' list");
  const out: number[] = [];
  const polygon: number[] = [];
  const props = element.properties;
  for (let f = 0; f < element.count; f++) {
    for (let p = 0; p < props.length; p++) {
      const prop = props[p];
      if (!prop.countType) {
        reader.read(prop.type);
        continue;
      }
      const count = reader.read(prop.countType);
      polygon.length = 0;
      for (let i = 0; i < count; i++) polygon.push(reader.read(prop.type));
      if (p !== listIndex) continue;
      for (let i = 1; i + 1 < count; i++) out.push(polygon[0], polygon[i], polygon[i + 1]);
    }
  }
  return Uint32Array.from(out);
}

function skipElement(element: PlyElement, reader: ValueReader): void {
  for (let r = 0; r < element.count; r++) {
    for (const prop of element.properties) {
      const count = prop.countType ? reader.read(prop.countType) : 1;
      for (let i = 0; i < count; i++) reader.read(prop.type);
    }
  }
}

/** Reads a PLY file; errors name the file (`AQM_ERR_IO_PLY_FORMAT`). */
export async function readPly(path: string): Promise<PlyMesh> {
  return decodePly(await readFile(path), path);
}
