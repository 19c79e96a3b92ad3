/**
 * Models for intermittent demand, with statsforecast's point forecasts (which agree with
 * forecast::croston for the classic method):
 *
 *  - Croston (classic): SES (α = 0.1, level started at the first value) over the non-zero demand
 *    sizes and, separately, over the intervals between demands; forecast = size / interval.
 *  - CrostonSBA: Syntetos–Boylan approximation, the classic forecast × (1 − α/2) = 0.95.
 *  - TSB (Teunter, Syntetos & Babai 2011): SES (α_d) over demand sizes and SES (α_p) over the
 *    demand indicator of every period; forecast = probability × size.
 *
 * Neither library gives these models native prediction intervals. Ours are Gaussian around the
 * flat forecast with σ from the one-step in-sample errors of the same recursion (sqrt of their mean
 * square), constant over the horizon, and never below zero (demand is non-negative).
 */
import { EModelFitFailed, ETaskSpecInvalid } from '../../errors/index.js';
import type { FittedUnivariate, UnivariateForecast, UnivariateModel } from './types.js';
import { checkForecastArgs, checkSeries } from './validate.js';
import { gaussianQuantiles, repeatValue } from './intervals.js';

/** Exponential smoothing level started at the first observation (statsforecast's ses_forecast). */
class Level {
  value = Number.NaN;
  constructor(private readonly alpha: number) {}
  update(x: number): void {
    this.value = Number.isNaN(this.value) ? x : this.alpha * x + (1 - this.alpha) * this.value;
  }
}

function checkNonNegative(model: string, y: Float64Array): void {
  for (let t = 0; t < y.length; t++) {
    if (y[t] < 0) {
      throw new EModelFitFailed(`${model}: intermittent-demand models need non-negative data, y[${t}] = ${y[t]}`, {
        context: { model, index: t, value: y[t] },
        fixHint: 'Use a model for continuous data (SES, Theta, AutoETS) for series with negative values.',
      });
    }
  }
}

function checkSmoothing(model: string, name: string, value: number): void {
  if (!(value > 0 && value <= 1)) {
    throw new ETaskSpecInvalid(`${model}: ${name} must be in (0, 1], got ${value}`, { context: { model, [name]: value } });
  }
}

/**
 * Runs a flat-forecast recursion over y: `step` consumes one observation, `current` is the forecast
 * for the next one (NaN while undefined). Returns the one-step fitted values, σ and the final forecast.
 */
function runFlat(y: Float64Array, current: () => number, step: (x: number) => void) {
  const fitted = new Float64Array(y.length);
  let ss = 0;
  let count = 0;
  for (let t = 0; t < y.length; t++) {
    const f = current();
    fitted[t] = f;
    if (!Number.isNaN(f)) {
      ss += (y[t] - f) ** 2;
      count++;
    }
    step(y[t]);
  }
  return { fitted, sigma: count > 0 ? Math.sqrt(ss / count) : 0, forecast: current() };
}

function flatForecaster(name: string, value: number, sigma: number) {
  return (h: number, quantiles: readonly number[]): UnivariateForecast => {
    checkForecastArgs(name, h, quantiles);
    const mean = repeatValue(value, h);
    const qs = gaussianQuantiles(mean, repeatValue(sigma, h), quantiles);
    for (const q of qs) for (let i = 0; i < h; i++) if (q[i] < 0) q[i] = 0;
    return { mean, quantiles: qs };
  };
}

export class Croston implements UnivariateModel {
  readonly name: string;
  private readonly factor: number;

  /** variant 'classic' (Croston 1972) or 'sba' (Syntetos–Boylan approximation). */
  constructor(
    readonly variant: 'classic' | 'sba' = 'classic',
    readonly alpha = 0.1,
  ) {
    this.name = variant === 'sba' ? 'CrostonSBA' : 'CrostonClassic';
    checkSmoothing(this.name, 'alpha', alpha);
    this.factor = variant === 'sba' ? 1 - alpha / 2 : 1;
  }

  fit(y: Float64Array, seasonLength: number): FittedUnivariate {
    checkSeries(this.name, y, seasonLength);
    checkNonNegative(this.name, y);
    const size = new Level(this.alpha);
    const interval = new Level(this.alpha);
    let sinceLast = 0;
    let anyDemand = false;
    // Before the first demand the forecast is 0, as forecast::croston's fitted values.
    let seen = false;
    const current = () => {
      if (!anyDemand) return seen ? 0 : Number.NaN;
      return (this.factor * size.value) / interval.value;
    };
    const run = runFlat(y, current, (x) => {
      seen = true;
      sinceLast++;
      if (x > 0) {
        size.update(x);
        interval.update(sinceLast);
        sinceLast = 0;
        anyDemand = true;
      }
    });
    // No demand at all: forecast zero (as both statsforecast and R do).
    const value = anyDemand ? run.forecast : 0;
    return {
      fitted: run.fitted,
      sigma: run.sigma,
      spec: `${this.name}(alpha=${this.alpha})`,
      forecast: flatForecaster(this.name, value, run.sigma),
    };
  }
}

export class TSBMethod implements UnivariateModel {
  readonly name = 'TSB';

  constructor(
    readonly alphaD = 0.1,
    readonly alphaP = 0.1,
  ) {
    checkSmoothing(this.name, 'alphaD', alphaD);
    checkSmoothing(this.name, 'alphaP', alphaP);
  }

  fit(y: Float64Array, seasonLength: number): FittedUnivariate {
    checkSeries(this.name, y, seasonLength);
    checkNonNegative(this.name, y);
    const size = new Level(this.alphaD);
    const probability = new Level(this.alphaP);
    const current = () => (Number.isNaN(size.value) ? Number.NaN : probability.value * size.value);
    const run = runFlat(y, current, (x) => {
      probability.update(x !== 0 ? 1 : 0);
      if (x > 0) size.update(x);
    });
    const value = Number.isNaN(size.value) ? 0 : run.forecast;
    return {
      fitted: run.fitted,
      sigma: run.sigma,
      spec: `TSB(alphaD=${this.alphaD}, alphaP=${this.alphaP})`,
      forecast: flatForecaster(this.name, value, run.sigma),
    };
  }
}
