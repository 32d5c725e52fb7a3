import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createSyntheticScene } from '@aquamvs/benchmark';
import { PATHWAYS } from '@aquamvs/core';
import { decodeNpz } from '@aquamvs/io';
import { beforeAll, describe, expect, it } from 'vitest';
import { runRoma, writeLookupModel, type RomaRun } from '../test-support/roma-run.js';

const scene = createSyntheticScene({ rig: 'ci', scene: 'undulating', seed: 3 });
let modelPath = '';

const medianMm = (points: Float64Array): number => {
  const d = Array.from(scene.surface.distanceToSurface(points)).sort((a, b) => a - b);
  return d[Math.floor(d.length / 2)] * 1000;
};

beforeAll(async () => {
  modelPath = (await writeLookupModel(scene, 160, 120)).path;
});

describe('RoMa full pathway (undistort → dense-matching → roma-depth → fusion → surface) with a true-warp ONNX model', () => {
  let run: RomaRun;
  beforeAll(async () => {
    run = await runRoma(scene, PATHWAYS['roma:full'], {
      matcher_type: 'roma',
      pipeline_mode: 'full',
      dense_matching: { onnx: { model: modelPath } },
      reconstruction: { voxel_size: 0.002, poisson_depth: 8 },
    });
  });

  it('finishes the frame', () => {
    expect(run.summary.failed.map((f) => f.error.message)).toEqual([]);
    expect(run.summary.done).toEqual([0]);
  });

  it('gives the four ring cameras full-size depth maps with consistency ≥ 3 where they agree', () => {
    const maps = run.artifacts.depthMaps;
    expect([...(maps?.keys() ?? [])]).toEqual(['ring00', 'ring01', 'ring02', 'ring03']);
    for (const map of maps?.values() ?? []) expect([map.width, map.height]).toEqual([320, 240]);
  });

  it('reconstructs the surface: fused cloud and mesh vertices within 1 mm (median) of the true surface', () => {
    const cloud = run.artifacts.pointCloud?.positions ?? new Float64Array();
    const mesh = run.artifacts.mesh?.positions ?? new Float64Array();
    expect(cloud.length / 3).toBeGreaterThan(3000);
    expect(mesh.length / 3).toBeGreaterThan(1000);
    expect(medianMm(cloud)).toBeLessThan(1);
    expect(medianMm(mesh)).toBeLessThan(1);
  });

  it('writes depth_maps/{cam}.npz with depth, confidence and int32 consistency', async () => {
    const npz = decodeNpz(await readFile(join(run.dir, 'frame_000000', 'depth_maps', 'ring02.npz')));
    expect(npz.depth.shape).toEqual([240, 320]);
    expect(npz.consistency.data).toBeInstanceOf(Int32Array);
  });
});

describe('RoMa sparse pathway (undistort → dense-matching → triangulation → sparse-cloud → surface)', () => {
  let run: RomaRun;
  beforeAll(async () => {
    run = await runRoma(scene, PATHWAYS['roma:sparse'], {
      matcher_type: 'roma',
      pipeline_mode: 'sparse',
      dense_matching: { onnx: { model: modelPath }, max_correspondences: 3000 },
      reconstruction: { surface_method: 'heightfield' },
    });
  });

  it('matches each canonical pair once, capped at max_correspondences', () => {
    expect(run.summary.failed.map((f) => f.error.message)).toEqual([]);
    const matches = run.artifacts.matches ?? [];
    const keys = matches.map((m) => `${m.ref}-${m.src}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const m of matches) expect(m.ref < m.src).toBe(true);
    expect(matches.length).toBe(10);
    for (const m of matches) expect(m.scores.length).toBeLessThanOrEqual(3000);
    expect(Math.max(...matches.map((m) => m.scores.length))).toBeGreaterThan(2000);
  });

  it('triangulates a sparse cloud within 1 mm (median) of the true surface', () => {
    const points = run.artifacts.sparseCloud?.points ?? new Float64Array();
    expect(points.length / 3).toBeGreaterThan(5000);
    expect(medianMm(points)).toBeLessThan(1);
    expect(run.artifacts.mesh?.faces.length ?? 0).toBeGreaterThan(0);
  });
});
