import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AquamvsError, type FrameImage, type Logger } from '@aquamvs/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { encodeOnnxModel, type GraphValue } from '../test-support/onnx-graph.js';
import { RomaModel } from './roma-model.js';

let dir = '';
const image: FrameImage = { width: 8, height: 6, channels: 3, data: new Uint8Array(8 * 6 * 3).fill(255) };

/** A model `warp = Identity(w0)`, `<certaintyName> = Identity(c0)` with the given output dims, ignoring its inputs' values. */
async function writeModel(name: string, o: { inputs?: GraphValue[]; warpDims?: number[]; certName?: string; certDims?: number[] }): Promise<string> {
  const warpDims = o.warpDims ?? [1, 3, 4, 2];
  const certDims = o.certDims ?? [1, 3, 4];
  const count = (d: number[]): number => d.reduce((a, b) => a * b, 1);
  const warp = new Float32Array(count(warpDims)).map((_, i) => (i % 2 === 0 ? 0.25 : -0.5));
  const bytes = encodeOnnxModel({
    inputs: o.inputs ?? [
      { name: 'image_a', dims: [1, 3, 'H', 'W'] },
      { name: 'image_b', dims: [1, 3, 'H', 'W'] },
    ],
    outputs: [
      { name: 'warp', dims: warpDims },
      { name: o.certName ?? 'overlap', dims: certDims },
    ],
    initializers: [
      { name: 'w0', dims: warpDims, data: warp },
      { name: 'c0', dims: certDims, data: new Float32Array(count(certDims)).fill(0.75) },
    ],
    nodes: [
      { op: 'Identity', inputs: ['w0'], outputs: ['warp'] },
      { op: 'Identity', inputs: ['c0'], outputs: [o.certName ?? 'overlap'] },
    ],
  });
  const path = join(dir, name);
  await writeFile(path, bytes);
  return path;
}

async function errorOf(p: Promise<unknown>): Promise<AquamvsError> {
  try {
    await p;
  } catch (error) {
    if (error instanceof AquamvsError) return error;
    throw error;
  }
  throw new Error('expected an error');
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'aqm-roma-model-'));
});

describe('RomaModel', () => {
  it('runs a model with dynamic input size and returns its warp and certainty (H_w×W_w grid)', async () => {
    const model = await RomaModel.load(await writeModel('ok.onnx', {}));
    expect(model.inputSize).toBeNull();
    expect(model.provider).toBe('cpu');
    const warp = await model.match(image, image);
    expect([warp.width, warp.height]).toEqual([4, 3]);
    expect(warp.warp.length).toBe(24);
    expect(warp.warp[0]).toBeCloseTo(0.25, 6);
    expect(warp.warp[1]).toBeCloseTo(-0.5, 6);
    expect(warp.certainty.every((c) => Math.abs(c - 0.75) < 1e-6)).toBe(true);
    await model.release();
  });

  it('accepts a certainty output named certainty and reads a fixed input size', async () => {
    const path = await writeModel('fixed.onnx', {
      certName: 'certainty',
      inputs: [
        { name: 'a', dims: [1, 3, 12, 16] },
        { name: 'b', dims: [1, 3, 12, 16] },
      ],
    });
    const model = await RomaModel.load(path);
    expect(model.inputSize).toEqual({ width: 16, height: 12 });
    expect((await model.match(image, image)).certainty.length).toBe(12);
    await model.release();
  });

  it('falls back from cuda to cpu with a warning when the CUDA provider cannot load', async () => {
    const warnings: string[] = [];
    const log = { warn: (m: string) => void warnings.push(m) } as unknown as Logger;
    const model = await RomaModel.load(await writeModel('cuda.onnx', {}), { executionProvider: 'cuda', log });
    if (model.provider === 'cpu') expect(warnings.join('\n')).toMatch(/CUDA execution provider unavailable.*using the CPU/);
    else expect(warnings).toEqual([]);
    await model.release();
  });

  it('names the file and what was expected for a missing file, a non-ONNX file and wrong inputs/outputs', async () => {
    const missing = await errorOf(RomaModel.load(join(dir, 'nope.onnx')));
    expect(missing.code).toBe('AQM_ERR_MATCHING_MODEL_INVALID');
    expect(missing.message).toMatch(/nope\.onnx.*cannot read the file.*expected a RoMa ONNX model file/);
    const junkPath = join(dir, 'junk.onnx');
    await writeFile(junkPath, 'not a protobuf at all');
    const junk = await errorOf(RomaModel.load(junkPath));
    expect(junk.message).toMatch(/junk\.onnx': not a loadable ONNX model/);
    expect(junk.message.includes('\n')).toBe(false);
    const oneInput = await errorOf(RomaModel.load(await writeModel('one.onnx', { inputs: [{ name: 'x', dims: [1, 3, 'H', 'W'] }] })));
    expect(oneInput.message).toMatch(/one\.onnx': the model has 1 inputs \(x\); expected two float32 image inputs \[1,3,H,W\]/);
    const grey = await errorOf(
      RomaModel.load(
        await writeModel('grey.onnx', {
          inputs: [
            { name: 'a', dims: [1, 1, 8, 8] },
            { name: 'b', dims: [1, 1, 8, 8] },
          ],
        }),
      ),
    );
    expect(grey.message).toMatch(/input 'a' is float32 \[1,1,8,8\]/);
    const names = await errorOf(RomaModel.load(await writeModel('names.onnx', { certName: 'score' })));
    expect(names.message).toMatch(/outputs are 'warp', 'score'; expected outputs 'warp' \[1,H_w,W_w,2\] and 'overlap'/);
  });

  it('rejects mismatched output shapes at run time, naming output, pair and expected shape', async () => {
    const four = await RomaModel.load(await writeModel('warp4.onnx', { warpDims: [1, 3, 4, 4] }));
    const e1 = await errorOf(four.match(image, image, 'ring00→ring01'));
    expect(e1.code).toBe('AQM_ERR_MATCHING_MODEL_OUTPUT');
    expect(e1.message).toMatch(/warp4\.onnx': output 'warp' for pair ring00→ring01 is float32 \[1,3,4,4\], expected float32 \[1,H_w,W_w,2\]/);
    const grid = await RomaModel.load(await writeModel('grid.onnx', { certDims: [1, 6, 8] }));
    const e2 = await errorOf(grid.match(image, image));
    expect(e2.message).toMatch(/output 'overlap' for pair ref→src is float32 \[1,6,8\], expected float32 \[1,3,4\] like warp/);
    await four.release();
    await grid.release();
  });
});
