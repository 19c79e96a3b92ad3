/**
 * ETS behind the common univariate interface: `AutoETS` (R's `ets(y)` defaults, model chosen by
 * AICc) and `ETSModel` (any R-style options, e.g. a fixed "ANN" estimated by MSE, which is R's
 * `ses`).
 */
import type { FittedUnivariate, UnivariateForecast, UnivariateModel } from '../types.js';
import { ets, type EtsOptions } from './ets.js';
import type { EtsFit } from './fitModel.js';
import { forecastEts, type EtsForecastOptions } from './forecast.js';

export interface AutoETSOptions extends EtsOptions, EtsForecastOptions {}

class FittedEts implements FittedUnivariate {
  readonly fitted: Float64Array;
  readonly sigma: number;
  readonly spec: string;

  constructor(
    readonly model: EtsFit,
    private readonly forecastOptions: EtsForecastOptions,
  ) {
    this.fitted = model.fitted;
    this.sigma = Math.sqrt(model.sigma2);
    this.spec = model.method;
  }

  forecast(h: number, quantiles: readonly number[]): UnivariateForecast {
    const f = forecastEts(this.model, h, quantiles, this.forecastOptions);
    return { mean: f.mean, quantiles: f.quantiles };
  }
}

export class ETSModel implements UnivariateModel {
  constructor(
    readonly name: string,
    private readonly options: AutoETSOptions = {},
  ) {}

  fit(y: Float64Array, seasonLength: number): FittedEts {
    const { npaths, seed, simulate, ...etsOptions } = this.options;
    return new FittedEts(ets(y, seasonLength, etsOptions), { npaths, seed, simulate });
  }
}

/** R's `forecast::ets(y)` with default arguments, forecasts by `forecast.ets`. */
export class AutoETSMethod extends ETSModel {
  constructor(options: AutoETSOptions = {}) {
    super('AutoETS', options);
  }
}
