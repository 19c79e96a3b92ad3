/**
 * # ONNX graph builder
 *
 * Each model family writes its forward pass in TypeScript with this builder; the result is a
 * serialised ONNX ModelProto (opset 17, IR 8) with the checkpoint's weights as initializers, run
 * by onnxruntime-node through `EngineSession` (../runtime.ts).
 *
 * ```ts
 * const g = new GraphBuilder({ name: 'my-model' });
 * const x = g.input('x', 'float32', ['batch', 'seq', 64]);        // symbolic dims stay dynamic
 * let h = g.linear(x, { weight: w, bias: b, inFeatures: 64, outFeatures: 128 }, 'enc.wi');
 * h = g.rmsNorm(g.relu(h), lnWeight, 1e-6, 'enc.ln');
 * g.output(h, 'y');
 * const session = await EngineSession.create(g.serialize(), { intraOpNumThreads: 2 });
 * const { y } = await session.run({ x: { type: 'float32', data, dims: [2, 10, 64] } });
 * ```
 *
 * ## API (class `GraphBuilder`)
 * - Graph I/O: `input(name, dtype, dims)`, `output(value, name?, dims?)`, `scope(name, fn)` (name
 *   prefixes, like PyTorch module paths), `serialize()`, `initializerBytes`.
 * - Data: `initializer(name, typedArray | ExternalTensorRef, dims)` (weights as raw bytes, not copied
 *   before serialisation; or left in the checkpoint file as ONNX external data, read by onnxruntime,
 *   see `SafetensorsFile.externalRef` and `EngineSession.create(..., { externalDataDir })`),
 *   `weight(name, WeightSource, rows, rest)`, `constF32`, `constI64`, `scalar`, `scalarI64`
 *   (small constants are deduplicated).
 * - Generic: `op(type, inputs, attrs, {domain})`, `node(...)` for multi-output ops.
 * - Elementwise: `add sub mul div pow max min` (numbers become float scalars), `neg abs sqrt
 *   reciprocal exp log floor tanh sigmoid erf sin cos asinh sinh softplus relu silu gelu geluTanh`,
 *   `equal less greater and or not isNaN where cast`.
 * - Shape: `reshape transpose unsqueeze squeeze concat slice split gather gatherElements expand tile
 *   shapeOf dim range filled identity`.
 * - Reductions: `reduceSum reduceMean reduceMax reduceMin` (axes as attribute or input, per opset).
 * - NN: `matmul`, `linear(x, {weight [out,in], bias, inFeatures, outFeatures}, name)` (PyTorch layout,
 *   no transpose: com.microsoft FusedMatMul transB, pre-packed by onnxruntime), `packLinear([...])`
 *   (fuse Q/K/V into one GEMM; works for in-memory and external weights), `transposeMatrix`,
 *   `activation(x, hfName)`, `rmsNorm(x, w, eps)` (T5 style), `layerNorm(x, w, b, eps)`,
 *   `softmax`, `attention(q, k, v, {mask, scale, rank})` (additive mask; scale defaults to 1),
 *   `splitHeads / mergeHeads`, `rope(x, cos, sin, headDim)` with `ropeTables(positions, d, θ)`,
 *   `relativePositionBucket(relInt64, bidirectional, numBuckets, maxDistance)` and
 *   `relativePositionBias(table, heads, qLen, kLen, opts)` → [1, H, q, k]; plain-TS
 *   `relativePositionBucket(s)` for precomputed buckets.
 *
 * Semantics follow ONNX (numpy broadcasting, Reshape 0/-1, Slice clamping). Values carry only a
 * name and dtype; shapes are left to onnxruntime's inference.
 */
export {
  GraphBuilderCore,
  Value,
  isExternalTensorRef,
  type ExternalTensorRef,
  type DType,
  type Dim,
  type AttrValue,
  type NodeOptions,
  type GraphBuilderOptions,
} from './builder.js';
export { TensorOps, type Operand, type Ints } from './ops.js';
export {
  GraphBuilder,
  packLinear,
  transposeMatrix,
  type LinearWeights,
  type WeightSource,
  type ActivationName,
  type AttentionOptions,
} from './nn.js';
export { ropeTables, ropeInverseFrequencies } from './rope.js';
export { relativePositionBucket, relativePositionBuckets, relativePositionBucketFloat32Consts } from './relativePosition.js';
