/**
 * AutoARIMA behind the common univariate interface: R's `forecast(auto.arima(ts(y, frequency =
 * m)), h)` with auto.arima's defaults (or any of its options), quantiles from the Gaussian
 * prediction intervals.
 */
import { gaussianQuantiles } from '../intervals.js';
import type { FittedUnivariate, UnivariateForecast, UnivariateModel } from '../types.js';
import { autoArima, type AutoArimaFit, type AutoArimaOptions } from './autoArima.js';
import { forecastArima } from './forecast.js';

class FittedArima implements FittedUnivariate {
  readonly fitted: Float64Array;
  readonly sigma: number;
  readonly spec: string;

  constructor(
    readonly model: AutoArimaFit,
    y: Float64Array,
  ) {
    this.sigma = Math.sqrt(model.fit.sigma2);
    this.spec = model.description;
    // forecast's fitted.Arima: the series minus the (standardised) innovations.
    const r = model.fit.residuals;
    this.fitted = Float64Array.from(y, (v, i) => (model.constantValue !== undefined ? model.constantValue : v - r[i]));
  }

  forecast(h: number, quantiles: readonly number[]): UnivariateForecast {
    const f = forecastArima(this.model, h);
    return { mean: f.mean, quantiles: gaussianQuantiles(f.mean, f.se, quantiles) };
  }
}

/** R's `forecast::auto.arima(y)` (stepwise, AICc, KPSS / seasonal strength), forecasts by `forecast.Arima`. */
export class AutoARIMAMethod implements UnivariateModel {
  readonly name: string = 'AutoARIMA';

  constructor(private readonly options: AutoArimaOptions = {}) {}

  fit(y: Float64Array, seasonLength: number): FittedArima {
    return new FittedArima(autoArima(y, seasonLength, this.options), y);
  }
}
