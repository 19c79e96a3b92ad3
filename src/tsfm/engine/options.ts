/**
 * Options every TSFM family accepts when it loads a checkpoint and creates its onnxruntime session.
 */
export type ExecutionDevice = 'cpu' | 'cuda';

export interface EngineOptions {
  /** Execution provider. `cuda` needs an onnxruntime-node build with the CUDA provider; otherwise a typed error. */
  device?: ExecutionDevice;
  /** Threads for one operator (intra-op). Default: onnxruntime's own choice (the number of physical cores). */
  intraOpNumThreads?: number;
  /**
   * Directory for the serialised ONNX graph, keyed by the checkpoint's hash, so a second load skips
   * graph building. Off when undefined.
   */
  graphCacheDir?: string;
}
