/**
 * Equal-weight forecast combination (the M4 benchmark "Comb" is the mean of SES, Holt and damped
 * Holt). The point forecast is the mean of the members' point forecasts; each quantile is the mean
 * of the members' quantiles at that level (quantile averaging, which keeps the quantiles ordered).
 */
import type { FittedUnivariate, UnivariateForecast, UnivariateModel } from './types.js';
import { checkForecastArgs, checkSeries } from './validate.js';

function average(arrays: readonly Float64Array[]): Float64Array {
  const out = new Float64Array(arrays[0].length);
  for (const a of arrays) for (let i = 0; i < out.length; i++) out[i] += a[i];
  for (let i = 0; i < out.length; i++) out[i] /= arrays.length;
  return out;
}

export class MeanCombination implements UnivariateModel {
  constructor(
    readonly name: string,
    private readonly members: readonly UnivariateModel[],
  ) {}

  fit(y: Float64Array, seasonLength: number): FittedUnivariate {
    checkSeries(this.name, y, seasonLength);
    const fits = this.members.map((m) => m.fit(y, seasonLength));
    const name = this.name;
    const allFitted = fits.every((f) => f.fitted);
    return {
      ...(allFitted ? { fitted: average(fits.map((f) => f.fitted!)) } : {}),
      spec: `mean of ${this.members.map((m, i) => fits[i].spec ?? m.name).join('; ')}`,
      forecast(h: number, quantiles: readonly number[]): UnivariateForecast {
        checkForecastArgs(name, h, quantiles);
        const fcs = fits.map((f) => f.forecast(h, quantiles));
        return {
          mean: average(fcs.map((f) => f.mean)),
          quantiles: quantiles.map((_, k) => average(fcs.map((f) => f.quantiles[k]))),
        };
      },
    };
  }
}
