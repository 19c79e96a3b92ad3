/**
 * upstream `TimesFM_2p5.forecast_with_covariates`: TimesFM combined with an in-context linear model
 * of the covariates (xreg.ts), in one of two orders:
 * - "xreg + timesfm": fit the covariates on the (per-series standardised) targets, let TimesFM
 *   forecast what the linear model leaves, add the two, undo the standardisation;
 * - "timesfm + xreg": TimesFM forecasts (with its backcast on the context), then the covariates are
 *   fitted on TimesFM's in-sample residuals and that fit is added to the forecast.
 * The pipeline must be compiled with returnBackcast (upstream raises otherwise); the horizon is each
 * series' dynamic-covariate length minus its context length, else max_horizon.
 */
import { ETSFMForecastConfigInvalid, ETSFMInputInvalid } from '../../../../errors/index.js';
import type { TimesFM2p5Pipeline } from '../pipeline.js';
import { fitInContextXReg, normalizePerSeries, type Covariates } from './xreg.js';

export type XRegMode = 'xreg + timesfm' | 'timesfm + xreg';

export interface ForecastWithCovariatesOptions {
  xregMode?: XRegMode;
  /** Standardise each series' regression target (default true, as upstream). */
  normalizeXregTargetPerInput?: boolean;
  /** Ridge penalty on the standardised design (default 0: least squares, first category dropped). */
  ridge?: number;
}

export interface CovariateForecast {
  /** Per series: [horizon_i]. */
  point: Float64Array[];
  /** Per series: [horizon_i, channels] ([mean, q0.1 … q0.9]). */
  quantiles: Float64Array[];
}

export async function forecastWithCovariates(
  pipeline: TimesFM2p5Pipeline,
  inputs: ReadonlyArray<ArrayLike<number>>,
  covariates: Covariates,
  options: ForecastWithCovariatesOptions = {},
): Promise<CovariateForecast> {
  const fc = pipeline.forecastConfig;
  if (!fc) throw new ETSFMForecastConfigInvalid('Model is not compiled. Please call compile() first.');
  if (!fc.returnBackcast) {
    throw new ETSFMForecastConfigInvalid(
      'For XReg, `return_backcast` must be set to True in the forecast config. Please recompile the model.',
      {
        fixHint: 'compile({ …, returnBackcast: true }) before forecastWithCovariates().',
      },
    );
  }
  const mode = options.xregMode ?? 'xreg + timesfm';
  if (mode !== 'xreg + timesfm' && mode !== 'timesfm + xreg') {
    throw new ETSFMInputInvalid(`Unsupported mode: ${String(mode)}`, {
      context: { xregMode: mode },
      fixHint: 'Use "xreg + timesfm" or "timesfm + xreg".',
    });
  }
  const ridge = options.ridge ?? 0;
  if (!(ridge >= 0)) throw new ETSFMInputInvalid(`ridge must be ≥ 0, got ${ridge}.`, { context: { ridge } });
  const normalize = options.normalizeXregTargetPerInput ?? true;
  const { p } = pipeline.model.dims;
  const H = fc.maxHorizon;

  const inputLens = inputs.map((x) => x.length);
  // timesfm + xreg: the residuals exist where TimesFM has an in-sample forecast, i.e. after the
  // first patch of the (truncated) context.
  const trainLens = inputLens.map((len) => (mode === 'timesfm + xreg' ? Math.max(0, Math.min(len, fc.maxContext) - p) : len));
  const dyn = covariates.dynamicNumerical ?? {};
  const dynCat = covariates.dynamicCategorical ?? {};
  const firstDynamic = Object.values(dyn)[0] ?? Object.values(dynCat)[0];
  const testLens = inputLens.map((len, i) => (firstDynamic ? (firstDynamic[i]?.length ?? len) - len : H));
  testLens.forEach((t) => {
    if (t > H) {
      throw new ETSFMInputInvalid(
        `Forecast horizon length inferred from the dynamic covariates is longer than the max_horizon defined in the forecast config: ${t} > ${H}.`,
        {
          context: { horizon: t, maxHorizon: H },
        },
      );
    }
    if (t < 1)
      throw new ETSFMInputInvalid('The dynamic covariates must extend past the end of each series (context + horizon values).', {
        context: { horizon: t },
      });
  });
  const lastN = (x: ArrayLike<number>, n: number) => Float64Array.from({ length: n }, (_, i) => x[x.length - n + i]);

  if (mode === 'timesfm + xreg') {
    const f = await pipeline.forecast(H, inputs);
    const backcast = f.length - H;
    const q = f.channels;
    const targets = inputs.map((x, i) => {
      const n = trainLens[i];
      const y = lastN(x, n);
      for (let t = 0; t < n; t++) y[t] -= f.point[i * f.length + backcast - n + t];
      return y;
    });
    const norm = normalize ? normalizePerSeries(targets) : null;
    const fit = fitInContextXReg({ targets: norm ? norm.normalized : targets, inputLens, trainLens, testLens, covariates, ridge });
    const xreg = fit.test.map((v, i) => (norm ? v.map((z) => z * norm.stats[i].std + norm.stats[i].mean) : v));
    return {
      point: xreg.map((x, i) => Float64Array.from(x, (v, t) => f.point[i * f.length + backcast + t] + v)),
      quantiles: xreg.map((x, i) => {
        const out = new Float64Array(testLens[i] * q);
        for (let t = 0; t < testLens[i]; t++)
          for (let k = 0; k < q; k++) out[t * q + k] = f.quantiles[(i * f.length + backcast + t) * q + k] + x[t];
        return out;
      }),
    };
  }

  const targets = inputs.map((x, i) => lastN(x, trainLens[i]));
  const norm = normalize ? normalizePerSeries(targets) : null;
  const y = norm ? norm.normalized : targets;
  const fit = fitInContextXReg({ targets: y, inputLens, trainLens, testLens, covariates, ridge });
  const residuals = y.map((t, i) => Float64Array.from(t, (v, j) => v - fit.train[i][j]));
  const f = await pipeline.forecast(H, residuals);
  const backcast = f.length - H;
  const q = f.channels;
  const undo = (v: number, i: number) => (norm ? v * norm.stats[i].std + norm.stats[i].mean : v);
  return {
    point: fit.test.map((x, i) => Float64Array.from(x, (v, t) => undo(f.point[i * f.length + backcast + t] + v, i))),
    quantiles: fit.test.map((x, i) => {
      const out = new Float64Array(testLens[i] * q);
      for (let t = 0; t < testLens[i]; t++)
        for (let k = 0; k < q; k++) out[t * q + k] = undo(f.quantiles[(i * f.length + backcast + t) * q + k] + x[t], i);
      return out;
    }),
  };
}
