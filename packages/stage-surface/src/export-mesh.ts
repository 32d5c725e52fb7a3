import { basename, dirname, extname, join } from 'node:path';
import type { SurfaceMesh } from '@aquamvs/core';
import { encodeObj, encodePly, encodeStl, readPly, writeFileAtomic } from '@aquamvs/io';
import { decimateMesh } from './decimate-mesh.js';
import { emptyMesh, exportFormat, exportWrite } from './errors.js';
import { encodeGltf } from './gltf-encode.js';
import { computeVertexNormals } from './mesh-normals.js';

/** Formats {@link exportMesh} writes, chosen by the output file's extension. */
const MESH_FORMATS = ['ply', 'obj', 'stl', 'gltf', 'glb'] as const;

/** Options of {@link exportMesh}. */
export interface ExportMeshOptions {
  /** Decimate to about this many triangles first (quadric simplification). */
  simplify?: number;
}

/** What {@link exportMesh} wrote. */
export interface ExportMeshResult {
  /** Absolute paths written (a `.gltf` comes with its `.bin`). */
  readonly files: readonly string[];
  readonly vertices: number;
  readonly faces: number;
  /** e.g. that STL drops vertex colours. */
  readonly warnings: readonly string[];
}

/**
 * `export_mesh` (spec §3.12): reads a PLY mesh, rejects an empty one, optionally decimates it, and writes it in the
 * format of `output`'s extension (ply, obj, stl, gltf, glb). STL gets face and vertex normals and a warning that
 * colours are lost. Every file is written atomically. Write failures throw `AQM_ERR_SURFACE_EXPORT_WRITE`
 * ("Failed to write mesh to …").
 * @example
 * await exportMesh('frame_000000/mesh/surface.ply', 'surface.glb', { simplify: 100_000 });
 */
export async function exportMesh(input: string, output: string, options: ExportMeshOptions = {}): Promise<ExportMeshResult> {
  const format = extname(output).slice(1).toLowerCase();
  if (!(MESH_FORMATS as readonly string[]).includes(format)) throw exportFormat(output, format);
  const ply = await readPly(input);
  if (ply.vertexCount === 0 || ply.faces === undefined || ply.faceCount === 0) throw emptyMesh(input);
  let mesh: SurfaceMesh = {
    positions: Float64Array.from(ply.positions),
    faces: ply.faces,
    ...(ply.normals ? { normals: Float32Array.from(ply.normals) } : {}),
    ...(ply.colors ? { colors: ply.colors } : {}),
  };
  if (options.simplify !== undefined) mesh = await decimateMesh(mesh, options.simplify);
  const warnings: string[] = [];
  const files: Record<string, Uint8Array | string> = {};
  const name = basename(output);
  if (format === 'ply') files[name] = encodePly(mesh, {}, output);
  else if (format === 'obj') files[name] = encodeObj(mesh, output);
  else if (format === 'stl') {
    if (mesh.colors) warnings.push(`${output}: STL has no vertex colours; colours are dropped`);
    files[name] = encodeStl({ ...mesh, normals: computeVertexNormals(mesh.positions, mesh.faces) }, output);
  } else {
    const stem = name.slice(0, name.length - extname(name).length);
    Object.assign(files, await encodeGltf(mesh, format as 'gltf' | 'glb', stem));
  }
  const written: string[] = [];
  try {
    for (const [file, data] of Object.entries(files)) written.push(await writeFileAtomic(join(dirname(output), file), data));
  } catch (error) {
    throw exportWrite(output, error);
  }
  return { files: written, vertices: mesh.positions.length / 3, faces: mesh.faces.length / 3, warnings };
}
