/**
 * Naive and SeasonalNaive with statsforecast's native prediction intervals:
 *  - Naive: sigma² = Σ(y_t − y_{t−1})² / (n − 1), standard error sigma·sqrt(h);
 *  - SeasonalNaive: sigma² = Σ(y_t − y_{t−m})² / (n − m), standard error sigma·sqrt(floor((h − 1)/m) + 1).
 */
import type { FittedUnivariate, UnivariateForecast, UnivariateModel } from './types.js';
import { checkForecastArgs, checkSeries } from './validate.js';
import { gaussianQuantiles, repeatValue, residualSigma } from './intervals.js';

/** One-step fitted values of the lag-k random walk: y_{t−k}, NaN for the first k. */
function laggedFitted(y: Float64Array, lag: number): Float64Array {
  const fitted = new Float64Array(y.length).fill(Number.NaN);
  for (let t = lag; t < y.length; t++) fitted[t] = y[t - lag];
  return fitted;
}

function residuals(y: Float64Array, fitted: Float64Array): Float64Array {
  return y.map((v, t) => v - fitted[t]);
}

export class NaiveMethod implements UnivariateModel {
  readonly name = 'Naive';

  fit(y: Float64Array, seasonLength: number): FittedUnivariate {
    checkSeries(this.name, y, seasonLength);
    const fitted = laggedFitted(y, 1);
    const sigma = residualSigma(residuals(y, fitted), y.length - 1);
    const last = y[y.length - 1];
    const name = this.name;
    return {
      fitted,
      sigma,
      spec: 'Naive',
      forecast(h: number, quantiles: readonly number[]): UnivariateForecast {
        checkForecastArgs(name, h, quantiles);
        const mean = repeatValue(last, h);
        const sigmah = Float64Array.from({ length: h }, (_, i) => sigma * Math.sqrt(i + 1));
        return { mean, quantiles: gaussianQuantiles(mean, sigmah, quantiles) };
      },
    };
  }
}

export class SeasonalNaiveMethod implements UnivariateModel {
  readonly name = 'SeasonalNaive';

  fit(y: Float64Array, seasonLength: number): FittedUnivariate {
    const m = seasonLength;
    checkSeries(this.name, y, m, m);
    const fitted = laggedFitted(y, m);
    const sigma = residualSigma(residuals(y, fitted), y.length - m);
    const lastSeason = y.slice(y.length - m);
    const name = this.name;
    return {
      fitted,
      sigma,
      spec: `SeasonalNaive(m=${m})`,
      forecast(h: number, quantiles: readonly number[]): UnivariateForecast {
        checkForecastArgs(name, h, quantiles);
        const mean = Float64Array.from({ length: h }, (_, i) => lastSeason[i % m]);
        const sigmah = Float64Array.from({ length: h }, (_, i) => sigma * Math.sqrt(Math.floor(i / m) + 1));
        return { mean, quantiles: gaussianQuantiles(mean, sigmah, quantiles) };
      },
    };
  }
}
