import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { writeSyntheticDataset } from '@aquamvs/benchmark';
import { silentLogger, type RunSummary } from '@aquamvs/core';
import { readNpz, writePly } from '@aquamvs/io';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findSyntheticDataset, reportSyntheticAccuracy } from './synthetic-accuracy.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'aqm-synthetic-accuracy-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** What `reportSyntheticAccuracy` prints for a run whose `fused.ply` holds `points`. */
async function accuracyOf(data: string, points: Float32Array): Promise<string> {
  const output = join(data, 'output');
  await writePly(join(output, 'frame_000000', 'point_cloud', 'fused.ply'), { positions: points });
  const dataset = await findSyntheticDataset(join(data, 'config.yaml'));
  expect(dataset).toBeDefined();
  const summary = { outputDir: output, done: [0], skipped: [] } as unknown as RunSummary;
  const stdout = new PassThrough();
  let text = '';
  stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
  await reportSyntheticAccuracy(dataset!, summary, silentLogger, { streams: { stdout, stderr: new PassThrough() }, setExitCode: () => undefined });
  return text;
}

describe('accuracy of a run on a synthetic dataset', () => {
  it('scores against the surface the images show, at the depth and through the rig the dataset was rendered with', async () => {
    const data = join(dir, 'deep');
    await writeSyntheticDataset({ rig: 'ci', scene: 'flat', seed: 0, out: data, workers: 1, sceneOptions: { depthBelowWater: 0.3 } });
    // The exact surface points one camera sees: a perfect cloud, 0 mm off — not the 0.2 m default bed's 100 mm.
    const truth = await readNpz(join(data, 'ground_truth', 'ring00.npz'));
    const points = Float32Array.from((truth.points.data as Float32Array).filter(Number.isFinite));
    const text = await accuracyOf(data, points);
    const median = Number(/fused cloud: \d+ points, median ([\d.]+) mm/.exec(text)?.[1]);
    expect(median).toBeLessThan(0.01);
  });
});
