/**
 * `TimesFMAdapter`: the `TsfmAdapter` of the TimesFM 2.5 family with TimesFM-typed options, for
 * callers that construct it directly (`new TimesFMAdapter({ modelDir })`). The pool builds the same
 * adapter (`timesfm`) from the family registry.
 */
import { TsfmAdapter, type TsfmAdapterOptions } from '../adapters/tsfmAdapter.js';
import { timesfmFamily } from './family.js';
import type { TimesFMModelLoader } from './forecaster.js';
import type { XRegMode } from './pipeline/covariates/forecastWithCovariates.js';
import type { ForecastConfig } from './pipeline/forecastConfig.js';

export interface TimesFMAdapterOptions extends TsfmAdapterOptions {
  /** Size label; "200m" (google/timesfm-2.5-200m-pytorch) is the only published one. */
  readonly modelSize?: '200m';
  /** ForecastConfig flags (camelCase, or upstream's snake_case keys); default upstream's README recommendation. */
  readonly forecastConfig?: Partial<ForecastConfig> | Readonly<Record<string, unknown>>;
  /** How future-known covariates combine with the model; default 'xreg + timesfm'. */
  readonly xregMode?: XRegMode;
  /** Ridge penalty of the covariate regression; default 0. */
  readonly xregRidge?: number;
  /** Replaces the checkpoint loader (tests, custom builds). */
  readonly loader?: TimesFMModelLoader;
}

export class TimesFMAdapter extends TsfmAdapter {
  constructor(options: TimesFMAdapterOptions = {}) {
    super(timesfmFamily, options);
  }
}
