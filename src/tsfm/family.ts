/**
 * What a TSFM family supplies to tsagentkit. A family (Chronos, TimesFM, Moirai) is one folder
 * `src/tsfm/<family>/` that exports a `TsfmFamily` descriptor, plus one line in `families.ts`.
 * Everything else — the pool's adapter factory, the `TsfmAdapter` (load/unload, task checks,
 * covariates from the panel, quantile mapping, non-finite series), the CLI's `--model-dir` /
 * `--model-size`, `tsagentkit models`, `tsagentkit parity` — works from the descriptor.
 *
 * A descriptor module must be cheap to import: no onnxruntime, no graph code at top level. `load`
 * and the parity runners import their heavy modules dynamically (`await import('./forecaster.js')`),
 * so a statistical-only run never loads onnxruntime.
 */
import type { EngineOptions } from './engine/options.js';
import type { ParityFamily } from './parity/types.js';

/** Terms of a checkpoint's weights, as its model card states them. */
export interface TsfmLicence {
  /** SPDX identifier, e.g. "Apache-2.0", "CC-BY-NC-4.0". */
  readonly spdx: string;
  /** Whether the licence allows commercial use of the weights. */
  readonly commercialUse: boolean;
  /** Anything a user must know beyond the identifier (attribution, research-only, …). */
  readonly note?: string;
  /** Where the licence is stated (model card or licence file). */
  readonly url: string;
}

/** One published checkpoint of a family. */
export interface TsfmModel {
  /** Size label users pass as `modelSize` / `--model-size` (unique within the family), e.g. "base", "bolt-small". */
  readonly size: string;
  /** Hugging Face model id, e.g. "amazon/chronos-2". */
  readonly id: string;
  /** Parameter count (e.g. 120e6), as published. */
  readonly parameters: number;
  /** Architecture variant when a family has several (e.g. "chronos2", "chronos_bolt"); else the family's. */
  readonly variant?: string;
  /** Overrides the family's licence for this checkpoint. */
  readonly licence?: TsfmLicence;
}

/** One series to forecast, as the adapter builds it from the panel. */
export interface TsfmItem {
  /** History, oldest first; NaN marks a missing value (leading NaNs are possible). */
  readonly target: Float64Array;
  /**
   * Past values of the covariates (same length as `target`, NaN where absent), keyed by name: the
   * past-only covariates when the forecaster takes them, and the future-known ones' history.
   */
  readonly pastCovariates?: Readonly<Record<string, Float64Array>>;
  /** Values of the future-known covariates at the h forecast steps (NaN where the panel has none). */
  readonly futureCovariates?: Readonly<Record<string, Float64Array>>;
}

/** One forecast call. Family-specific settings come from the adapter options given to `load`. */
export interface TsfmForecastRequest {
  readonly h: number;
  /** The task's levels, ascending in (0, 1). */
  readonly quantileLevels: readonly number[];
  /** Rows per model call, when the user set one; else the family's default. */
  readonly batchSize?: number;
  /** History steps to use, when the user set one; else the model's context length. */
  readonly contextLength?: number;
}

/** A forecaster's answer for one item. */
export interface TsfmItemForecast {
  /**
   * Levels of `quantiles`, ascending. Ideally the requested ones (then nothing is remapped); a model
   * with fixed output levels may return its own, and the adapter interpolates linearly to the task's
   * levels (clamped to the outermost level, as upstream Chronos does).
   */
  readonly levels: readonly number[];
  /** [h, levels.length] row-major. */
  readonly quantiles: Float32Array | Float64Array;
  /** [h]: the point forecast (a mean head, or the median channel when the model has none). */
  readonly mean: Float32Array | Float64Array;
}

/** Which covariates reach the model; the adapter builds items (and checks the panel) accordingly. */
export interface TsfmCovariateSupport {
  /** Past-only covariates (history only) are passed in `pastCovariates`. */
  readonly past: boolean;
  /** Future-known covariates are passed (history in `pastCovariates`, future in `futureCovariates`). */
  readonly futureKnown: boolean;
}

