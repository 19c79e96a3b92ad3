/**
 * Options every TSFM family accepts when it loads a checkpoint and creates its onnxruntime session.
 */
export type ExecutionDevice = 'cpu' | 'cuda';

export interface EngineOptions {
  /** Execution provider. `cuda` needs an onnxruntime-node build with the CUDA provider; otherwise a typed error. */
  device?: ExecutionDevice | undefined;
  /** Threads for one operator (intra-op). Default: onnxruntime's own choice (the number of physical cores). */
  intraOpNumThreads?: number | undefined;
  /**
   * Let idle intra-op threads spin-wait for work (onnxruntime's default). Default false here: on
   * the small, shared machines Node services run on, spinning threads steal CPU from the threads
   * doing the work (measured: batch-1 latency halves on a loaded 2-vCPU machine with spinning off).
   */
  allowSpinning?: boolean | undefined;
  /**
   * Pre-pack GEMM weights into onnxruntime's kernel layout at load (default true): faster calls
   * (~25% at batch 1), but a second copy of the weights is built at load. false: the weights stay
   * memory-mapped from the checkpoint file, and load is about twice as fast and lean.
   */
  prepackWeights?: boolean | undefined;
  /**
   * Directory for the serialised ONNX graph, keyed by the checkpoint's hash, so a second load skips
   * graph building. Off when undefined.
   */
  graphCacheDir?: string | undefined;
}
