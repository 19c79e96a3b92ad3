/**
 * SES, Holt and damped Holt as univariate models: parameters estimated as forecast 8.20's
 * `ses()` / `holt()` / `holt(damped = TRUE)` (see `estimate.ts`), point forecasts and Gaussian
 * intervals from the ETS(A,·,N) state space model (`recursion.ts`). These are the plain methods;
 * the registry's "SES", "Holt" and "Damped" wrap them in the M4 seasonal adjustment
 * (`../deseasonalized.ts`).
 */
import type { FittedUnivariate, UnivariateForecast, UnivariateModel } from '../types.js';
import { checkForecastArgs, checkSeries } from '../validate.js';
import { gaussianQuantiles } from '../intervals.js';
import { estimateSmoothing, type SmoothingFit } from './estimate.js';
import { smoothingForecast, type TrendKind } from './recursion.js';

function describe(fit: SmoothingFit): string {
  const { alpha, beta, phi } = fit.params;
  const parts = [`alpha=${alpha.toPrecision(4)}`];
  if (fit.trend !== 'N') parts.push(`beta=${beta.toPrecision(4)}`);
  if (fit.trend === 'Ad') parts.push(`phi=${phi.toPrecision(4)}`);
  return `ETS(A,${fit.trend},N) ${parts.join(' ')}`;
}

/** Fitted smoothing model as a FittedUnivariate, plus the raw fit for callers that need it. */
export function smoothingFitted(name: string, fit: SmoothingFit): FittedUnivariate & { readonly fit: SmoothingFit } {
  return {
    fit,
    fitted: fit.fitted,
    sigma: Math.sqrt(fit.sigma2),
    spec: describe(fit),
    forecast(h: number, quantiles: readonly number[]): UnivariateForecast {
      checkForecastArgs(name, h, quantiles);
      const { mean, variance } = smoothingForecast(fit.level, fit.slope, fit.params, fit.sigma2, h);
      return { mean, quantiles: gaussianQuantiles(mean, variance.map(Math.sqrt), quantiles) };
    },
  };
}

class SmoothingModel implements UnivariateModel {
  constructor(
    readonly name: string,
    private readonly trend: TrendKind,
  ) {}

  fit(y: Float64Array, seasonLength: number): FittedUnivariate & { readonly fit: SmoothingFit } {
    checkSeries(this.name, y, seasonLength, this.trend === 'N' ? 1 : 2);
    return smoothingFitted(this.name, estimateSmoothing(y, this.trend));
  }
}

/** Simple exponential smoothing, ETS(A,N,N) — forecast::ses. */
export class SimpleExpSmoothing extends SmoothingModel {
  constructor(name = 'SES') {
    super(name, 'N');
  }
}

/** Holt's linear trend, ETS(A,A,N) — forecast::holt. */
export class HoltLinear extends SmoothingModel {
  constructor(name = 'Holt') {
    super(name, 'A');
  }
}

/** Damped Holt, ETS(A,Ad,N) — forecast::holt(damped = TRUE). */
export class HoltDamped extends SmoothingModel {
  constructor(name = 'Damped') {
    super(name, 'Ad');
  }
}
