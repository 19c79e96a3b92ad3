/**
 * `tsagentkit/engine`: the pieces TSFMs are built from — the typed ONNX graph builder, onnxruntime
 * sessions (onnxruntime-node is loaded when the first session is created) and the safetensors
 * reader/writer.
 */
export {
  GraphBuilder,
  GraphBuilderCore,
  TensorOps,
  Value,
  packLinear,
  transposeMatrix,
  ropeTables,
  ropeInverseFrequencies,
  relativePositionBucket,
  isExternalTensorRef,
  type ExternalTensorRef,
  type DType,
  type Dim,
  type Operand,
  type LinearWeights,
  type WeightSource,
  type ActivationName,
  type AttentionOptions,
  type GraphBuilderOptions,
} from '../tsfm/engine/graph/index.js';
export {
  EngineSession,
  createCachedSession,
  cudaAvailable,
  hashBytes,
  type Feeds,
  type FeedValue,
  type RunOutput,
  type SessionCreateOptions,
} from '../tsfm/engine/runtime.js';
export {
  SafetensorsFile,
  writeSafetensors,
  encodeSafetensors,
  type SafetensorsTensorInfo,
  type SafetensorsDType,
  type SafetensorsWriteEntry,
} from '../tsfm/engine/safetensors.js';
export { defaultGraphCacheDir } from '../tsfm/engine/cacheDir.js';
export type { EngineOptions, ExecutionDevice } from '../tsfm/engine/options.js';
