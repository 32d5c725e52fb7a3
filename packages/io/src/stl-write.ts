import { writeFileAtomic } from './atomic-write.js';
import { shapeMismatch } from './errors.js';
import { checkMesh, type MeshData } from './mesh-data.js';

/**
 * Encodes a triangle mesh as binary STL: 80-byte header, triangle count, then per facet the unit normal
 * computed from the corners (right-hand rule; zero for degenerate triangles), three float32 corners and a
 * zero attribute word.
 */
export function encodeStl(mesh: MeshData, target = 'STL'): Uint8Array {
  const { faces: count } = checkMesh(mesh, target);
  const { positions: p, faces } = mesh;
  if (!faces) throw shapeMismatch(target, 'STL needs faces (a point cloud cannot be written as STL)');
  const out = new Uint8Array(84 + 50 * count);
  out.set(new TextEncoder().encode('binary STL written by @aquamvs/io').subarray(0, 80), 0);
  const view = new DataView(out.buffer);
  view.setUint32(80, count, true);
  for (let f = 0, o = 84; f < count; f++, o += 50) {
    const a = 3 * faces[3 * f];
    const b = 3 * faces[3 * f + 1];
    const c = 3 * faces[3 * f + 2];
    const ux = p[b] - p[a],
      uy = p[b + 1] - p[a + 1],
      uz = p[b + 2] - p[a + 2];
    const vx = p[c] - p[a],
      vy = p[c + 1] - p[a + 1],
      vz = p[c + 2] - p[a + 2];
    let nx = uy * vz - uz * vy,
      ny = uz * vx - ux * vz,
      nz = ux * vy - uy * vx;
    const len = Math.hypot(nx, ny, nz);
    if (len > 0) {
      nx /= len;
      ny /= len;
      nz /= len;
    }
    view.setFloat32(o, nx, true);
    view.setFloat32(o + 4, ny, true);
    view.setFloat32(o + 8, nz, true);
    for (let k = 0, at = o + 12; k < 3; k++, at += 12) {
      const corner = 3 * faces[3 * f + k];
      view.setFloat32(at, p[corner], true);
      view.setFloat32(at + 4, p[corner + 1], true);
      view.setFloat32(at + 8, p[corner + 2], true);
    }
  }
  return out;
}

/** Writes a triangle mesh to `path` as binary STL, atomically. */
export async function writeStl(path: string, mesh: MeshData): Promise<string> {
  return writeFileAtomic(path, encodeStl(mesh, path));
}
