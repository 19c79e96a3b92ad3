/**
 * HistoricAverage (the mean method) and WindowAverage (mean of the last `window` observations).
 *
 * HistoricAverage's interval is statsforecast's: sigma² = Σ(y − ȳ)² / (n − 1), standard error
 * sigma·sqrt(1 + 1/n) at every step. statsforecast gives WindowAverage no native interval; ours is the
 * same construction on its own one-step errors: the rolling window mean forecasts y_t from
 * y_{t−w..t−1}, sigma² = Σ e_t² / (number of errors), standard error sigma·sqrt(1 + 1/w). With no
 * one-step error available (n == w) the interval collapses to the mean.
 */
import type { FittedUnivariate, UnivariateForecast, UnivariateModel } from './types.js';
import { checkForecastArgs, checkSeries } from './validate.js';
import { gaussianQuantiles, repeatValue, residualSigma } from './intervals.js';
import { ETaskSpecInvalid } from '../../errors/index.js';

function constantForecaster(name: string, value: number, se: number) {
  return (h: number, quantiles: readonly number[]): UnivariateForecast => {
    checkForecastArgs(name, h, quantiles);
    const mean = repeatValue(value, h);
    return { mean, quantiles: gaussianQuantiles(mean, repeatValue(se, h), quantiles) };
  };
}

export class HistoricAverageMethod implements UnivariateModel {
  readonly name = 'HistoricAverage';

  fit(y: Float64Array, seasonLength: number): FittedUnivariate {
    checkSeries(this.name, y, seasonLength);
    const n = y.length;
    let sum = 0;
    for (const v of y) sum += v;
    const mean = sum / n;
    const fitted = new Float64Array(n).fill(mean);
    const sigma = residualSigma(
      y.map((v) => v - mean),
      n - 1,
    );
    return { fitted, sigma, spec: 'HistoricAverage', forecast: constantForecaster(this.name, mean, sigma * Math.sqrt(1 + 1 / n)) };
  }
}

export class WindowAverageMethod implements UnivariateModel {
  readonly name: string;

  /** window: number of trailing observations; omitted → the season length when > 1, else 7. */
  constructor(readonly window?: number) {
    if (window !== undefined && (!Number.isInteger(window) || window < 1)) {
      throw new ETaskSpecInvalid(`WindowAverage: window must be an integer >= 1, got ${window}`, { context: { window } });
    }
    this.name = 'WindowAverage';
  }

  fit(y: Float64Array, seasonLength: number): FittedUnivariate {
    const w = this.window ?? (seasonLength > 1 ? seasonLength : 7);
    checkSeries(this.name, y, seasonLength, w);
    const n = y.length;
    const fitted = new Float64Array(n).fill(Number.NaN);
    let sum = 0;
    for (let t = 0; t < n; t++) {
      if (t >= w) fitted[t] = sum / w;
      sum += y[t];
      if (t >= w) sum -= y[t - w];
    }
    let tail = 0;
    for (let t = n - w; t < n; t++) tail += y[t];
    const level = tail / w;
    const errors = y.map((v, t) => v - fitted[t]);
    const sigma = residualSigma(errors, n - w);
    return {
      fitted,
      sigma,
      spec: `WindowAverage(window=${w})`,
      forecast: constantForecaster(this.name, level, sigma * Math.sqrt(1 + 1 / w)),
    };
  }
}
