/**
 * The core of the ONNX graph builder: values, inputs/outputs, initializers, constants and generic
 * nodes, plus serialisation to ModelProto bytes. Typed operator helpers are layered on top by
 * subclassing: `TensorOps` (ops.ts: elementwise, shape, reductions) and `GraphBuilder` (nn.ts:
 * linear, norms, attention, RoPE, relative position bias).
 */
import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;

/** Element types the builder emits. */
export type DType = 'float32' | 'int64' | 'int32' | 'bool' | 'float16';

const ELEM_TYPE: Record<DType, number> = {
  float32: onnx.TensorProto.DataType.FLOAT,
  int64: onnx.TensorProto.DataType.INT64,
  int32: onnx.TensorProto.DataType.INT32,
  bool: onnx.TensorProto.DataType.BOOL,
  float16: onnx.TensorProto.DataType.FLOAT16,
};

/** A dimension: a fixed size, or a symbolic name shared by every input that uses it (e.g. 'batch'). */
export type Dim = number | string;

/** A tensor in the graph under construction. Only its name matters to ONNX; dtype helps the helpers. */
export class Value {
  constructor(
    readonly name: string,
    readonly dtype: DType,
  ) {}
}

/**
 * Float32 tensor data that stays in a file on disk (ONNX external data): onnxruntime reads it when
 * the session is created, so the weights never pass through JavaScript. `location` is relative to
 * the session's external-data folder (`EngineSession.create(bytes, { externalDataDir })`).
 */
export interface ExternalTensorRef {
  location: string;
  /** Byte offset of the tensor in the file. */
  offset: number;
  /** Byte length (numel · 4). */
  length: number;
}

export function isExternalTensorRef(x: unknown): x is ExternalTensorRef {
  return typeof x === 'object' && x !== null && 'location' in x && 'offset' in x && 'length' in x;
}

export type AttrValue =
  number | string | number[] | string[] | Float32Array | { ints: number[] } | { floats: number[] } | { float: number };

export interface NodeOptions {
  /** Operator domain: '' (ONNX) or 'com.microsoft' (onnxruntime contrib ops). */
  domain?: string;
  /** Number of outputs (default 1). */
  outputs?: number;
  /** dtype of the outputs, for the helpers (default: dtype of the first input, or float32). */
  dtype?: DType;
  /** Readable base name for the node and its outputs. */
  name?: string;
}

export interface GraphBuilderOptions {
  name?: string;
  /** ONNX opset of the default domain (>= 17 for LayerNormalization). Default 17. */
  opset?: number;
}

function attribute(name: string, v: AttrValue): InstanceType<typeof onnx.AttributeProto> {
  const A = onnx.AttributeProto.AttributeType;
  const a = new onnx.AttributeProto({ name });
  if (typeof v === 'number') {
    // Integers become INT attributes; use { float: x } to force a FLOAT attribute for integral values.
    if (Number.isInteger(v)) {
      a.type = A.INT;
      a.i = v;
    } else {
      a.type = A.FLOAT;
      a.f = v;
    }
  } else if (typeof v === 'string') {
    a.type = A.STRING;
    a.s = new TextEncoder().encode(v);
  } else if (Array.isArray(v)) {
    if (v.length > 0 && typeof v[0] === 'string') {
      a.type = A.STRINGS;
      a.strings = (v as string[]).map((s) => new TextEncoder().encode(s));
    } else {
      a.type = A.INTS;
      a.ints = v as number[];
    }
  } else if (v instanceof Float32Array) {
    a.type = A.FLOATS;
    a.floats = [...v];
  } else if ('float' in v) {
    a.type = A.FLOAT;
    a.f = v.float;
  } else if ('ints' in v) {
    a.type = A.INTS;
    a.ints = v.ints;
  } else {
    a.type = A.FLOATS;
    a.floats = v.floats;
  }
  return a;
}

