import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  aquamvsConfigSchema,
  createMemoryFrameSource,
  HOOKS,
  runPipeline,
  silentLogger,
  type AquamvsPlugin,
  type PointCloud,
  type SpanEndEvent,
  type SurfaceMesh,
} from '@aquamvs/core';
import { decodePly } from '@aquamvs/io';
import { parse } from '@loaders.gl/core';
import { PLYLoader } from '@loaders.gl/ply';
import { describe, expect, it } from 'vitest';
import { surfacePlugin } from './plugin.js';
import { SURFACE_RECONSTRUCTOR } from './tokens.js';
import { reconstructSurface, type ReconstructSurfaceOptions } from './reconstruct-surface.js';
import { SurfacePool } from './surface-pool.js';
import { ciScene, groundTruthCloud, medianDistanceMm } from './test-support/clouds.js';
import { meshTopology } from './test-support/mesh-topology.js';
import { captureMeshPlugin, gtCloudPlugin } from './test-support/surface-plugins.js';

async function runSurface(extra: Record<string, unknown>, cloud: PointCloud, later: AquamvsPlugin[] = []) {
  const scene = ciScene('undulating');
  const dir = await mkdtemp(join(tmpdir(), 'aqm-surface-'));
  const config = aquamvsConfigSchema.parse({ ...extra, output_dir: dir, pipeline: { stages: ['gt-cloud', 'surface', 'capture'] } });
  let mesh: SurfaceMesh | undefined;
  const logs: string[] = [];
  const log = { ...silentLogger, info: (m: string) => void logs.push(m), warn: (m: string) => void logs.push(m), child: () => log };
  const spans: SpanEndEvent[] = [];
  const spanRecorder: AquamvsPlugin = {
    name: 'spans',
    register: (c) => void c.register(HOOKS, { useValue: { spanEnd: (e: SpanEndEvent) => void spans.push(e) } }),
  };
  const summary = await runPipeline({
    config,
    frameSource: createMemoryFrameSource([], 1, () => new Map()), // no images: the test puts its artifacts in directly
    plugins: [gtCloudPlugin(scene, cloud), surfacePlugin(), captureMeshPlugin((m) => (mesh = m)), spanRecorder, ...later],
    resources: { calibration: scene.calibration },
    log,
  });
  return { scene, dir, mesh, logs, summary, spans };
}

/** Worker times come through the epoch clock (each thread's timeOrigin): allowed mapping error. */
const CLOCK_SLACK_MS = 5;

