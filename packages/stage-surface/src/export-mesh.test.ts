import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodePly } from '@aquamvs/io';
import { NodeIO } from '@gltf-transform/core';
import { validateBytes } from 'gltf-validator';
import { beforeAll, describe, expect, it } from 'vitest';
import { exportMesh } from './export-mesh.js';
import { reconstructHeightfield } from './heightfield.js';
import { surfaceCloud } from './test-support/clouds.js';

let dir: string;
/** The values of a glTF accessor. */
const values = (accessor: { getArray(): unknown } | null): number[] => Array.from((accessor?.getArray() ?? []) as ArrayLike<number>);
let input: string;
const mesh = reconstructHeightfield(
  surfaceCloud(
    (x, y) => 1 + 0.01 * Math.sin(30 * x) * Math.cos(20 * y),
    () => [0, 0],
    -0.05,
    0.05,
    0.002,
  ),
  { gridResolution: 0.002 },
);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'aqm-export-'));
  input = join(dir, 'surface.ply');
  await writeFile(input, encodePly(mesh));
});

describe('exportMesh', () => {
  it('writes a GLB that passes the Khronos glTF validator and reads back with the same vertices and faces', async () => {
    const out = join(dir, 'surface.glb');
    const result = await exportMesh(input, out);
    expect(result.files).toEqual([out]);
    const bytes = new Uint8Array(await readFile(out));
    const report = await validateBytes(bytes);
    expect(report.issues.numErrors).toBe(0);
    const doc = await new NodeIO().readBinary(bytes);
    const prim = doc.getRoot().listMeshes()[0].listPrimitives()[0];
    expect(values(prim.getAttribute('POSITION'))).toEqual(Array.from(Float32Array.from(mesh.positions)));
    expect(values(prim.getIndices())).toEqual(Array.from(mesh.faces));
    expect(values(prim.getAttribute('COLOR_0'))).toEqual(Array.from(mesh.colors ?? []));
  });

  it('writes .gltf with its .bin, also valid', async () => {
    const out = join(dir, 'surface.gltf');
    const result = await exportMesh(input, out);
    expect(result.files.map((f) => f.slice(dir.length + 1)).sort()).toEqual(['surface.bin', 'surface.gltf']);
    const report = await validateBytes(new Uint8Array(await readFile(out)), {
      externalResourceFunction: async (uri) => new Uint8Array(await readFile(join(dir, uri))),
    });
    expect(report.issues.numErrors).toBe(0);
  });

  it('writes OBJ and STL (normals, with a warning that colours are lost) and PLY', async () => {
    const obj = await exportMesh(input, join(dir, 'surface.obj'));
    expect(obj.warnings).toEqual([]);
    const text = await readFile(join(dir, 'surface.obj'), 'utf8');
    expect(text.split('\n').filter((l) => l.startsWith('f ')).length).toBe(mesh.faces.length / 3);
    const stl = await exportMesh(input, join(dir, 'surface.stl'));
    expect(stl.warnings[0]).toContain('colours are dropped');
    expect((await readFile(join(dir, 'surface.stl'))).length).toBe(84 + 50 * (mesh.faces.length / 3));
    const ply = await exportMesh(input, join(dir, 'copy.PLY'));
    expect(ply.faces).toBe(mesh.faces.length / 3);
  });

  it('simplifies to about the requested number of faces', async () => {
    const r = await exportMesh(input, join(dir, 'small.glb'), { simplify: 500 });
    expect(r.faces).toBeLessThanOrEqual(500);
    expect(r.faces).toBeGreaterThan(250);
  });

  it('rejects unknown formats, empty meshes and unwritable outputs with codes', async () => {
    await expect(exportMesh(input, join(dir, 'x.fbx'))).rejects.toMatchObject({ code: 'AQM_ERR_SURFACE_EXPORT_FORMAT' });
    const cloudOnly = join(dir, 'cloud.ply');
    await writeFile(cloudOnly, encodePly({ positions: mesh.positions }));
    await expect(exportMesh(cloudOnly, join(dir, 'cloud.obj'))).rejects.toMatchObject({ code: 'AQM_ERR_SURFACE_EMPTY_MESH' });
    const unwritable = exportMesh(input, join(input, 'inside-a-file.obj'));
    await expect(unwritable).rejects.toMatchObject({ code: 'AQM_ERR_SURFACE_EXPORT_WRITE' });
    await expect(unwritable).rejects.toThrow(/^Failed to write mesh to /);
  });
});
