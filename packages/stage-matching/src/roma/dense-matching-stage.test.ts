import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ciRig } from '@aquamvs/benchmark';
import {
  aquamvsConfigSchema,
  createMemoryFrameSource,
  runPipeline,
  silentLogger,
  STAGE,
  type AquamvsPlugin,
  type DenseWarpSource,
  type FrameImage,
  type RunSummary,
  type Stage,
} from '@aquamvs/core';
import { describe, expect, it } from 'vitest';
import { matchingPlugin } from '../plugin.js';
import { encodeOnnxModel } from '../test-support/onnx-graph.js';

const calibration = ciRig();
const cameras = Object.keys(calibration.cameras);
const image: FrameImage = { width: 8, height: 6, channels: 3, data: new Uint8Array(8 * 6 * 3).fill(128) };

/** A RoMa-shaped model that answers every pair with the same 4×3 warp and overlap. */
async function constantModel(dir: string): Promise<string> {
  const bytes = encodeOnnxModel({
    inputs: [
      { name: 'image_a', dims: [1, 3, 'H', 'W'] },
      { name: 'image_b', dims: [1, 3, 'H', 'W'] },
    ],
    outputs: [
      { name: 'warp', dims: [1, 3, 4, 2] },
      { name: 'overlap', dims: [1, 3, 4] },
    ],
    initializers: [
      { name: 'w0', dims: [1, 3, 4, 2], data: new Float32Array(24) },
      { name: 'c0', dims: [1, 3, 4], data: new Float32Array(12).fill(0.75) },
    ],
    nodes: [
      { op: 'Identity', inputs: ['w0'], outputs: ['warp'] },
      { op: 'Identity', inputs: ['c0'], outputs: ['overlap'] },
    ],
  });
  const path = join(dir, 'roma-constant.onnx');
  await writeFile(path, bytes);
  return path;
}

/**
 * Runs `images → dense-matching → use` on one frame of the ci rig, with the constant model or no model configured:
 * `images` puts undistorted images of the `present` cameras, `use` hands the frame's `denseWarps` to `consume`.
 */
async function runDenseMatching(
  withModel: boolean,
  present: readonly string[],
  consume: (warps: DenseWarpSource) => Promise<unknown> = () => Promise.resolve(),
): Promise<RunSummary> {
  const dir = await mkdtemp(join(tmpdir(), 'aqm-dense-matching-'));
  const images: Stage = {
    id: 'images',
    consumes: [],
    produces: ['undistortedImages'],
    run: (ctx) => {
      ctx.artifacts.set('undistortedImages', new Map(present.map((c) => [c, image])));
      return Promise.resolve();
    },
  };
  const use: Stage = {
    id: 'use',
    consumes: ['denseWarps'],
    produces: [],
    run: async (ctx) => {
      await consume(ctx.artifacts.get('denseWarps'));
    },
  };
  const helpers: AquamvsPlugin = {
    name: 'test-helpers',
    register(c) {
      c.register(STAGE, { useValue: images });
      c.register(STAGE, { useValue: use });
    },
  };
  return runPipeline({
    config: aquamvsConfigSchema.parse({
      output_dir: join(dir, 'out'),
      matcher_type: 'roma',
      dense_matching: { onnx: { model: withModel ? await constantModel(dir) : null } },
      pipeline: { stages: ['images', 'dense-matching', 'use'] },
    }),
    frameSource: createMemoryFrameSource(cameras, 1, () => new Map(cameras.map((c) => [c, image]))),
    plugins: [matchingPlugin(), helpers],
    resources: { calibration },
    log: silentLogger,
  });
}

describe('stage dense-matching', () => {
  it('fails before frame 0 with AQM_ERR_MATCHING_MODEL_MISSING when no RoMa model is configured', async () => {
    await expect(runDenseMatching(false, cameras)).rejects.toMatchObject({
      code: 'AQM_ERR_STAGE_FAILED',
      stage: 'dense-matching',
      phase: 'prepare',
      cause: {
        code: 'AQM_ERR_MATCHING_MODEL_MISSING',
        message: expect.stringMatching(/^matcher_type roma needs dense_matching\.onnx\.model/) as unknown,
      },
    });
  });

  it('lists no pair of a camera without an image, and fails a warp asked for it with AQM_ERR_MATCHING_CAMERA_MISSING', async () => {
    let pairs: readonly { ref: string; src: string }[] = [];
    const summary = await runDenseMatching(
      true,
      cameras.filter((c) => c !== 'ring02'),
      (warps) => {
        pairs = warps.pairs;
        return warps.warp('ring00', 'ring02');
      },
    );
    expect(pairs.length).toBeGreaterThan(0);
    expect(pairs.filter((p) => p.ref === 'ring02' || p.src === 'ring02')).toEqual([]);
    expect(summary.failed).toHaveLength(1);
    expect(summary.failed[0].error).toMatchObject({
      code: 'AQM_ERR_STAGE_FAILED',
      stage: 'use',
      frame: 0,
      cause: { code: 'AQM_ERR_MATCHING_CAMERA_MISSING', message: "camera 'ring02' has no undistorted image in frame 0" },
    });
  });
});
