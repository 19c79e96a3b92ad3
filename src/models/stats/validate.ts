/**
 * Input checks shared by every univariate model, so that bad input always surfaces as a typed
 * error with the model's name in its context instead of NaN forecasts or a crash.
 *
 * - empty series: nothing can be fitted, the caller must drop it (ESeriesTooShort);
 * - NaN / ±Infinity: the interface promises clean data (qa() repairs gaps first), so this is a
 *   caller bug (EContractNonFinite), not a model failure;
 * - too short for this particular model (e.g. one season for SeasonalNaive): EModelFitFailed, so
 *   a fallback ladder can move on to a simpler model;
 * - bad horizon, season length or quantile level: ETaskSpecInvalid (they come from the TaskSpec).
 */
import { EContractNonFinite, EModelFitFailed, ESeriesTooShort, ETaskSpecInvalid } from '../../errors/index.js';

export function checkSeries(model: string, y: Float64Array, seasonLength: number, minLength = 1): void {
  checkSeasonLength(model, seasonLength);
  if (y.length === 0) {
    throw new ESeriesTooShort(`${model}: the series is empty`, { context: { model, n: 0 } });
  }
  for (let t = 0; t < y.length; t++) {
    if (!Number.isFinite(y[t])) {
      throw new EContractNonFinite(`${model}: y[${t}] is ${y[t]}; statistical models need complete, finite series`, {
        context: { model, index: t, value: String(y[t]) },
        fixHint: 'Run qa() in standard mode to fill missing values, or drop non-finite observations before fitting.',
      });
    }
  }
  if (y.length < minLength) {
    throw new EModelFitFailed(`${model}: needs at least ${minLength} observations, got ${y.length}`, {
      context: { model, n: y.length, required: minLength, seasonLength },
      fixHint: 'Use a simpler model (Naive, HistoricAverage) for short series, or provide more history.',
    });
  }
}

export function checkSeasonLength(model: string, seasonLength: number): void {
  if (!Number.isInteger(seasonLength) || seasonLength < 1) {
    throw new ETaskSpecInvalid(`${model}: season length must be an integer >= 1, got ${seasonLength}`, {
      context: { model, seasonLength },
    });
  }
}

export function checkForecastArgs(model: string, h: number, quantiles: readonly number[]): void {
  if (!Number.isInteger(h) || h < 1) {
    throw new ETaskSpecInvalid(`${model}: horizon h must be an integer >= 1, got ${h}`, { context: { model, h } });
  }
  for (const q of quantiles) {
    if (!(q > 0 && q < 1)) {
      throw new ETaskSpecInvalid(`${model}: quantile levels must lie strictly between 0 and 1, got ${q}`, {
        context: { model, quantile: q },
      });
    }
  }
}
