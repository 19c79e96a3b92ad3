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

const f32 = Math.fround;
const f64 = (x: number) => x;

/**
 * numpy's pairwise summation (`@TYPE@_pairwise_sum`: blocks of 128 summed with 8 accumulators,
 * larger ranges split in halves on multiples of 8), with every addition rounded by `round`
 * (Math.fround for a float32 array). gluonts sums float32 statistics this way, per evaluation batch.
 */
export function pairwiseSum(a: ArrayLike<number>, round: (x: number) => number = f64, lo = 0, n = a.length - lo): number {
  if (n < 8) {
    let res = 0;
    for (let i = 0; i < n; i++) res = round(res + a[lo + i]);
    return res;
  }
  if (n <= 128) {
    const r = [a[lo], a[lo + 1], a[lo + 2], a[lo + 3], a[lo + 4], a[lo + 5], a[lo + 6], a[lo + 7]];
    let i = 8;
    for (; i < n - (n % 8); i += 8) {
      for (let j = 0; j < 8; j++) r[j] = round(r[j] + a[lo + i + j]);
    }
    let res = round(round(round(r[0] + r[1]) + round(r[2] + r[3])) + round(round(r[4] + r[5]) + round(r[6] + r[7])));
    for (; i < n; i++) res = round(res + a[lo + i]);
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return round(pairwiseSum(a, round, lo, n2) + pairwiseSum(a, round, lo + n2, n - n2));
}

/**
 * gluonts `seasonal_error` on the masked history: mean |y_t − y_{t−m}| over the pairs where both
 * ends are present (float32 differences and sum, as numpy computes them on a float32 target);
 * m = 1 when the history is shorter than m; NaN when no pair is present.
 */
export function seasonalError(history: ArrayLike<number>, seasonality: number): number {
  const m = seasonality > history.length ? 1 : seasonality;
  const diffs = new Float64Array(Math.max(0, history.length - m));
  let count = 0;
  for (let t = m; t < history.length; t++) {
    const a = history[t];
    const b = history[t - m];
    if (Number.isFinite(a) && Number.isFinite(b)) {
      diffs[t - m] = Math.abs(f32(a - b));
      count++;
    }
  }
  return count === 0 ? Number.NaN : pairwiseSum(diffs, f32) / count;
}

/**
 * One metric's statistic over an evaluation batch: the flattened (instance, step) values with
 * masked points as 0 (numpy's `filled(0)`), summed the way numpy sums that batch, then added to a
 * float64 total (gluonts' Mean / Sum aggregations).
 */
class Stat {
  private values: number[] = [];
  total = 0;
  count = 0;
  constructor(private readonly round: (x: number) => number) {}
  push(v: number | undefined): void {
    if (v === undefined) this.values.push(0);
    else {
      this.values.push(v);
      this.count++;
    }
  }
  flush(): void {
    // numpy's buffered reduction hands the inner loop NPY_BUFSIZE elements at a time, adding each
    // chunk's pairwise sum to the running (float32) result.
    let batchSum = 0;
    for (let lo = 0; lo < this.values.length; lo += NUMPY_BUFSIZE) {
      batchSum = this.round(batchSum + pairwiseSum(this.values, this.round, lo, Math.min(NUMPY_BUFSIZE, this.values.length - lo)));
    }
    this.total += batchSum;
    this.values = [];
  }
  get mean(): number {
    return this.total / this.count;
  }
}

/** numpy's default ufunc buffer size (elements per inner-loop call of a buffered reduction). */
const NUMPY_BUFSIZE = 8192;

/** gluonts evaluates in batches of this many instances (gift-eval passes batch_size=512). */
export const EVAL_BATCH_SIZE = 512;

/**
 * Streams instances through the metrics (like gluonts' evaluators) and returns the final row.
 * Labels and forecasts are float32; the statistics that stay float32 in numpy (errors, squares,
 * absolute labels, percentage errors) are rounded to float32 and summed in float32 per batch;
 * those divided by the (float64) seasonal error, and the quantile losses, are float64.
 */
export class GluonTSMetrics {
  private readonly seMean = new Stat(f32);
  private readonly seMedian = new Stat(f32);
  private readonly ae = new Stat(f32);
  private readonly absLabel = new Stat(f32);
  private readonly ape = new Stat(f32);
  private readonly sape = new Stat(f32);
  private readonly ase = new Stat(f64);
  private readonly msis = new Stat(f64);
  private readonly quantileLoss = QUANTILE_LEVELS.map(() => new Stat(f64));
  private instances = 0;

  constructor(
    readonly seasonality: number,
    private readonly batchSize = EVAL_BATCH_SIZE,
  ) {}

  get count(): number {
    return this.instances;
  }

  private get stats(): Stat[] {
    return [this.seMean, this.seMedian, this.ae, this.absLabel, this.ape, this.sape, this.ase, this.msis, ...this.quantileLoss];
  }

  update(input: ArrayLike<number>, label: ArrayLike<number>, forecast: GiftForecast): void {
    const mean = forecastMean(forecast);
    const median = forecastQuantile(forecast, 0.5);
    const lower = forecastQuantile(forecast, MSIS_ALPHA / 2);
    const upper = forecastQuantile(forecast, 1 - MSIS_ALPHA / 2);
    const quantiles = QUANTILE_LEVELS.map((q) => forecastQuantile(forecast, q));
    assertFiniteForecast(forecast, [mean, median, lower, upper, ...quantiles]);
    const s = seasonalError(input, this.seasonality);
    for (let t = 0; t < label.length; t++) {
      const y = label[t];
      if (!Number.isFinite(y)) {
        for (const stat of this.stats) stat.push(undefined);
        continue;
      }
      const eMean = f32(y - mean[t]);
      const eMed = f32(y - median[t]);
      const ae = Math.abs(eMed);
      const absY = Math.abs(y);
      this.seMean.push(f32(eMean * eMean));
      this.seMedian.push(f32(eMed * eMed));
      this.ae.push(ae);
      this.absLabel.push(absY);
      const ape = maskedDivide(ae, absY);
      this.ape.push(ape === undefined ? undefined : f32(ape));
      const sape = maskedDivide(2 * ae, f32(absY + Math.abs(median[t])));
      this.sape.push(sape === undefined ? undefined : f32(sape));
      this.ase.push(maskedDivide(ae, s));
      const lo = lower[t];
      const hi = upper[t];
      const below = f32(f32((2 / MSIS_ALPHA) * f32(lo - y)) * (y < lo ? 1 : 0));
      const above = f32(f32((2 / MSIS_ALPHA) * f32(y - hi)) * (y > hi ? 1 : 0));
      const interval = f32(f32(f32(hi - lo) + below) + above);
      this.msis.push(maskedDivide(interval, s));
      for (let k = 0; k < QUANTILE_LEVELS.length; k++) {
        const q = QUANTILE_LEVELS[k];
        const pred = quantiles[k][t];
        this.quantileLoss[k].push(2 * Math.abs(f32(y - pred) * ((pred >= y ? 1 : 0) - q)));
      }
    }
    this.instances++;
    if (this.instances % this.batchSize === 0) for (const stat of this.stats) stat.flush();
  }

  result(): GiftMetrics {
    for (const stat of this.stats) stat.flush();
    const sumAbsLabel = this.absLabel.total;
    const mseMean = this.seMean.mean;
    const crps = this.quantileLoss.reduce((acc, ql) => acc + ql.total / sumAbsLabel, 0) / QUANTILE_LEVELS.length;
    return {
      'MSE[mean]': mseMean,
      'MSE[0.5]': this.seMedian.mean,
      'MAE[0.5]': this.ae.mean,
      'MASE[0.5]': this.ase.mean,
      'MAPE[0.5]': this.ape.mean,
      'sMAPE[0.5]': this.sape.mean,
      MSIS: this.msis.mean,
      'RMSE[mean]': Math.sqrt(mseMean),
      'NRMSE[mean]': Math.sqrt(mseMean) / this.absLabel.mean,
      'ND[0.5]': this.ae.total / sumAbsLabel,
      mean_weighted_sum_quantile_loss: crps,
    };
  }
}
