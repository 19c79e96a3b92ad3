/**
 * The adapter contract shared by statistical models and TSFMs, so that the router, the fallback
 * ladder, the ModelPool and backtests treat them alike.
 *
 * Lifecycle: `load()` does all expensive work (reading weights, building graphs, creating
 * onnxruntime sessions). `fit()` and `predict()` never load: on an unloaded TSFM adapter they throw
 * `EModelNotLoaded`. Statistical adapters are always loaded.
 */
import type { Panel } from '../data/panel.js';
import { EModelNotLoaded } from '../errors/index.js';
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

type AdapterIdentity = Pick<ForecastAdapter, 'name' | 'isLoaded' | 'modelSize' | 'device'>;

/** The error of calling `fit` / `predict` on an adapter whose weights are not loaded. */
export function modelNotLoadedError(adapter: AdapterIdentity, operation: 'fit' | 'predict'): EModelNotLoaded {
  return new EModelNotLoaded(`Cannot call ${operation} on adapter '${adapter.name}' before the model is loaded.`, {
    context: { adapter: adapter.name, operation, modelSize: adapter.modelSize, device: adapter.device },
  });
}

/**
 * The strict half of the contract: `fit` and `predict` never load weights. An adapter calls
 * `requireLoaded(this, 'predict')` at the top of both; the session runtime checks it again before it
 * calls them, so a TSFM that was never loaded fails loudly instead of loading behind the caller's back.
 */
export function requireLoaded(adapter: AdapterIdentity, operation: 'fit' | 'predict'): void {
  if (!adapter.isLoaded) throw modelNotLoadedError(adapter, operation);
}
