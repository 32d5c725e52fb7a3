import type { Logger } from '@aquamvs/core';
import type { InferenceSession, Tensor } from 'onnxruntime-node';
import { modelInvalid, modelOutput } from '../errors.js';
import { createOnnxSession, dimsText, type Ort } from '../onnx/onnx-session.js';

const KEY = 'sparse_matching.onnx.extractor';
const WHAT = 'a SuperPoint/ALIKED/DISK extractor ONNX export';
const EXPECTED_INPUT = "one float32 input 'image' [1,1,H,W] (grey, 0–1)";
const EXPECTED_OUTPUTS = "outputs 'keypoints' [1,N,2], 'scores' [1,N] and 'descriptors' [1,N,D]";

/** Raw extractor output, keypoints in the pixels of the image the model saw. */
export interface RawKeypoints {
  /** N×2 `(x, y)`. */
  readonly keypoints: Float64Array;
  readonly scores: Float32Array;
  /** N×D. */
  readonly descriptors: Float32Array;
  readonly descriptorSize: number;
}

/** Options of {@link ExtractorModel.load}. */
export interface OnnxModelOptions {
  /** `cuda` falls back to `cpu` with a warning when its provider cannot load. @default 'cpu' */
  readonly executionProvider?: 'cpu' | 'cuda';
  readonly log?: Logger;
}

const numeric = (t: Tensor): boolean => t.type === 'float32' || t.type === 'int64' || t.type === 'int32';

/**
 * A sparse feature extractor run through onnxruntime-node with the layout of the LightGlue ONNX exports: input
 * `image` [1,1,H,W] float32 grey in [0, 1]; outputs `keypoints` [1,N,2] (int64 or float, `(x, y)` pixels of the
 * input), `scores` [1,N] and `descriptors` [1,N,D] float32.
 */
export class ExtractorModel {
  private constructor(
    readonly path: string,
    readonly provider: 'cpu' | 'cuda',
    /** Fixed input size of the model, or null when it takes any size. */
    readonly inputSize: { readonly width: number; readonly height: number } | null,
    private readonly ort: Ort,
    private readonly session: InferenceSession,
    private readonly input: string,
  ) {}

  /** Loads and checks the file; throws `AQM_ERR_MATCHING_MODEL_INVALID` naming the file and what was expected. */
  static async load(path: string, options: OnnxModelOptions = {}): Promise<ExtractorModel> {
    const { ort, session, provider } = await createOnnxSession(path, { key: KEY, what: WHAT, ...options });
    const meta = session.inputMetadata;
    if (meta.length !== 1)
      throw modelInvalid(path, `the model has ${meta.length} inputs (${session.inputNames.join(', ') || 'none'})`, EXPECTED_INPUT, KEY);
    const m = meta[0];
    if (
      !m.isTensor ||
      m.type !== 'float32' ||
      (m.shape.length !== 0 && m.shape.length !== 4) ||
      (typeof m.shape[1] === 'number' && m.shape[1] !== 1)
    ) {
      throw modelInvalid(path, `input '${m.name}' is ${m.isTensor ? `${m.type} ${dimsText(m.shape)}` : 'not a tensor'}`, EXPECTED_INPUT, KEY);
    }
    const names = session.outputNames;
    if (!['keypoints', 'scores', 'descriptors'].every((n) => names.includes(n))) {
      throw modelInvalid(path, `the model's outputs are ${names.map((n) => `'${n}'`).join(', ') || 'none'}`, EXPECTED_OUTPUTS, KEY);
    }
    const [, , h, w] = m.shape;
    const size = typeof h === 'number' && typeof w === 'number' && h > 0 && w > 0 ? { width: w, height: h } : null;
    return new ExtractorModel(path, provider, size, ort, session, m.name);
  }

  /** Runs the model on a `width × height` grey plane in [0, 1]; throws `AQM_ERR_MATCHING_MODEL_OUTPUT` on a wrong output. */
  async run(grey: Float32Array, width: number, height: number, camera: string): Promise<RawKeypoints> {
    const out = await this.session.run({ [this.input]: new this.ort.Tensor('float32', grey, [1, 1, height, width]) });
    try {
      const { keypoints: k, scores: s, descriptors: d } = out;
      const fail = (name: string, t: Tensor, expected: string): never => {
        throw modelOutput(this.path, `camera '${camera}'`, name, `${t.type} ${dimsText(t.dims)}`, expected, KEY);
      };
      if (!numeric(k) || k.dims.length !== 3 || k.dims[0] !== 1 || k.dims[2] !== 2) fail('keypoints', k, 'int64 or float32 [1,N,2]');
      const n = k.dims[1];
      if (s.type !== 'float32' || s.dims.length !== 2 || s.dims[0] !== 1 || s.dims[1] !== n) fail('scores', s, `float32 [1,${n}] like keypoints`);
      if (d.type !== 'float32' || d.dims.length !== 3 || d.dims[0] !== 1 || d.dims[1] !== n || d.dims[2] < 1)
        fail('descriptors', d, `float32 [1,${n},D]`);
      const kd = k.data as Float32Array | Int32Array | BigInt64Array;
      const keypoints = new Float64Array(n * 2);
      for (let i = 0; i < n * 2; i++) keypoints[i] = Number(kd[i]);
      return { keypoints, scores: (s.data as Float32Array).slice(), descriptors: (d.data as Float32Array).slice(), descriptorSize: d.dims[2] };
    } finally {
      for (const tensor of Object.values(out)) tensor.dispose();
    }
  }

  /** Frees the session. */
  async release(): Promise<void> {
    await this.session.release();
  }
}
