import { loadOrt } from '@aquamvs/stage-matching';
import { modelNotOnnx } from '../errors.js';

/** One input or output of an ONNX model: name, element type and dims (symbolic dims by name). */
export interface TensorContract {
  readonly name: string;
  readonly type: string;
  readonly dims: readonly (number | string)[];
}

/** The inputs and outputs of an ONNX model, as onnxruntime reads them. */
export interface OnnxContract {
  readonly inputs: readonly TensorContract[];
  readonly outputs: readonly TensorContract[];
}

/** `image0 float32 [1,3,H,W]` */
export function describeTensors(tensors: readonly TensorContract[]): string {
  return tensors.map((t) => `${t.name} ${t.type} [${t.dims.join(',')}]`).join(', ');
}

/**
 * Loads `bytes` with onnxruntime (CPU) and reads its contract; `AQM_ERR_MODEL_NOT_ONNX` when it does not load,
 * `AQM_ERR_MATCHING_ONNXRUNTIME_MISSING` when onnxruntime-node (an optional peer) is not installed.
 */
export async function readOnnxContract(bytes: Uint8Array, source: string): Promise<OnnxContract> {
  const { InferenceSession } = await loadOrt('aquamvs models add');
  let session: Awaited<ReturnType<typeof InferenceSession.create>>;
  try {
    session = await InferenceSession.create(bytes, { executionProviders: ['cpu'], logSeverityLevel: 4 });
  } catch (error) {
    throw modelNotOnnx(source, (error instanceof Error ? error.message : String(error)).split('\n')[0]);
  }
  try {
    const tensors = (meta: typeof session.inputMetadata): TensorContract[] =>
      meta.map((m) => (m.isTensor ? { name: m.name, type: m.type, dims: [...m.shape] } : { name: m.name, type: 'non-tensor', dims: [] }));
    return { inputs: tensors(session.inputMetadata), outputs: tensors(session.outputMetadata) };
  } finally {
    await session.release();
  }
}
