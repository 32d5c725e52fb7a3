import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodePly } from '@aquamvs/io';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerExportMeshCommand } from './export-mesh-command.js';
import { runRegisteredCommand, type CommandRun } from '../test-support/run-registered-command.js';

let dir: string;
// A 3×3 grid of vertices, 8 triangles, with colours.
const positions = Float64Array.from({ length: 27 }, (_, i) =>
  i % 3 === 2 ? 1 : i % 3 === 0 ? (Math.floor(i / 3) % 3) * 0.01 : Math.floor(i / 9) * 0.01,
);
const faces = Uint32Array.from([0, 3, 1, 1, 3, 4, 1, 4, 2, 2, 4, 5, 3, 6, 4, 4, 6, 7, 4, 7, 5, 5, 7, 8]);
const colors = new Uint8Array(27).fill(90);

function exportMeshCli(args: string[]): Promise<CommandRun> {
  return runRegisteredCommand(registerExportMeshCommand, ['export-mesh', ...args]);
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'aqm-export-cli-'));
  await mkdir(join(dir, 'batch'));
  await writeFile(join(dir, 'surface.ply'), encodePly({ positions, faces, colors }));
  await writeFile(join(dir, 'batch', 'a.ply'), encodePly({ positions, faces }));
  await writeFile(join(dir, 'batch', 'b.ply'), encodePly({ positions, faces, colors }));
  await writeFile(join(dir, 'batch', 'points-only.ply'), encodePly({ positions }));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('aquamvs export-mesh', () => {
  it('converts one file next to the input and warns that STL loses colours', async () => {
    const r = await exportMeshCli([join(dir, 'surface.ply'), '--format', 'stl']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/wrote .*surface\.stl \(9 vertices, 8 faces\)/);
    expect(r.stderr).toContain('colours are dropped');
    const glb = await exportMeshCli([join(dir, 'surface.ply'), '--format', 'glb']);
    expect(glb.stdout).toMatch(/surface\.glb/);
  });

  it('converts a directory, goes on after a failing file and reports k/n', async () => {
    const out = join(dir, 'out');
    const r = await exportMeshCli(['--input-dir', join(dir, 'batch'), '--output-dir', out, '--format', 'obj']);
    expect(r.stdout).toContain('2/3 succeeded');
    expect(r.stderr).toContain('error AQM_ERR_SURFACE_EMPTY_MESH');
    expect(r.code).toBe(1);
    expect((await readdir(out)).sort()).toEqual(['a.obj', 'b.obj']);
  });

  it('requires --format, a known format, and exactly one of INPUT and --input-dir', async () => {
    expect((await exportMeshCli([join(dir, 'surface.ply')])).stderr).toContain("required option '--format <format>' not specified");
    expect((await exportMeshCli([join(dir, 'surface.ply'), '--format', 'fbx'])).stderr).toContain('--format must be one of obj, stl, gltf, glb');
    const neither = await exportMeshCli(['--format', 'obj']);
    expect(neither.code).toBe(1);
    expect(neither.stderr).toContain('give either INPUT or --input-dir');
    expect((await exportMeshCli([join(dir, 'surface.ply'), '--format', 'obj', '--simplify', '0'])).stderr).toContain('--simplify must be an integer');
  });
});
