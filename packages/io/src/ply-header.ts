import { plyFormat } from './errors.js';

/** A PLY scalar type. */
export type PlyScalar = 'int8' | 'uint8' | 'int16' | 'uint16' | 'int32' | 'uint32' | 'float32' | 'float64';

/** One property of a PLY element; lists have a count type. */
interface PlyProperty {
  readonly name: string;
  readonly type: PlyScalar;
  readonly countType?: PlyScalar;
}

/** One element (`vertex`, `face`, …) of a PLY header. */
export interface PlyElement {
  readonly name: string;
  readonly count: number;
  readonly properties: PlyProperty[];
}

/** A parsed PLY header. */
export interface PlyHeader {
  readonly format: 'ascii' | 'binary_little_endian' | 'binary_big_endian';
  readonly elements: PlyElement[];
  readonly comments: string[];
  /** Byte offset of the body. */
  readonly bodyOffset: number;
}

const TYPE_NAMES: Record<string, PlyScalar> = {
  char: 'int8',
  int8: 'int8',
  uchar: 'uint8',
  uint8: 'uint8',
  short: 'int16',
  int16: 'int16',
  ushort: 'uint16',
  uint16: 'uint16',
  int: 'int32',
  int32: 'int32',
  uint: 'uint32',
  uint32: 'uint32',
  float: 'float32',
  float32: 'float32',
  double: 'float64',
  float64: 'float64',
};

/** Byte size of each scalar type. */
export const SCALAR_SIZE: Record<PlyScalar, number> = {
  int8: 1,
  uint8: 1,
  int16: 2,
  uint16: 2,
  int32: 4,
  uint32: 4,
  float32: 4,
  float64: 8,
};

function scalar(name: string | undefined, file: string, line: string): PlyScalar {
  const type = name === undefined ? undefined : TYPE_NAMES[name];
  if (!type) throw plyFormat(file, `unknown property type in '${line}'`);
  return type;
}

/** Parses the header of a PLY file held in `bytes`. */
export function parsePlyHeader(bytes: Uint8Array, file: string): PlyHeader {
  const probe = new TextDecoder('latin1').decode(bytes.subarray(0, Math.min(bytes.length, 1 << 16)));
  const end = /end_header[ \t]*\r?\n/.exec(probe);
  if (!probe.startsWith('ply') || !end) throw plyFormat(file, "missing 'ply' magic or 'end_header'");
  const lines = probe
    .slice(0, end.index)
    .split(/\r?\n/)
    .map((l) => l.trim());
  let format: PlyHeader['format'] | undefined;
  const elements: PlyElement[] = [];
  const comments: string[] = [];
  for (const line of lines.slice(1)) {
    const words = line.split(/\s+/);
    switch (words[0]) {
      case 'format':
        if (words[1] !== 'ascii' && words[1] !== 'binary_little_endian' && words[1] !== 'binary_big_endian') {
          throw plyFormat(file, `unknown format '${words[1]}'`);
        }
        format = words[1];
        break;
      case 'element': {
        const count = Number(words[2]);
        if (!words[1] || !Number.isInteger(count) || count < 0) throw plyFormat(file, `bad element line '${line}'`);
        elements.push({ name: words[1], count, properties: [] });
        break;
      }
      case 'property': {
        const element = elements[elements.length - 1];
        if (!element) throw plyFormat(file, `property before any element: '${line}'`);
        if (words[1] === 'list') {
          element.properties.push({ name: words[4], countType: scalar(words[2], file, line), type: scalar(words[3], file, line) });
        } else {
          element.properties.push({ name: words[2], type: scalar(words[1], file, line) });
        }
        break;
      }
      case 'comment':
        comments.push(line.slice(8));
        break;
      default:
        break; // obj_info and blank lines
    }
  }
  if (!format) throw plyFormat(file, "missing 'format' line");
  return { format, elements, comments, bodyOffset: end.index + end[0].length };
}
