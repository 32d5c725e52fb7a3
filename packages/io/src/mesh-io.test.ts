import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from '@loaders.gl/core';
import { PLYLoader } from '@loaders.gl/ply';
import { afterAll, describe, expect, it } from 'vitest';
import type { MeshData } from './mesh-data.js';
import { encodeObj, writeObj } from './obj-write.js';
import { decodePly, readPly } from './ply-read.js';
import { encodePly, plyChunks, writePly, writePlyFile } from './ply-write.js';
import { writeStl } from './stl-write.js';

const work = mkdtempSync(join(tmpdir(), 'aqm-io-mesh-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A unit square in z=0 as two triangles, normals +z, colours per corner. */
const square: MeshData = {
  positions: new Float32Array([0, 0, 0, 1, 0, 0, 1, 1, 0, 0, 1, 0.25]),
  normals: new Float32Array([0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1]),
  colors: new Uint8Array([255, 0, 0, 0, 255, 0, 0, 0, 255, 10, 20, 30]),
  faces: new Uint32Array([0, 1, 2, 0, 2, 3]),
};

describe('PLY', () => {
  it('writes binary_little_endian with the documented header and reads it back exactly', async () => {
    const file = await writePly(join(work, 'square.ply'), square);
    const bytes = readFileSync(file);
    const head = bytes.subarray(0, bytes.indexOf('end_header\n') + 11).toString('latin1');
    expect(head).toBe(
      [
        'ply',
        'format binary_little_endian 1.0',
        'element vertex 4',
        'property float x',
        'property float y',
        'property float z',
        'property float nx',
        'property float ny',
        'property float nz',
        'property uchar red',
        'property uchar green',
        'property uchar blue',
        'element face 2',
        'property list uchar int vertex_indices',
        'end_header',
        '',
      ].join('\n'),
    );
    expect(bytes.length).toBe(head.length + 4 * 27 + 2 * 13);
    const back = await readPly(file);
    expect(back.vertexCount).toBe(4);
    expect(back.faceCount).toBe(2);
    expect(Array.from(back.positions)).toEqual(Array.from(square.positions));
    expect(Array.from(back.normals ?? [])).toEqual(Array.from(square.normals ?? []));
    expect(Array.from(back.colors ?? [])).toEqual(Array.from(square.colors ?? []));
    expect(Array.from(back.faces ?? [])).toEqual([0, 1, 2, 0, 2, 3]);
  });

  it('round-trips double precision and ASCII files', () => {
    const positions = new Float64Array([Math.PI, -1e-12, 123456.789012345, 1, 2, 3]);
    const dbl = decodePly(encodePly({ positions }, { precision: 'double' }));
    expect(dbl.positions).toBeInstanceOf(Float64Array);
    expect(Array.from(dbl.positions)).toEqual(Array.from(positions));
    const ascii = decodePly(encodePly(square, { format: 'ascii', comments: ['made in a test'] }));
    expect(ascii.comments).toEqual(['made in a test']);
    expect(Array.from(ascii.positions)).toEqual(Array.from(square.positions));
    expect(Array.from(ascii.colors ?? [])).toEqual(Array.from(square.colors ?? []));
    expect(Array.from(ascii.faces ?? [])).toEqual([0, 1, 2, 0, 2, 3]);
  });

  it('reads a hand-written ASCII PLY with quads, float colours and extra elements', () => {
    const text = [
      'ply',
      'format ascii 1.0',
      'comment hand made',
      'element vertex 4',
      'property double x',
      'property double y',
      'property double z',
      'property float intensity',
      'property float r',
      'property float g',
      'property float b',
      'element face 1',
      'property uchar flags',
      'property list uchar uint vertex_index',
      'element edge 1',
      'property int vertex1',
      'property int vertex2',
      'end_header',
      '0 0 0 0.5 1 0 0',
      '1 0 0 0.5 0 1 0',
      '1 1 0 0.5 0 0 1',
      '0 1 0 0.5 0.5 0.5 0.5',
      '7 4 0 1 2 3',
      '0 1',
      '',
    ].join('\r\n');
    const mesh = decodePly(new TextEncoder().encode(text));
    expect(mesh.positions).toBeInstanceOf(Float64Array);
    expect(Array.from(mesh.faces ?? [])).toEqual([0, 1, 2, 0, 2, 3]);
    expect(Array.from(mesh.colors ?? [])).toEqual([255, 0, 0, 0, 255, 0, 0, 0, 255, 128, 128, 128]);
    expect(mesh.normals).toBeUndefined();
  });

  it('reads binary big endian', () => {
    const head = 'ply\nformat binary_big_endian 1.0\nelement vertex 1\nproperty float x\nproperty float y\nproperty float z\nend_header\n';
    const body = new DataView(new ArrayBuffer(12));
    [1.5, -2, 8].forEach((v, i) => body.setFloat32(4 * i, v, false));
    const bytes = new Uint8Array([...new TextEncoder().encode(head), ...new Uint8Array(body.buffer)]);
    expect(Array.from(decodePly(bytes).positions)).toEqual([1.5, -2, 8]);
  });

  it('rejects truncated files and bad face indices with the file named', async () => {
    const bytes = encodePly(square);
    const file = join(work, 'short.ply');
    writeFileSync(file, bytes.subarray(0, bytes.length - 5));
    await expect(readPly(file)).rejects.toMatchObject({
      code: 'AQM_ERR_IO_PLY_FORMAT',
      message: expect.stringMatching(/short\.ply: not a valid PLY file: body is shorter than the header says$/) as unknown,
    });
    await expect(writePly(join(work, 'bad.ply'), { positions: new Float32Array(6), faces: new Uint32Array([0, 1, 2]) })).rejects.toMatchObject({
      code: 'AQM_ERR_IO_SHAPE_MISMATCH',
      message: expect.stringMatching(/bad\.ply: face 0 uses vertex 2, but there are 2 vertices/) as unknown,
    });
  });

  it('is read identically by @loaders.gl/ply (independent oracle)', async () => {
    const n = 500;
    const positions = Float32Array.from({ length: 3 * n }, (_, i) => Math.sin(i) * 10);
    const colors = Uint8Array.from({ length: 3 * n }, (_, i) => (i * 7) % 256);
    const faces = Uint32Array.from({ length: 3 * (n - 2) }, (_, i) => Math.floor(i / 3) + (i % 3));
    const bytes = encodePly({ positions, colors, faces });
    const mesh = (await parse(bytes.slice().buffer, PLYLoader)) as {
      attributes: Record<string, { value: ArrayLike<number> }>;
      indices?: { value: ArrayLike<number> };
    };
    expect(Array.from(mesh.attributes.POSITION.value)).toEqual(Array.from(positions));
    expect(Array.from(mesh.attributes.COLOR_0.value)).toEqual(Array.from(colors));
    expect(Array.from(mesh.indices?.value ?? [])).toEqual(Array.from(faces));
  });
});

describe('PLY written in chunks', () => {
  it('writes across chunk boundaries (65 536 rows) exactly what one buffer holds, and reads it back', async () => {
    const n = 150_001;
    const positions = Float64Array.from({ length: 3 * n }, (_, i) => Math.sin(i) * 3);
    const normals = Float32Array.from({ length: 3 * n }, (_, i) => Math.cos(i));
    const colors = Uint8Array.from({ length: 3 * n }, (_, i) => (i * 13) % 256);
    const faces = Uint32Array.from({ length: 3 * (n - 2) }, (_, i) => Math.floor(i / 3) + (i % 3));
    const mesh = { positions, normals, colors, faces };
    const file = join(work, 'chunked.ply');
    await writePlyFile(file, mesh);
    const bytes = readFileSync(file);
    expect(Buffer.compare(bytes, Buffer.from(encodePly(mesh)))).toBe(0);
    // The body in chunks of at most 65 536 vertices, then of faces: header, 3 vertex chunks, 3 face chunks.
    expect([...plyChunks(mesh)].length).toBe(7);
    const back = await readPly(file);
    expect(Array.from(back.positions.subarray(-6))).toEqual(Array.from(Float32Array.from(positions.subarray(-6))));
    expect(Array.from(back.faces?.subarray(-3) ?? [])).toEqual(Array.from(faces.subarray(-3)));
    expect(back.colors?.[3 * 100_000 + 1]).toBe(colors[3 * 100_000 + 1]);
  });
});

describe('OBJ and STL', () => {
  it('writes OBJ with 1-based faces, normals and 0-1 colours', async () => {
    const text = encodeObj(square);
    expect(text.split('\n')).toEqual(
      expect.arrayContaining(['v 0 0 0 1 0 0', 'v 0 1 0.25 0.039216 0.078431 0.117647', 'vn 0 0 1', 'f 1//1 2//2 3//3', 'f 1//1 3//3 4//4']),
    );
    const file = await writeObj(join(work, 'square.obj'), { positions: square.positions, faces: square.faces });
    expect(readFileSync(file, 'utf8').trim().split('\n').slice(-2)).toEqual(['f 1 2 3', 'f 1 3 4']);
  });

  it('writes binary STL with unit facet normals and float32 corners', async () => {
    const file = await writeStl(join(work, 'square.stl'), square);
    const bytes = readFileSync(file);
    expect(bytes.length).toBe(84 + 2 * 50);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    expect(view.getUint32(80, true)).toBe(2);
    expect([0, 4, 8].map((o) => view.getFloat32(84 + o, true))).toEqual([0, 0, 1]);
    // second facet (0, 2, 3): corners (0,0,0), (1,1,0), (0,1,0.25) → normal ∝ (0.25, -0.25, 1)
    const n2 = [0, 4, 8].map((o) => view.getFloat32(134 + o, true));
    const len = Math.hypot(0.25, -0.25, 1);
    [0.25 / len, -0.25 / len, 1 / len].forEach((v, i) => expect(n2[i]).toBeCloseTo(v, 6));
    expect([12, 16, 20, 36, 40, 44].map((o) => view.getFloat32(134 + o, true))).toEqual([0, 0, 0, 0, 1, 0.25]);
    await expect(writeStl(join(work, 'cloud.stl'), { positions: square.positions })).rejects.toThrow(/STL needs faces/);
  });
});
