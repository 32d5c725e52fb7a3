import { writeFileAtomic } from './atomic-write.js';
import { checkMesh, type MeshData } from './mesh-data.js';

/**
 * Encodes a mesh as Wavefront OBJ text: `v x y z [r g b]` (colours as 0–1 floats, the common extension),
 * `vn` normals, and 1-based `f a//a b//b c//c` faces (`f a b c` without normals).
 */
export function encodeObj(mesh: MeshData, target = 'OBJ'): string {
  const { vertices } = checkMesh(mesh, target);
  const { positions: p, normals, colors, faces } = mesh;
  const lines: string[] = ['# written by @aquamvs/io'];
  for (let v = 0; v < vertices; v++) {
    let line = `v ${p[3 * v]} ${p[3 * v + 1]} ${p[3 * v + 2]}`;
    if (colors) line += ` ${round6(colors[3 * v] / 255)} ${round6(colors[3 * v + 1] / 255)} ${round6(colors[3 * v + 2] / 255)}`;
    lines.push(line);
  }
  if (normals) for (let v = 0; v < vertices; v++) lines.push(`vn ${normals[3 * v]} ${normals[3 * v + 1]} ${normals[3 * v + 2]}`);
  if (faces) {
    for (let f = 0; f < faces.length; f += 3) {
      const [a, b, c] = [faces[f] + 1, faces[f + 1] + 1, faces[f + 2] + 1];
      lines.push(normals ? `f ${a}//${a} ${b}//${b} ${c}//${c}` : `f ${a} ${b} ${c}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

/** Writes a mesh to `path` as OBJ, atomically. */
export async function writeObj(path: string, mesh: MeshData): Promise<string> {
  return writeFileAtomic(path, encodeObj(mesh, path));
}
