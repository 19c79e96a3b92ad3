/**
 * The adapter contract shared by statistical models and TSFMs, so that the router, the fallback
 * ladder, the ModelPool and backtests treat them alike.
 *
 * Lifecycle: `load()` does all expensive work (reading weights, building graphs, creating
 * onnxruntime sessions). `fit()` and `predict()` never load: on an unloaded TSFM adapter they throw
 * `EModelNotLoaded`. Statistical adapters are always loaded.
 */
import type { Panel } from '../data/panel.js';
import type { ForecastResult } from '../forecast/types.js';

export type AdapterKind = 'tsfm' | 'statistical';

/** Everything a model needs to know about the task, resolved from the TaskSpec and the data. */
export interface ForecastTask {
  readonly h: number;
  /** Canonical frequency alias, used to build future timestamps. */
  readonly freq: string;
  readonly seasonLength: number;
  /** Quantile levels to return, ascending, in (0, 1). */
  readonly quantiles: readonly number[];
}

/** Opaque per-model state from fit(); statistical models keep fitted parameters here. */
export interface FittedModel {
  readonly model: string;
  readonly panel: Panel;
  readonly task: ForecastTask;
  readonly state?: unknown;
  /** Wall time of fit, ms. */
  readonly fitMs: number;
}

export interface LoadInfo {
  readonly loadMs: number;
  /** Bytes of weights held in memory (0 for statistical models). */
  readonly weightBytes: number;
  /** What was actually loaded, read from the checkpoint (not the configured size label). */
  readonly checkpoint?: LoadedCheckpoint;
}

/** A loaded checkpoint as its own files describe it, for `ModelPool.stats()`. */
export interface LoadedCheckpoint {
  /** Model family from config.json, e.g. "chronos-2", "chronos-bolt". */
  readonly family: string;
  /** Where it came from: a folder, or a hub id with its revision. */
  readonly source: string;
  /** Number of weight parameters in the checkpoint. */
  readonly parameters: number;
  /** The config.json fields that size the model (d_model, layers, heads, context length, …). */
  readonly config: Readonly<Record<string, number | string | boolean>>;
}

export interface ForecastAdapter {
  readonly name: string;
  readonly kind: AdapterKind;
  readonly isLoaded: boolean;
  /** Size label ("base", "small", ...) and device ("cpu", "cuda") for stats; statistical: "n/a", "cpu". */
  readonly modelSize: string;
  readonly device: string;
  load(): Promise<LoadInfo>;
  /** Releases native memory (onnxruntime sessions, weight buffers). Idempotent. */
  unload(): Promise<void>;
  fit(panel: Panel, task: ForecastTask): Promise<FittedModel>;
  predict(fitted: FittedModel): Promise<ForecastResult>;
}
