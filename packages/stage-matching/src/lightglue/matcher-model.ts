import type { InferenceSession, Tensor } from 'onnxruntime-node';
import { modelInvalid, modelOutput } from '../errors.js';
import { createOnnxSession, dimsText, type Ort } from '../onnx/onnx-session.js';
import type { OnnxModelOptions } from './extractor-model.js';

const KEY = 'sparse_matching.onnx.matcher';
const WHAT = 'a LightGlue ONNX export';
const INPUTS = ['kpts0', 'kpts1', 'desc0', 'desc1'] as const;
const EXPECTED_INPUTS = "float32 inputs 'kpts0' [1,N,2], 'kpts1' [1,M,2], 'desc0' [1,N,D], 'desc1' [1,M,D]";
const EXPECTED_OUTPUTS = "outputs 'matches0' ([K,2] pairs or [1,N] indices) and 'mscores0' ([K] or [1,N])";

/** Matches of one pair: indices into the two keypoint lists and the match scores. */
export interface IndexMatches {
  readonly idx0: Int32Array;
  readonly idx1: Int32Array;
  readonly scores: Float32Array;
}

/**
 * A LightGlue matcher run through onnxruntime-node with the layout of the LightGlue ONNX exports: inputs `kpts0`
 * [1,N,2], `kpts1` [1,M,2] (normalised keypoints, see {@link normaliseKeypoints}), `desc0` [1,N,D], `desc1`
 * [1,M,D]; outputs `matches0` and `mscores0`, either as a pair list (`[K,2]` int64 `(i, j)` rows and `[K]` scores)
 * or in index form (`[1,N]`: the match of keypoint i in image 1, −1 for none, and its score).
 */
export class MatcherModel {
  private constructor(
    readonly path: string,
    readonly provider: 'cpu' | 'cuda',
    private readonly ort: Ort,
    private readonly session: InferenceSession,
  ) {}

  /** Loads and checks the file; throws `AQM_ERR_MATCHING_MODEL_INVALID` naming the file and what was expected. */
  static async load(path: string, options: OnnxModelOptions = {}): Promise<MatcherModel> {
    const { ort, session, provider } = await createOnnxSession(path, { key: KEY, what: WHAT, ...options });
    const names = session.inputNames;
    if (names.length !== 4 || !INPUTS.every((n) => names.includes(n))) {
      throw modelInvalid(path, `the model's inputs are ${names.map((n) => `'${n}'`).join(', ') || 'none'}`, EXPECTED_INPUTS, KEY);
    }
    for (const m of session.inputMetadata) {
      if (!m.isTensor || m.type !== 'float32' || (m.shape.length !== 0 && m.shape.length !== 3)) {
        throw modelInvalid(path, `input '${m.name}' is ${m.isTensor ? `${m.type} ${dimsText(m.shape)}` : 'not a tensor'}`, EXPECTED_INPUTS, KEY);
      }
    }
    const outs = session.outputNames;
    if (!outs.includes('matches0') || !outs.includes('mscores0')) {
      throw modelInvalid(path, `the model's outputs are ${outs.map((n) => `'${n}'`).join(', ') || 'none'}`, EXPECTED_OUTPUTS, KEY);
    }
    return new MatcherModel(path, provider, ort, session);
  }

  /** Matches two keypoint sets (normalised, N×2 and M×2) with their N×D and M×D descriptors. */
  async match(kpts0: Float32Array, kpts1: Float32Array, desc0: Float32Array, desc1: Float32Array, size: number, pair: string): Promise<IndexMatches> {
    const n = kpts0.length / 2;
    const m = kpts1.length / 2;
    const { Tensor: T } = this.ort;
    const out = await this.session.run({
      kpts0: new T('float32', kpts0, [1, n, 2]),
      kpts1: new T('float32', kpts1, [1, m, 2]),
      desc0: new T('float32', desc0, [1, n, size]),
      desc1: new T('float32', desc1, [1, m, size]),
    });
    try {
      return this.#read(out.matches0, out.mscores0, n, m, `pair ${pair}`);
    } finally {
      for (const tensor of Object.values(out)) tensor.dispose();
    }
  }

  #read(matches: Tensor, scores: Tensor, n: number, m: number, pair: string): IndexMatches {
    const fail = (name: string, t: Tensor, expected: string): never => {
      throw modelOutput(this.path, pair, name, `${t.type} ${dimsText(t.dims)}`, expected, KEY);
    };
    if (matches.type !== 'int64' && matches.type !== 'int32') fail('matches0', matches, `int64 [K,2] or [1,${n}]`);
    const md = matches.data as BigInt64Array | Int32Array;
    const sd = scores.data as Float32Array;
    if (scores.dims.length === 1) {
      if (matches.dims.length !== 2 || matches.dims[1] !== 2) fail('matches0', matches, 'int64 [K,2] with mscores0 [K]');
      const k = matches.dims[0];
      if (scores.type !== 'float32' || scores.dims.length !== 1 || scores.dims[0] !== k) fail('mscores0', scores, `float32 [${k}] like matches0`);
      const idx0 = new Int32Array(k);
      const idx1 = new Int32Array(k);
      for (let i = 0; i < k; i++) {
        idx0[i] = Number(md[i * 2]);
        idx1[i] = Number(md[i * 2 + 1]);
        if (idx0[i] < 0 || idx0[i] >= n || idx1[i] < 0 || idx1[i] >= m) fail('matches0', matches, `indices in [0,${n})×[0,${m})`);
      }
      return { idx0, idx1, scores: sd.slice() };
    }
    if (matches.dims.length !== 2 || matches.dims[0] !== 1 || matches.dims[1] !== n) fail('matches0', matches, `int64 [K,2] or [1,${n}]`);
    if (scores.type !== 'float32' || scores.dims.length !== 2 || scores.dims[1] !== n) fail('mscores0', scores, `float32 [1,${n}] like matches0`);
    const i0: number[] = [];
    for (let i = 0; i < n; i++) {
      const j = Number(md[i]);
      if (j >= m) fail('matches0', matches, `indices below ${m} or −1`);
      if (j >= 0) i0.push(i);
    }
    const idx0 = Int32Array.from(i0);
    return { idx0, idx1: idx0.map((i) => Number(md[i])), scores: Float32Array.from(i0, (i) => sd[i]) };
  }

  /** Frees the session. */
  async release(): Promise<void> {
    await this.session.release();
  }
}

/**
 * LightGlue's keypoint normalisation `(kp − size/2) / (max(W, H)/2)`, for keypoints in pixels of a `W × H` image
 * (applied here because the ONNX exports leave it to the caller).
 */
export function normaliseKeypoints(keypoints: Float64Array, width: number, height: number): Float32Array {
  const out = new Float32Array(keypoints.length);
  const half = Math.max(width, height) / 2;
  for (let i = 0; i < keypoints.length; i += 2) {
    out[i] = (keypoints[i] - width / 2) / half;
    out[i + 1] = (keypoints[i + 1] - height / 2) / half;
  }
  return out;
}
