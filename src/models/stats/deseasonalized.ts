/**
 * The M4 benchmarks' seasonal adjustment around any non-seasonal method (how Naive2, SES, Holt,
 * Damped, Theta and Comb are defined there): when the 90% ACF test (`seasonality.ts`) finds the
 * series seasonal, divide it by the seasonal indices of a classical multiplicative decomposition,
 * fit the inner method on the adjusted series, and multiply its forecast (point and quantiles) by
 * the indices of the coming periods. Otherwise the inner method sees the raw series.
 *
 * The multiplicative form needs positive data; for a seasonal series with zeros or negative
 * values (outside the M4 recipe) we use the additive decomposition instead and add the indices back.
 */
import type { FittedUnivariate, UnivariateForecast, UnivariateModel } from './types.js';
import { checkSeries } from './validate.js';
import { decompose, seasonalIndex, type Decomposition } from './decompose.js';
import { seasonalityTest } from './seasonality.js';

export interface DeseasonalizedFitted extends FittedUnivariate {
  /** The decomposition used, undefined when the series was treated as non-seasonal. */
  readonly decomposition: Decomposition | undefined;
  readonly inner: FittedUnivariate;
}

/** Chooses and computes the M4 seasonal adjustment of y (undefined when not seasonal). */
export function m4Decomposition(y: Float64Array, m: number): Decomposition | undefined {
  if (m <= 1 || !seasonalityTest(y, m).seasonal) return undefined;
  let positive = true;
  for (const v of y) if (!(v > 0)) positive = false;
  return decompose(y, m, positive ? 'multiplicative' : 'additive');
}

function reseasonalize(values: Float64Array, d: Decomposition, offset: number): Float64Array {
  return values.map((v, i) => {
    const s = seasonalIndex(d, offset + i);
    return d.type === 'multiplicative' ? v * s : v + s;
  });
}

export class Deseasonalized implements UnivariateModel {
  constructor(
    readonly name: string,
    private readonly inner: UnivariateModel,
  ) {}

  fit(y: Float64Array, seasonLength: number): DeseasonalizedFitted {
    checkSeries(this.name, y, seasonLength);
    const d = m4Decomposition(y, seasonLength);
    if (!d) {
      const inner = this.inner.fit(y, seasonLength);
      return { ...pick(inner), decomposition: undefined, inner, forecast: (h, q) => inner.forecast(h, q) };
    }
    const adjusted = y.map((v, t) => {
      const s = seasonalIndex(d, t);
      return d.type === 'multiplicative' ? v / s : v - s;
    });
    const inner = this.inner.fit(adjusted, seasonLength);
    const n = y.length;
    return {
      decomposition: d,
      inner,
      ...(inner.fitted ? { fitted: reseasonalize(inner.fitted, d, 0) } : {}),
      ...(inner.sigma !== undefined ? { sigma: inner.sigma } : {}),
      spec: `${inner.spec ?? this.inner.name} on ${d.type}ly seasonally adjusted data (m=${seasonLength})`,
      forecast(h: number, quantiles: readonly number[]): UnivariateForecast {
        const fc = inner.forecast(h, quantiles);
        return {
          mean: reseasonalize(fc.mean, d, n),
          quantiles: fc.quantiles.map((q) => reseasonalize(q, d, n)),
        };
      },
    };
  }
}

function pick(f: FittedUnivariate): Partial<FittedUnivariate> {
  const out: { fitted?: Float64Array; sigma?: number; spec?: string } = {};
  if (f.fitted) out.fitted = f.fitted;
  if (f.sigma !== undefined) out.sigma = f.sigma;
  if (f.spec !== undefined) out.spec = f.spec;
  return out;
}
