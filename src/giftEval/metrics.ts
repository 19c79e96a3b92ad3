/**
 * The 11 metrics of GIFT-Eval's `all_results.csv`, as gluonts 0.15.1 computes them in
 * `evaluate_model(..., axis=None, mask_invalid_label=True, allow_nan_forecast=False,
 * seasonality=get_seasonality(freq))` (`gluonts/ev/{metrics,stats,aggregations,ts_stats}.py`).
 *
 * Why not the project's `src/metrics`: those are per-series metrics over plain arrays. gluonts
 * works on numpy masked arrays aggregated over every point of every instance at once, and the
 * masking changes the numbers:
 * - a NaN label is masked: it leaves every sum and every count;
 * - a masked-array division masks its result where the divisor is 0 (|a|·tiny ≥ |b|) or the result
 *   is not finite, so MASE and MSIS drop the points of a series whose seasonal error is 0 (a
 *   constant history), and MAPE / sMAPE drop points with a zero denominator, from the numerator
 *   *and* the count;
 * - the seasonal error is a masked mean over the pairs where both ends are finite, over the whole
 *   history, with seasonality 1 when the history is shorter than the season.
 * Means are Σ/count over all valid points; ND, NRMSE and CRPS are ratios of sums.
 */
import { assertFiniteForecast, forecastMean, forecastQuantile, type GiftForecast } from './forecast.js';

/** MeanWeightedSumQuantileLoss's levels in GIFT-Eval. */
export const QUANTILE_LEVELS: readonly number[] = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];
/** MSIS's alpha (gluonts default): the interval between the 0.025 and 0.975 quantiles. */
const MSIS_ALPHA = 0.05;
/** numpy.ma's division domain: the result is masked where |a|·tiny ≥ |b|. */
const TINY = 2.2250738585072014e-308;

/** Column order of all_results.csv. */
export const METRIC_COLUMNS = [
  'MSE[mean]',
  'MSE[0.5]',
  'MAE[0.5]',
  'MASE[0.5]',
  'MAPE[0.5]',
  'sMAPE[0.5]',
  'MSIS',
  'RMSE[mean]',
  'NRMSE[mean]',
  'ND[0.5]',
  'mean_weighted_sum_quantile_loss',
] as const;

export type MetricName = (typeof METRIC_COLUMNS)[number];
export type GiftMetrics = Record<MetricName, number>;

/** numpy.ma's divide: undefined where the result is masked. */
function maskedDivide(a: number, b: number): number | undefined {
  if (Math.abs(a) * TINY >= Math.abs(b)) return undefined;
  const r = a / b;
  return Number.isFinite(r) ? r : undefined;
}

/** gluonts `seasonal_error` on the masked history: mean |y_t − y_{t−m}| over finite pairs; NaN when none. */
export function seasonalError(history: ArrayLike<number>, seasonality: number): number {
  const m = seasonality > history.length ? 1 : seasonality;
  let sum = 0;
  let count = 0;
  for (let t = m; t < history.length; t++) {
    const a = history[t];
    const b = history[t - m];
    if (Number.isFinite(a) && Number.isFinite(b)) {
      sum += Math.abs(a - b);
      count++;
    }
  }
  return count === 0 ? Number.NaN : sum / count;
}

class MeanAcc {
  sum = 0;
  count = 0;
  add(v: number | undefined): void {
    if (v === undefined) return;
    this.sum += v;
    this.count++;
  }
  get value(): number {
    return this.sum / this.count;
  }
}

/** Streams instances through the metrics (like gluonts' evaluators) and returns the final row. */
export class GluonTSMetrics {
  private readonly mseMean = new MeanAcc();
  private readonly mseMedian = new MeanAcc();
  private readonly mae = new MeanAcc();
  private readonly mase = new MeanAcc();
  private readonly mape = new MeanAcc();
  private readonly smape = new MeanAcc();
  private readonly msis = new MeanAcc();
  private readonly absLabel = new MeanAcc();
  private readonly quantileLoss = QUANTILE_LEVELS.map(() => 0);
  private instances = 0;

  constructor(readonly seasonality: number) {}

  get count(): number {
    return this.instances;
  }

  update(input: ArrayLike<number>, label: ArrayLike<number>, forecast: GiftForecast): void {
    const mean = forecastMean(forecast);
    const median = forecastQuantile(forecast, 0.5);
    const lower = forecastQuantile(forecast, MSIS_ALPHA / 2);
    const upper = forecastQuantile(forecast, 1 - MSIS_ALPHA / 2);
    const quantiles = QUANTILE_LEVELS.map((q) => forecastQuantile(forecast, q));
    assertFiniteForecast(forecast, [mean, median, lower, upper, ...quantiles]);
    const s = seasonalError(input, this.seasonality);
    this.instances++;
    for (let t = 0; t < label.length; t++) {
      const y = label[t];
      if (!Number.isFinite(y)) continue;
      const eMean = y - mean[t];
      const eMed = y - median[t];
      const ae = Math.abs(eMed);
      const absY = Math.abs(y);
      this.mseMean.add(eMean * eMean);
      this.mseMedian.add(eMed * eMed);
      this.mae.add(ae);
      this.absLabel.add(absY);
      this.mase.add(maskedDivide(ae, s));
      this.mape.add(maskedDivide(ae, absY));
      this.smape.add(maskedDivide(2 * ae, absY + Math.abs(median[t])));
      const lo = lower[t];
      const hi = upper[t];
      const interval =
        hi - lo + (2 / MSIS_ALPHA) * (lo - y) * (y < lo ? 1 : 0) + (2 / MSIS_ALPHA) * (y - hi) * (y > hi ? 1 : 0);
      this.msis.add(maskedDivide(interval, s));
      for (let k = 0; k < QUANTILE_LEVELS.length; k++) {
        const q = QUANTILE_LEVELS[k];
        const pred = quantiles[k][t];
        this.quantileLoss[k] += 2 * Math.abs((y - pred) * ((pred >= y ? 1 : 0) - q));
      }
    }
  }

  result(): GiftMetrics {
    const sumAbsLabel = this.absLabel.sum;
    const mseMean = this.mseMean.value;
    const crps = this.quantileLoss.reduce((acc, ql) => acc + ql / sumAbsLabel, 0) / QUANTILE_LEVELS.length;
    return {
      'MSE[mean]': mseMean,
      'MSE[0.5]': this.mseMedian.value,
      'MAE[0.5]': this.mae.value,
      'MASE[0.5]': this.mase.value,
      'MAPE[0.5]': this.mape.value,
      'sMAPE[0.5]': this.smape.value,
      MSIS: this.msis.value,
      'RMSE[mean]': Math.sqrt(mseMean),
      'NRMSE[mean]': Math.sqrt(mseMean) / this.absLabel.value,
      'ND[0.5]': this.mae.sum / sumAbsLabel,
      mean_weighted_sum_quantile_loss: crps,
    };
  }
}