/** What a loaded checkpoint reports about itself (from its config and weights, not from the id). */
export interface TsfmModelInfo {
  /** Architecture variant, e.g. "chronos2", "chronos_bolt", "timesfm2p5". */
  readonly variant: string;
  /** Parameter count of the loaded weights. */
  readonly parameters: number;
  /** Bytes of weights held in memory. */
  readonly weightBytes: number;
  /** The published size label the config matches (e.g. "base"), when it matches one. */
  readonly sizeLabel?: string;
}

/** A loaded checkpoint, ready to forecast. Owned by one adapter; `dispose` releases native memory. */
export interface TsfmForecaster {
  readonly info: TsfmModelInfo;
  readonly covariates: TsfmCovariateSupport;
  /**
   * Forecasts every item h steps ahead; returns one forecast per item, in order. A series the model
   * cannot forecast may come back non-finite (NaN): the adapter lets the fallback ladder replace
   * just that series. Bad input that is the caller's fault throws a typed error.
   */
  forecast(items: readonly TsfmItem[], request: TsfmForecastRequest): Promise<TsfmItemForecast[]>;
  dispose(): Promise<void>;
}

/** What `load` receives. */
export interface TsfmLoadOptions {
  /** Device, threads and the graph cache directory (already resolved by the adapter). */
  readonly engine: EngineOptions;
  /**
   * The adapter options as the user gave them (`ModelPoolConfig.adapterOptions[name]`), including
   * the family's own keys (e.g. Chronos `crossLearning`); a family validates its keys here and
   * throws a typed error on a bad one.
   */
  readonly options: Readonly<Record<string, unknown>>;
  /** The model entry the size label chose (absent when only a checkpoint directory was given). */
  readonly model?: TsfmModel;
}

/** A family's `tsagentkit parity` runner, imported only when a case file of that family is run. */
export type TsfmParityLoader = () => Promise<ParityFamily>;

export interface TsfmFamily {
  /** Adapter and pool name ("chronos", "timesfm", "moirai"); also the key of `--model-dir name=dir`. */
  readonly name: string;
  /** Human name for tables and messages, e.g. "Chronos-2 / Chronos-Bolt". */
  readonly displayName: string;
  /** Published checkpoints, in the order `tsagentkit models` lists them. */
  readonly models: readonly TsfmModel[];
  /** Size label used when none is given; one of `models`. */
  readonly defaultSize: string;
  /** Licence of the family's weights (a model entry may override it). */
  readonly licence: TsfmLicence;
  /**
   * The variant this config.json belongs to (e.g. "chronos2"), or undefined when it is not this
   * family's. Pure and cheap: called on every family to identify a checkpoint directory.
   */
  detect(config: unknown): string | undefined;
  /**
   * Why a config.json that `detect` rejects is nevertheless one of this family's releases that this
   * build cannot load (e.g. "TimesFM 2.0 (transformers TimesFmModelForPrediction, 50 layers)"), or
   * undefined when it is not this family's at all. Lets `tsagentkit models` name the version
   * instead of "no known family".
   */
  unsupported?(config: unknown): string | undefined;
  /**
   * The variant of a checkpoint folder that holds model.safetensors but no config.json, from the
   * safetensors tensor names; only for families whose releases may come without one (TimesFM:
   * upstream hard-codes its dimensions and saves model.safetensors alone).
   */
  detectWeights?(tensorNames: readonly string[]): string | undefined;
  /** Reads and compiles the checkpoint in `dir` (config.json + model.safetensors; config.json optional where `detectWeights` is given). */
  load(dir: string, options: TsfmLoadOptions): Promise<TsfmForecaster>;
  /** Parity runners keyed by a case file's `family` field (e.g. "chronos2", "chronos_bolt"). */
  readonly parity?: Readonly<Record<string, TsfmParityLoader>>;
}
