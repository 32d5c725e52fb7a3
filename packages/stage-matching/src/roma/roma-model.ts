import type { FrameImage, Logger } from '@aquamvs/core';
import type { InferenceSession, Tensor } from 'onnxruntime-node';
import { modelInvalid, modelOutput } from '../errors.js';
import { createOnnxSession, dimsText, type Ort } from '../onnx/onnx-session.js';
import type { DenseWarp } from '@aquamvs/core';
import { imageToTensor } from './image-tensor.js';

/** Names accepted for the certainty output, first match wins. */
const ROMA_CERTAINTY_OUTPUTS = ['overlap', 'certainty'] as const;
const EXPECTED_INPUTS = 'two float32 image inputs [1,3,H,W] (reference, then source)';
const EXPECTED_OUTPUTS = "outputs 'warp' [1,H_w,W_w,2] and 'overlap' (or 'certainty') [1,H_w,W_w], float32";

/** Options of {@link RomaModel.load}. */
export interface RomaModelOptions {
  /** `cuda` is tried first and falls back to `cpu` with a warning (onnxruntime-node throws instead). @default 'cpu' */
  readonly executionProvider?: 'cpu' | 'cuda';
  readonly log?: Logger;
}

/**
 * A RoMa-style dense matcher run through onnxruntime-node: one session per run, one `match` per directed pair.
 * The I/O layout is described in the package README ("RoMa ONNX model").
 * @example
 * const model = await RomaModel.load('roma.onnx');
 * const warp = await model.match(refImage, srcImage); // warp.warp: H_w×W_w×2 in [−1, 1], warp.certainty: H_w×W_w
 * await model.release();
 */
export class RomaModel {
  /** Fixed model input size, or null when the model takes any size (images are then passed at their own size). */
  readonly inputSize: { readonly width: number; readonly height: number } | null;

  private constructor(
    readonly path: string,
    readonly provider: 'cpu' | 'cuda',
    private readonly ort: Ort,
    private readonly session: InferenceSession,
    private readonly inputs: readonly [string, string],
    private readonly certaintyName: string,
    inputSize: { width: number; height: number } | null,
  ) {
    this.inputSize = inputSize;
  }

  /** Loads and checks a model file; throws `AQM_ERR_MATCHING_MODEL_INVALID` naming the file and what was expected. */
  static async load(path: string, options: RomaModelOptions = {}): Promise<RomaModel> {
    const { ort, session, provider } = await createOnnxSession(path, {
      key: 'dense_matching.onnx.model',
      what: 'a RoMa ONNX model file',
      ...(options.executionProvider === undefined ? {} : { executionProvider: options.executionProvider }),
      ...(options.log === undefined ? {} : { log: options.log }),
    });
    const { inputs, inputSize } = checkInputs(path, session);
    const certaintyName = checkOutputs(path, session);
    return new RomaModel(path, provider, ort, session, inputs, certaintyName, inputSize);
  }

  /** Runs the model on `ref → src`; throws `AQM_ERR_MATCHING_MODEL_OUTPUT` when an output has the wrong shape. */
  async match(ref: FrameImage, src: FrameImage, pair = 'ref→src'): Promise<DenseWarp> {
    const feeds: Record<string, Tensor> = {};
    [ref, src].forEach((image, i) => {
      const width = this.inputSize?.width ?? image.width;
      const height = this.inputSize?.height ?? image.height;
      feeds[this.inputs[i]] = new this.ort.Tensor('float32', imageToTensor(image, width, height), [1, 3, height, width]);
    });
    const out = await this.session.run(feeds);
    const warp = out.warp;
    const certainty = out[this.certaintyName];
    try {
      const wd = warp.dims;
      if (warp.type !== 'float32' || wd.length !== 4 || wd[0] !== 1 || wd[3] !== 2) {
        throw modelOutput(this.path, `pair ${pair}`, 'warp', `${warp.type} ${dimsText(wd)}`, 'float32 [1,H_w,W_w,2]');
      }
      const [, height, width] = wd;
      const cd = certainty.dims;
      if (certainty.type !== 'float32' || cd.length !== 3 || cd[0] !== 1 || cd[1] !== height || cd[2] !== width) {
        throw modelOutput(
          this.path,
          `pair ${pair}`,
          this.certaintyName,
          `${certainty.type} ${dimsText(cd)}`,
          `float32 [1,${height},${width}] like warp`,
        );
      }
      return { width, height, warp: (warp.data as Float32Array).slice(), certainty: (certainty.data as Float32Array).slice() };
    } finally {
      for (const tensor of Object.values(out)) tensor.dispose();
    }
  }

  /** Frees the session. */
  async release(): Promise<void> {
    await this.session.release();
  }
}

function checkInputs(path: string, session: InferenceSession): { inputs: [string, string]; inputSize: { width: number; height: number } | null } {
  const meta = session.inputMetadata;
  if (meta.length !== 2) {
    throw modelInvalid(path, `the model has ${meta.length} inputs (${session.inputNames.join(', ') || 'none'})`, EXPECTED_INPUTS);
  }
  let size: { width: number; height: number } | null = null;
  for (const m of meta) {
    if (
      !m.isTensor ||
      m.type !== 'float32' ||
      (m.shape.length !== 0 && m.shape.length !== 4) ||
      (typeof m.shape[1] === 'number' && m.shape[1] !== 3)
    ) {
      const got = m.isTensor ? `${m.type} ${dimsText(m.shape)}` : 'not a tensor';
      throw modelInvalid(path, `input '${m.name}' is ${got}`, EXPECTED_INPUTS);
    }
    const [, , h, w] = m.shape;
    if (typeof h === 'number' && typeof w === 'number' && h > 0 && w > 0) size = { width: w, height: h };
  }
  return { inputs: [meta[0].name, meta[1].name], inputSize: size };
}

function checkOutputs(path: string, session: InferenceSession): string {
  const names = session.outputNames;
  const certainty = ROMA_CERTAINTY_OUTPUTS.find((n) => names.includes(n));
  if (!names.includes('warp') || certainty === undefined) {
    throw modelInvalid(path, `the model's outputs are ${names.map((n) => `'${n}'`).join(', ') || 'none'}`, EXPECTED_OUTPUTS);
  }
  return certainty;
}
