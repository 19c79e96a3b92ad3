/**
 * forecast's `forecast.Arima` (through stats' `predict.Arima`): point forecasts from the Kalman
 * filter's final state plus the regressor's continuation (drift n+1…n+h, or the intercept), and
 * Gaussian intervals from the forecast variances times sigma² (forecast's unbiased estimate).
 */
import { qnorm } from '../numeric/normal.js';
import type { AutoArimaFit } from './autoArima.js';
import { kalmanForecast } from './stateSpace.js';

export interface ArimaForecast {
  readonly mean: Float64Array;
  /** Standard error of each step's forecast. */
  readonly se: Float64Array;
}

export function forecastArima(model: AutoArimaFit, h: number): ArimaForecast {
  if (model.constantValue !== undefined) {
    return { mean: new Float64Array(h).fill(model.constantValue), se: new Float64Array(h) };
  }
  const { fit, n } = model;
  const z = kalmanForecast(h, fit.model);
  const mean = new Float64Array(h);
  const se = new Float64Array(h);
  const b = fit.xreg ? fit.coef[fit.coef.length - 1] : 0;
  for (let i = 0; i < h; i++) {
    const xm = fit.xreg === undefined ? 0 : fit.xreg.name === 'drift' ? (i + 1 + n) * b : b;
    mean[i] = z.pred[i] + xm;
    se[i] = Math.sqrt(z.variance[i] * fit.sigma2);
  }
  return { mean, se };
}

/** Central prediction interval at `level` percent (R's lower/upper columns). */
export function predictionInterval(f: ArimaForecast, level: number): { lower: Float64Array; upper: Float64Array } {
  const qq = qnorm(0.5 * (1 + level / 100));
  const lower = Float64Array.from(f.mean, (m, i) => m - qq * f.se[i]);
  const upper = Float64Array.from(f.mean, (m, i) => m + qq * f.se[i]);
  return { lower, upper };
}