describe('surface stage', () => {
  const scene = ciScene('undulating');
  const cloud = groundTruthCloud(scene, 4);

  it('shows the Poisson splat on the tracks of the worker threads that ran it (2 workers), one span per thread', async () => {
    const dense = groundTruthCloud(scene, 1);
    expect(dense.positions.length / 3).toBeGreaterThan(200_000); // above the size that goes to worker threads
    const { summary, spans, mesh } = await runSurface(
      { reconstruction: { surface_method: 'poisson', poisson_depth: 7 }, runtime: { workers: 2 } },
      dense,
    );
    expect(summary.failed).toEqual([]);
    expect(mesh?.faces.length).toBeGreaterThan(0);
    const parent = spans.find((e) => e.span === 'poisson');
    const onWorkers = spans.filter((e) => e.span === 'poisson (worker)');
    expect(onWorkers.length).toBeGreaterThanOrEqual(1);
    expect(onWorkers.length).toBeLessThanOrEqual(2);
    expect(new Set(onWorkers.map((e) => e.threadId)).size).toBe(onWorkers.length);
    for (const e of onWorkers) {
      expect(e.threadId).toBeGreaterThan(0);
      expect(e.parentSpanId).toBe(parent?.spanId);
      expect(e.startedAt).toBeGreaterThanOrEqual((parent?.startedAt ?? Infinity) - CLOCK_SLACK_MS);
      expect(e.at).toBeLessThanOrEqual((parent?.at ?? -Infinity) + CLOCK_SLACK_MS);
    }
  });

  it('meshes with the SURFACE_RECONSTRUCTOR a later plugin registered, then colours and writes it as usual', async () => {
    const calls: ReconstructSurfaceOptions[] = [];
    const firstTriangle: AquamvsPlugin = {
      name: 'lab-mesher',
      register: (c) =>
        c.register(SURFACE_RECONSTRUCTOR, {
          useValue: (points: PointCloud, options: ReconstructSurfaceOptions) => {
            calls.push(options);
            return { positions: points.positions.slice(0, 9), faces: new Uint32Array([0, 1, 2]) };
          },
        }),
    };
    const { dir, mesh, summary } = await runSurface({ reconstruction: { surface_method: 'heightfield', grid_resolution: 0.01 } }, cloud, [
      firstTriangle,
    ]);
    expect(summary.failed).toEqual([]);
    expect(calls.map(({ workers: _workers, ...rest }) => rest)).toEqual([
      { method: 'heightfield', poissonDepth: 9, gridResolution: 0.01, bpaRadii: null },
    ]);
    expect(calls[0].workers).toBeInstanceOf(SurfacePool);
    expect(Array.from(mesh?.faces ?? [])).toEqual([0, 1, 2]);
    expect(Array.from(mesh?.positions ?? [])).toEqual(Array.from(cloud.positions.slice(0, 9)));
    expect(mesh?.colors?.length).toBe(9);
    expect(decodePly(await readFile(join(dir, 'frame_000000', 'mesh', 'surface.ply'))).faceCount).toBe(1);
  });

  it('writes mesh/surface.ply (read identically by @loaders.gl/ply) with best-view colours from the ring images', async () => {
    const { dir, mesh, summary } = await runSurface({ reconstruction: { poisson_depth: 8 } }, cloud);
    expect(summary.failed).toEqual([]);
    const bytes = await readFile(join(dir, 'frame_000000', 'mesh', 'surface.ply'));
    const ours = decodePly(bytes);
    const theirs = (await parse(new Uint8Array(bytes).buffer, PLYLoader)) as {
      attributes: Record<string, { value: ArrayLike<number> }>;
      indices?: { value: ArrayLike<number> };
    };
    expect(Array.from(theirs.attributes.POSITION.value)).toEqual(Array.from(ours.positions));
    expect(Array.from(theirs.attributes.NORMAL.value)).toEqual(Array.from(ours.normals ?? []));
    expect(Array.from(theirs.attributes.COLOR_0.value)).toEqual(Array.from(ours.colors ?? []));
    expect(Array.from(theirs.indices?.value ?? [])).toEqual(Array.from(ours.faces ?? []));
    expect(ours.faceCount).toBe((mesh?.faces.length ?? 0) / 3);
    // Every colour is one of the four camera greys (40, 80, 120, 160), or 128 where no camera sees the vertex.
    const colors = Array.from(ours.colors ?? []);
    const greys = new Set(colors);
    expect([...greys].every((g) => [40, 80, 120, 160, 128].includes(g))).toBe(true);
    expect([40, 80, 120, 160].every((g) => greys.has(g))).toBe(true);
    expect(colors.filter((c) => c === 128).length).toBeLessThan(0.05 * colors.length);
    expect(medianDistanceMm(scene, mesh?.positions ?? new Float64Array(0))).toBeLessThan(1);
  });

  it('with surface_method null meshes by Poisson on the full pathway and by tin on the sparse one; an explicit method is honoured on both', async () => {
    const sparse = { positions: cloud.positions.filter((_, i) => Math.floor(i / 3) % 16 === 0) };
    const methodOf = (logs: string[]): string | undefined => logs.map((l) => /^mesh \d+ vertices, \d+ faces \((\w+)\)$/.exec(l)?.[1]).find(Boolean);
    const full = await runSurface({ reconstruction: { poisson_depth: 6 } }, cloud);
    expect(methodOf(full.logs)).toBe('poisson');
    const tin = await runSurface({ pipeline_mode: 'sparse' }, sparse);
    expect(methodOf(tin.logs)).toBe('tin');
    expect(medianDistanceMm(scene, tin.mesh?.positions ?? new Float64Array(0))).toBeLessThan(0.3);
    const poisson = await runSurface({ pipeline_mode: 'sparse', reconstruction: { surface_method: 'poisson', poisson_depth: 6 } }, cloud);
    expect(methodOf(poisson.logs)).toBe('poisson');
  });

  it('meshes a height field (over the convex hull) and decimates to target_faces', async () => {
    const { mesh, summary } = await runSurface(
      { reconstruction: { surface_method: 'heightfield', grid_resolution: 0.01, target_faces: 2000 } },
      cloud,
    );
    expect(summary.failed).toEqual([]);
    const faces = (mesh?.faces.length ?? 0) / 3;
    expect(faces).toBeLessThanOrEqual(2000);
    expect(faces).toBeGreaterThan(1000);
    expect(medianDistanceMm(scene, mesh?.positions ?? new Float64Array(0))).toBeLessThan(3);
  });

  it('removes outliers only from a cloud whose producer left them (outliersRemoved: false, as sparse-cloud does)', async () => {
    const noisy = { ...cloud, positions: cloud.positions.map((v, i) => (i % 3 === 2 && i % 300 === 2 ? v - 0.05 : v)) };
    const options = { reconstruction: { surface_method: 'heightfield', grid_resolution: 0.01 } };
    const left = await runSurface(options, { ...noisy, outliersRemoved: false });
    expect(left.logs.some((l) => /removed \d+ outliers/.test(l))).toBe(true);
    const clean = await runSurface(options, noisy);
    expect(clean.logs.some((l) => /removed \d+ outliers/.test(l))).toBe(false);
  });

  it('warns and writes no mesh for an empty cloud; an unknown method is AQM_ERR_SURFACE_METHOD', async () => {
    const empty = await runSurface({}, { positions: new Float64Array(0) });
    expect(empty.logs.some((l) => l.includes('point cloud is empty'))).toBe(true);
    await expect(stat(join(empty.dir, 'frame_000000', 'mesh'))).rejects.toThrow();
    const { readRunManifest } = await import('@aquamvs/core');
    expect((await readRunManifest(empty.dir)).frames['0'].provenance?.surface).toEqual({
      summary: 'the point cloud is empty: no mesh written',
      faces: 0,
    });
    await expect(reconstructSurface(cloud, { method: 'marching-cubes' })).rejects.toThrow(
      expect.objectContaining({
        code: 'AQM_ERR_SURFACE_METHOD',
        message: "reconstruction.surface_method: 'marching-cubes' is not available (expected poisson, poisson25d, heightfield, bpa or tin)",
      }),
    );
  });

  it('meshes by ball pivoting with bpa_radii from the config and writes a clean, oriented PLY', async () => {
    const { dir, mesh, summary } = await runSurface(
      { reconstruction: { surface_method: 'bpa', bpa_radii: [0.012, 0.006], grid_resolution: 0.003 } },
      cloud,
    );
    expect(summary.failed).toEqual([]);
    const ply = decodePly(await readFile(join(dir, 'frame_000000', 'mesh', 'surface.ply')));
    expect(ply.faceCount).toBe((mesh?.faces.length ?? 0) / 3);
    expect(ply.faceCount).toBeGreaterThan(20_000);
    expect(meshTopology(ply.faces ?? new Uint32Array(0))).toMatchObject({
      nonManifoldEdges: 0,
      misorientedEdges: 0,
      duplicateFaces: 0,
      degenerateFaces: 0,
    });
    // Normals face up (−Z) like the bed's, and every vertex is within 1 mm of it (voxel means of true points).
    const normals = ply.normals ?? new Float32Array(0);
    for (let v = 0; v < ply.vertexCount; v++) expect(normals[v * 3 + 2]).toBeLessThan(0);
    expect(medianDistanceMm(scene, mesh?.positions ?? new Float64Array(0))).toBeLessThan(1);
  });
});
