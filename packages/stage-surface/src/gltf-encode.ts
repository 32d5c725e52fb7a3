import type { SurfaceMesh } from '@aquamvs/core';
import { Document, Format, NodeIO } from '@gltf-transform/core';

/** A glTF 2.0 asset as files: `{ 'name.gltf': json, 'name.bin': buffer }` or one `.glb`. */
export type GltfFiles = Record<string, Uint8Array>;

/**
 * Encodes a mesh as glTF 2.0 with @gltf-transform/core: float32 POSITION (with min/max) and NORMAL, COLOR_0 as
 * normalised unsigned bytes, uint32 indices, one node whose rotation (+90° about X) turns aquamvs world coordinates
 * (metres, +Z down into the water) into glTF's +Y up, so viewers show the bottom the right way up while the vertex
 * data stay in world coordinates. `format` `glb` gives one binary file; `gltf` a JSON file plus `<basename>.bin`.
 */
export async function encodeGltf(mesh: SurfaceMesh, format: 'glb' | 'gltf', basename = 'mesh'): Promise<GltfFiles> {
  const doc = new Document();
  const buffer = doc.createBuffer();
  const positions = Float32Array.from(mesh.positions);
  const primitive = doc
    .createPrimitive()
    .setAttribute('POSITION', doc.createAccessor('position').setType('VEC3').setArray(positions).setBuffer(buffer))
    .setIndices(doc.createAccessor('indices').setType('SCALAR').setArray(Uint32Array.from(mesh.faces)).setBuffer(buffer));
  if (mesh.normals) {
    primitive.setAttribute('NORMAL', doc.createAccessor('normal').setType('VEC3').setArray(unitNormals(mesh.normals)).setBuffer(buffer));
  }
  if (mesh.colors) {
    const colors = doc.createAccessor('color').setType('VEC3').setArray(Uint8Array.from(mesh.colors)).setNormalized(true).setBuffer(buffer);
    primitive.setAttribute('COLOR_0', colors);
  }
  const node = doc
    .createNode('aquamvs-surface')
    .setMesh(doc.createMesh('surface').addPrimitive(primitive))
    .setRotation([Math.SQRT1_2, 0, 0, Math.SQRT1_2]);
  doc.createScene('scene').addChild(node);
  const io = new NodeIO();
  if (format === 'glb') return { [`${basename}.glb`]: await io.writeBinary(doc) };
  const { json, resources } = await io.writeJSON(doc, { format: Format.GLTF, basename });
  return { [`${basename}.gltf`]: new TextEncoder().encode(JSON.stringify(json, null, 2)), ...resources };
}

/** glTF requires unit normals; zero normals (isolated vertices) become (0, 0, −1). */
function unitNormals(normals: Float32Array): Float32Array {
  const out = new Float32Array(normals.length);
  for (let i = 0; i < normals.length; i += 3) {
    const l = Math.hypot(normals[i], normals[i + 1], normals[i + 2]);
    if (l > 0) {
      out[i] = normals[i] / l;
      out[i + 1] = normals[i + 1] / l;
      out[i + 2] = normals[i + 2] / l;
    } else out[i + 2] = -1;
  }
  return out;
}
