/**
 * The classic Theta method of Assimakopoulos & Nikolopoulos (2000) exactly as the M4 competition's
 * benchmark code computes it ("Theta.classic"), which is SES with drift (Hyndman & Billah 2003):
 *
 *   theta-0 line: least-squares line a + b·t through the data (t = 1 … n), extrapolated;
 *   theta-2 line: 2·y_t − (a + b·t), forecast with SES (α and l₀ estimated as forecast::ses does);
 *   forecast = ½·theta-0 + ½·SES(theta-2).
 *
 * M4 sets negative forecasts to 0 (its data are positive); we do so only when the history has no
 * negative values. Seasonality is handled by the M4 adjustment wrapper (`deseasonalized.ts`).
 *
 * Intervals follow forecast::thetaf: the standard error at step h is σ·sqrt(1 + (h − 1)·α²), with
 * σ² here the variance of the method's in-sample errors (n − 4 degrees of freedom: a, b, α, l₀).
 */
import type { FittedUnivariate, UnivariateForecast, UnivariateModel } from './types.js';
import { checkForecastArgs, checkSeries } from './validate.js';
import { gaussianQuantiles } from './intervals.js';
import { estimateSmoothing } from './expsmooth/estimate.js';
import { smoothingForecast } from './expsmooth/recursion.js';

export interface ThetaFitted extends FittedUnivariate {
  readonly intercept: number;
  readonly slope: number;
  readonly alpha: number;
}

export class ThetaMethod implements UnivariateModel {
  readonly name: string;

  constructor(name = 'Theta') {
    this.name = name;
  }

  fit(y: Float64Array, seasonLength: number): ThetaFitted {
    checkSeries(this.name, y, seasonLength, 2);
    const n = y.length;
    // Least-squares line against t = 1..n.
    const tMean = (n + 1) / 2;
    let yMean = 0;
    for (const v of y) yMean += v;
    yMean /= n;
    let sxy = 0;
    let sxx = 0;
    for (let t = 0; t < n; t++) {
      const dt = t + 1 - tMean;
      sxy += dt * (y[t] - yMean);
      sxx += dt * dt;
    }
    const slope = sxy / sxx;
    const intercept = yMean - slope * tMean;
    const line0 = (t: number) => intercept + slope * t;

    const thetaLine = y.map((v, t) => 2 * v - line0(t + 1));
    const ses = estimateSmoothing(thetaLine, 'N');
    const fitted = ses.fitted.map((f, t) => 0.5 * f + 0.5 * line0(t + 1));
    let ss = 0;
    for (let t = 0; t < n; t++) ss += (y[t] - fitted[t]) ** 2;
    const sigma = Math.sqrt(ss / Math.max(1, n - 4));
    const alpha = ses.params.alpha;
    let nonNegative = true;
    for (const v of y) if (v < 0) nonNegative = false;
    const name = this.name;

    return {
      intercept,
      slope,
      alpha,
      fitted,
      sigma,
      spec: `Theta(theta=2) alpha=${alpha.toPrecision(4)} drift=${(slope / 2).toPrecision(4)}`,
      forecast(h: number, quantiles: readonly number[]): UnivariateForecast {
        checkForecastArgs(name, h, quantiles);
        const sesMean = smoothingForecast(ses.level, 0, ses.params, 0, h).mean;
        const mean = sesMean.map((f, i) => 0.5 * f + 0.5 * line0(n + i + 1));
        const se = Float64Array.from({ length: h }, (_, i) => sigma * Math.sqrt(1 + i * alpha * alpha));
        const qs = gaussianQuantiles(mean, se, quantiles);
        if (nonNegative) {
          for (const arr of [mean, ...qs]) for (let i = 0; i < h; i++) if (arr[i] < 0) arr[i] = 0;
        }
        return { mean, quantiles: qs };
      },
    };
  }
}
