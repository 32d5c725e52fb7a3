import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from '@aquamvs/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { encodeOnnxModel, type GraphValue } from '../test-support/onnx-graph.js';
import { buildMnnMatcher } from '../test-support/lightglue-models.js';
import { ExtractorModel } from './extractor-model.js';
import { MatcherModel, normaliseKeypoints } from './matcher-model.js';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'aqm-lightglue-models-'));
});

/** An extractor returning constant outputs: keypoints [[10,20],[30,40]] (shape `kpDims`), scores, 4-D descriptors. */
async function constantExtractor(name: string, o: { input?: GraphValue; kpDims?: number[]; outputs?: string[] } = {}): Promise<string> {
  const kpDims = o.kpDims ?? [1, 2, 2];
  const count = kpDims.reduce((a, b) => a * b, 1);
  const [kName, sName, dName] = o.outputs ?? ['keypoints', 'scores', 'descriptors'];
  const bytes = encodeOnnxModel({
    inputs: [o.input ?? { name: 'image', dims: [1, 1, 'H', 'W'] }],
    outputs: [
      { name: kName, dims: kpDims, type: 'int64' },
      { name: sName, dims: [1, 2] },
      { name: dName, dims: [1, 2, 4] },
    ],
    initializers: [
      { name: 'k', dims: kpDims, data: BigInt64Array.from({ length: count }, (_, i) => BigInt(10 * (i + 1))) },
      { name: 's', dims: [1, 2], data: new Float32Array([0.5, 0.25]) },
      { name: 'd', dims: [1, 2, 4], data: new Float32Array([1, 0, 0, 0, 0, 1, 0, 0]) },
    ],
    nodes: [
      { op: 'Identity', inputs: ['k'], outputs: [kName] },
      { op: 'Identity', inputs: ['s'], outputs: [sName] },
      { op: 'Identity', inputs: ['d'], outputs: [dName] },
    ],
  });
  const path = join(dir, name);
  await writeFile(path, bytes);
  return path;
}

describe('ExtractorModel', () => {
  it('reads int64 keypoints, scores and descriptors of the LightGlue export layout', async () => {
    const model = await ExtractorModel.load(await constantExtractor('ok.onnx'));
    expect(model.inputSize).toBeNull();
    const raw = await model.run(new Float32Array(6 * 4), 6, 4, 'cam0');
    expect(Array.from(raw.keypoints)).toEqual([10, 20, 30, 40]);
    expect(Array.from(raw.scores)).toEqual([0.5, 0.25]);
    expect(raw.descriptorSize).toBe(4);
    await model.release();
  });

  it('falls back from cuda to cpu with a warning when the CUDA provider cannot load', async () => {
    const warnings: string[] = [];
    const log = { warn: (m: string) => void warnings.push(m) } as unknown as Logger;
    const model = await ExtractorModel.load(await constantExtractor('cuda.onnx'), { executionProvider: 'cuda', log });
    if (model.provider === 'cpu')
      expect(warnings.join('\n')).toMatch(/^sparse_matching\.onnx\.extractor '.*cuda\.onnx': CUDA execution provider unavailable.*using the CPU/);
    else expect(warnings).toEqual([]);
    await model.release();
  });

  it('names file, key and expectation for a missing file, an RGB input, wrong output names and wrong output shapes', async () => {
    await expect(ExtractorModel.load(join(dir, 'nope.onnx'))).rejects.toThrow(
      /^sparse_matching\.onnx\.extractor '.*nope\.onnx': cannot read the file/,
    );
    const rgb = await constantExtractor('rgb.onnx', { input: { name: 'image', dims: [1, 3, 'H', 'W'] } });
    await expect(ExtractorModel.load(rgb)).rejects.toThrow(/input 'image' is float32 \[1,3,H,W\]; expected one float32 input 'image' \[1,1,H,W\]/);
    const names = await constantExtractor('names.onnx', { outputs: ['kpts', 'scores', 'descriptors'] });
    await expect(ExtractorModel.load(names)).rejects.toMatchObject({ code: 'AQM_ERR_MATCHING_MODEL_INVALID' });
    await expect(ExtractorModel.load(names)).rejects.toThrow(/outputs are 'kpts', 'scores', 'descriptors'; expected outputs 'keypoints' \[1,N,2\]/);
    const three = await ExtractorModel.load(await constantExtractor('three.onnx', { kpDims: [1, 2, 3] }));
    await expect(three.run(new Float32Array(4), 2, 2, 'cam7')).rejects.toMatchObject({ code: 'AQM_ERR_MATCHING_MODEL_OUTPUT' });
    await expect(three.run(new Float32Array(4), 2, 2, 'cam7')).rejects.toThrow(
      /three\.onnx': output 'keypoints' for camera 'cam7' is int64 \[1,2,3\], expected int64 or float32 \[1,N,2\]/,
    );
    await three.release();
  });
});

describe('MatcherModel', () => {
  const kp = (n: number): Float32Array => new Float32Array(n * 2);
  const d0 = new Float32Array([1, 0, 0, 0, 1, 0, 0, 0, 1]);
  const d1 = new Float32Array([0, 0, 1, 0.9, 0.1, 0, 0, 0.2, 0.3]);

  it('returns mutual matches in both the pair-list and the index form', async () => {
    for (const form of ['pairs', 'index'] as const) {
      const path = join(dir, `mnn-${form}.onnx`);
      await writeFile(path, buildMnnMatcher(form));
      const model = await MatcherModel.load(path);
      const m = await model.match(kp(3), kp(3), d0, d1, 3, 'a-b');
      expect(Array.from(m.idx0), form).toEqual([0, 2]);
      expect(Array.from(m.idx1), form).toEqual([1, 0]);
      expect(m.scores[0]).toBeCloseTo(0.9, 6);
      expect(m.scores[1]).toBeCloseTo(1, 6);
      await model.release();
    }
  });

  it('rejects a model without the kpts0/kpts1/desc0/desc1 inputs, naming key and file', async () => {
    await expect(MatcherModel.load(await constantExtractor('ext.onnx'))).rejects.toThrow(
      /^sparse_matching\.onnx\.matcher '.*ext\.onnx': the model's inputs are 'image'; expected float32 inputs 'kpts0' \[1,N,2\]/,
    );
  });

  it('normalises keypoints as LightGlue does: (kp − size/2) / (max(W, H)/2)', () => {
    const out = normaliseKeypoints(new Float64Array([0, 0, 320, 240, 160, 120]), 320, 240);
    expect(Array.from(out)).toEqual([-1, -0.75, 1, 0.75, 0, 0]);
  });
});