function typedBytes(data: ArrayBufferView): Uint8Array {
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

export class GraphBuilderCore {
  readonly graphName: string;
  readonly opset: number;
  private readonly nodes: InstanceType<typeof onnx.NodeProto>[] = [];
  private readonly initializers: InstanceType<typeof onnx.TensorProto>[] = [];
  private readonly inputs: InstanceType<typeof onnx.ValueInfoProto>[] = [];
  private readonly outputs: InstanceType<typeof onnx.ValueInfoProto>[] = [];
  private readonly usedNames = new Set<string>();
  private readonly domains = new Set<string>();
  private readonly scopes: string[] = [];
  private readonly constCache = new Map<string, Value>();
  /** Total bytes of initializer data, for reporting. */
  initializerBytes = 0;

  constructor(options: GraphBuilderOptions = {}) {
    this.graphName = options.name ?? 'graph';
    this.opset = options.opset ?? 17;
    if (this.opset < 17) throw new Error(`opset ${this.opset} < 17 is not supported by the graph builder`);
  }

  /** A name unique in the graph, prefixed with the current scope. */
  uniqueName(base: string): string {
    const scoped = this.scopes.length > 0 ? `${this.scopes.join('/')}/${base}` : base;
    let name = scoped;
    for (let i = 1; this.usedNames.has(name); i++) name = `${scoped}_${i}`;
    this.usedNames.add(name);
    return name;
  }

  /** Runs `fn` with node and value names prefixed by `name` (e.g. 'encoder/block.3'), like a PyTorch module path. */
  scope<T>(name: string, fn: () => T): T {
    this.scopes.push(name);
    try {
      return fn();
    } finally {
      this.scopes.pop();
    }
  }

  /** A graph input; dims are numbers (fixed) or strings (symbolic, e.g. 'batch'). */
  input(name: string, dtype: DType, dims: Dim[]): Value {
    if (this.usedNames.has(name)) throw new Error(`duplicate graph name ${name}`);
    this.usedNames.add(name);
    this.inputs.push(this.valueInfo(name, dtype, dims));
    return new Value(name, dtype);
  }

  /**
   * Marks `value` as a graph output named `name` (an Identity node is added when the names differ).
   * `dims` may be omitted (shape left to inference).
   */
  output(value: Value, name: string = value.name, dims?: Dim[]): Value {
    let v = value;
    if (name !== value.name) {
      if (this.usedNames.has(name)) throw new Error(`duplicate graph name ${name}`);
      this.usedNames.add(name);
      this.nodes.push(new onnx.NodeProto({ opType: 'Identity', input: [value.name], output: [name], name: `${name}/Identity` }));
      v = new Value(name, value.dtype);
    }
    this.outputs.push(this.valueInfo(name, v.dtype, dims));
    return v;
  }

  private valueInfo(name: string, dtype: DType, dims?: Dim[]): InstanceType<typeof onnx.ValueInfoProto> {
    const tensorType: Record<string, unknown> = { elemType: ELEM_TYPE[dtype] };
    if (dims) {
      tensorType.shape = { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) };
    }
    return new onnx.ValueInfoProto({ name, type: { tensorType } });
  }

  /**
   * A weight stored as an initializer. The data is referenced, not copied, until serialisation
   * (which writes it once into the model bytes). `data` must not change before `serialize()`.
   */
  initializer(
    name: string,
    data: Float32Array | BigInt64Array | Int32Array | Uint8Array | Uint16Array | ExternalTensorRef,
    dims: number[],
    dtype?: DType,
  ): Value {
    const numel = dims.reduce((a, b) => a * b, 1);
    if (isExternalTensorRef(data)) {
      if (data.length !== numel * 4)
        throw new Error(`initializer ${name}: ${data.length} external bytes for float32 dims [${dims.join(', ')}]`);
      const unique = this.uniqueName(name);
      this.initializers.push(
        new onnx.TensorProto({
          name: unique,
          dims,
          dataType: ELEM_TYPE.float32,
          dataLocation: onnx.TensorProto.DataLocation.EXTERNAL,
          externalData: [
            new onnx.StringStringEntryProto({ key: 'location', value: data.location }),
            new onnx.StringStringEntryProto({ key: 'offset', value: String(data.offset) }),
            new onnx.StringStringEntryProto({ key: 'length', value: String(data.length) }),
          ],
        }),
      );
      this.initializerBytes += data.length;
      return new Value(unique, 'float32');
    }
    const dt: DType =
      dtype ??
      (data instanceof Float32Array
        ? 'float32'
        : data instanceof BigInt64Array
          ? 'int64'
          : data instanceof Int32Array
            ? 'int32'
            : data instanceof Uint16Array
              ? 'float16'
              : 'bool');
    if (data.length !== numel) throw new Error(`initializer ${name}: ${data.length} values for dims [${dims.join(', ')}]`);
    const unique = this.uniqueName(name);
    this.initializers.push(new onnx.TensorProto({ name: unique, dims, dataType: ELEM_TYPE[dt], rawData: typedBytes(data) }));
    this.initializerBytes += data.byteLength;
    return new Value(unique, dt);
  }

  /** A float32 constant (deduplicated by value for small tensors). */
  constF32(values: number[] | Float32Array, dims: number[] = [values.length]): Value {
    const data = values instanceof Float32Array ? values : Float32Array.from(values);
    return this.cachedConst('f32', data, dims, () => this.initializer('const_f32', data, dims));
  }

  /** An int64 constant, e.g. a shape or axes. */
  constI64(values: number[], dims: number[] = [values.length]): Value {
    const data = BigInt64Array.from(values.map((v) => BigInt(v)));
    return this.cachedConst('i64', data, dims, () => this.initializer('const_i64', data, dims));
  }

  /** A scalar (rank 0) float32 constant. */
  scalar(v: number): Value {
    return this.constF32([v], []);
  }

  /** A scalar (rank 0) int64 constant. */
  scalarI64(v: number): Value {
    return this.constI64([v], []);
  }

  private cachedConst(kind: string, data: ArrayLike<number | bigint>, dims: number[], make: () => Value): Value {
    if (data.length > 64) return make();
    const key = `${kind}|${dims.join(',')}|${Array.from(data as ArrayLike<number>, String).join(',')}`;
    let v = this.constCache.get(key);
    if (!v) {
      v = make();
      this.constCache.set(key, v);
    }
    return v;
  }

  /**
   * A generic node. `inputs` may contain null for omitted optional inputs. Returns the outputs.
   */
  node(opType: string, inputs: (Value | null)[], attrs: Record<string, AttrValue | undefined> = {}, options: NodeOptions = {}): Value[] {
    const base = this.uniqueName(options.name ?? opType);
    const count = options.outputs ?? 1;
    const dtype = options.dtype ?? inputs.find((v): v is Value => v !== null)?.dtype ?? 'float32';
    const outs: Value[] = [];
    for (let i = 0; i < count; i++) {
      const outName = count === 1 ? base : `${base}:${i}`;
      this.usedNames.add(outName);
      outs.push(new Value(outName, dtype));
    }
    const attributes = Object.entries(attrs)
      .filter((e): e is [string, AttrValue] => e[1] !== undefined)
      .map(([k, v]) => attribute(k, v));
    const domain = options.domain ?? '';
    if (domain) this.domains.add(domain);
    // Trailing omitted inputs are dropped; inner ones become '' as ONNX requires.
    const names = inputs.map((v) => (v ? v.name : ''));
    while (names.length > 0 && names[names.length - 1] === '') names.pop();
    this.nodes.push(
      new onnx.NodeProto({ opType, domain, input: names, output: outs.map((o) => o.name), name: base, attribute: attributes }),
    );
    return outs;
  }

  /** A single-output node. */
  op(opType: string, inputs: (Value | null)[], attrs: Record<string, AttrValue | undefined> = {}, options: NodeOptions = {}): Value {
    return this.node(opType, inputs, attrs, { ...options, outputs: 1 })[0];
  }

  get nodeCount(): number {
    return this.nodes.length;
  }

  /**
   * The ModelProto `serialize()` encodes. Private so the published declarations do not reference
   * onnx-proto's, which do not type-check in a consumer that checks libraries (skipLibCheck: false);
   * to inspect a graph, decode `serialize()` with onnx-proto.
   */
  private toModelProto(): InstanceType<typeof onnx.ModelProto> {
    const opsetImport = [new onnx.OperatorSetIdProto({ domain: '', version: this.opset })];
    for (const d of this.domains) opsetImport.push(new onnx.OperatorSetIdProto({ domain: d, version: 1 }));
    const graph = new onnx.GraphProto({
      name: this.graphName,
      node: this.nodes,
      initializer: this.initializers,
      input: this.inputs,
      output: this.outputs,
    });
    return new onnx.ModelProto({
      irVersion: 8,
      producerName: 'tsagentkit',
      producerVersion: '0.1',
      opsetImport,
      graph,
    });
  }

  /** The serialised ModelProto, ready for `ort.InferenceSession.create(bytes)`. */
  serialize(): Uint8Array {
    return onnx.ModelProto.encode(this.toModelProto()).finish();
  }
}
