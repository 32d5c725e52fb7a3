import { writeFileAtomic } from './atomic-write.js';
import { checkMesh, type MeshData } from './mesh-data.js';

/** Options of {@link encodePly}/{@link writePly}. */
export interface WritePlyOptions {
  /** `binary` = binary_little_endian 1.0 (default, like Open3D `write_ascii=False`), or `ascii`. */
  format?: 'binary' | 'ascii';
  /** Type of positions and normals: `float` (default) or `double`. */
  precision?: 'float' | 'double';
  /** `comment` lines written into the header. */
  comments?: readonly string[];
}

function header(mesh: MeshData, counts: { vertices: number; faces: number }, options: WritePlyOptions): string {
  const t = options.precision ?? 'float';
  const lines = ['ply', `format ${options.format === 'ascii' ? 'ascii' : 'binary_little_endian'} 1.0`];
  for (const c of options.comments ?? []) lines.push(`comment ${c.replace(/[\r\n]+/g, ' ')}`);
  lines.push(`element vertex ${counts.vertices}`, `property ${t} x`, `property ${t} y`, `property ${t} z`);
  if (mesh.normals) lines.push(`property ${t} nx`, `property ${t} ny`, `property ${t} nz`);
  if (mesh.colors) lines.push('property uchar red', 'property uchar green', 'property uchar blue');
  if (mesh.faces) lines.push(`element face ${counts.faces}`, 'property list uchar int vertex_indices');
  lines.push('end_header');
  return `${lines.join('\n')}\n`;
}

/** Encodes a point cloud or triangle mesh as PLY (properties `x y z`, `nx ny nz`, `red green blue`, faces). */
export function encodePly(mesh: MeshData, options: WritePlyOptions = {}, target = 'PLY'): Uint8Array {
  const counts = checkMesh(mesh, target);
  const head = new TextEncoder().encode(header(mesh, counts, options));
  if (options.format === 'ascii') return concat(head, new TextEncoder().encode(asciiBody(mesh, counts.vertices)));
  const double = options.precision === 'double';
  const s = double ? 8 : 4;
  const stride = 3 * s + (mesh.normals ? 3 * s : 0) + (mesh.colors ? 3 : 0);
  const out = new Uint8Array(head.length + stride * counts.vertices + 13 * counts.faces);
  out.set(head, 0);
  const view = new DataView(out.buffer);
  const { positions, normals, colors, faces } = mesh;
  let o = head.length;
  for (let v = 0; v < counts.vertices; v++) {
    for (let k = 0; k < 3; k++, o += s) {
      if (double) view.setFloat64(o, positions[3 * v + k], true);
      else view.setFloat32(o, positions[3 * v + k], true);
    }
    if (normals) {
      for (let k = 0; k < 3; k++, o += s) {
        if (double) view.setFloat64(o, normals[3 * v + k], true);
        else view.setFloat32(o, normals[3 * v + k], true);
      }
    }
    if (colors) {
      out[o] = colors[3 * v];
      out[o + 1] = colors[3 * v + 1];
      out[o + 2] = colors[3 * v + 2];
      o += 3;
    }
  }
  if (faces) {
    for (let f = 0; f < counts.faces; f++, o += 13) {
      out[o] = 3;
      view.setInt32(o + 1, faces[3 * f], true);
      view.setInt32(o + 5, faces[3 * f + 1], true);
      view.setInt32(o + 9, faces[3 * f + 2], true);
    }
  }
  return out;
}

function asciiBody(mesh: MeshData, n: number): string {
  const { positions: p, normals, colors, faces } = mesh;
  const lines: string[] = [];
  for (let v = 0; v < n; v++) {
    let line = `${p[3 * v]} ${p[3 * v + 1]} ${p[3 * v + 2]}`;
    if (normals) line += ` ${normals[3 * v]} ${normals[3 * v + 1]} ${normals[3 * v + 2]}`;
    if (colors) line += ` ${colors[3 * v]} ${colors[3 * v + 1]} ${colors[3 * v + 2]}`;
    lines.push(line);
  }
  if (faces) for (let f = 0; f < faces.length; f += 3) lines.push(`3 ${faces[f]} ${faces[f + 1]} ${faces[f + 2]}`);
  return lines.length ? `${lines.join('\n')}\n` : '';
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

/** Writes a point cloud or mesh to `path` as PLY, atomically; returns the absolute path. */
export async function writePly(path: string, mesh: MeshData, options: WritePlyOptions = {}): Promise<string> {
  return writeFileAtomic(path, encodePly(mesh, options, path));
}
