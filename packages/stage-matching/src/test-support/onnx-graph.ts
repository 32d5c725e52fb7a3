import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;
const FLOAT = onnx.TensorProto.DataType.FLOAT;
const INT64 = onnx.TensorProto.DataType.INT64;

/** A float32 (or, with a BigInt64Array, int64) initializer. */
export interface Initializer {
  readonly name: string;
  readonly dims: readonly number[];
  readonly data: Float32Array | BigInt64Array;
}

/** A graph node: op type, inputs, outputs and integer attributes. */
export interface GraphNode {
  readonly op: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly ints?: Readonly<Record<string, number | readonly number[]>>;
}

/** A graph value: name, dims (numbers or symbolic names) and element type (float32 unless `int64`). */
export interface GraphValue {
  readonly name: string;
  readonly dims: readonly (number | string)[];
  readonly type?: 'float32' | 'int64';
}

function valueInfo(v: GraphValue): onnxProto.onnx.IValueInfoProto {
  return {
    name: v.name,
    type: {
      tensorType: {
        elemType: v.type === 'int64' ? INT64 : FLOAT,
        shape: { dim: v.dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
      },
    },
  };
}

/** Encodes an opset-17 ONNX model (IR version 8) built from plain data, with onnx-proto. */
export function encodeOnnxModel(graph: { nodes: GraphNode[]; initializers: Initializer[]; inputs: GraphValue[]; outputs: GraphValue[] }): Uint8Array {
  const model = onnx.ModelProto.create({
    irVersion: 8,
    producerName: 'aquamvs-test',
    opsetImport: [{ domain: '', version: 17 }],
    graph: onnx.GraphProto.create({
      name: 'g',
      node: graph.nodes.map((n, i) =>
        onnx.NodeProto.create({
          name: `n${i}`,
          opType: n.op,
          input: [...n.inputs],
          output: [...n.outputs],
          attribute: Object.entries(n.ints ?? {}).map(([name, i]) =>
            typeof i === 'number'
              ? { name, type: onnx.AttributeProto.AttributeType.INT, i }
              : { name, type: onnx.AttributeProto.AttributeType.INTS, ints: [...i] },
          ),
        }),
      ),
      initializer: graph.initializers.map((t) => ({
        name: t.name,
        dims: [...t.dims],
        dataType: t.data instanceof BigInt64Array ? INT64 : FLOAT,
        rawData: new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength),
      })),
      input: graph.inputs.map(valueInfo),
      output: graph.outputs.map(valueInfo),
    }),
  });
  return onnx.ModelProto.encode(model).finish();
}
