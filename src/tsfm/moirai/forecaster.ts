/**
 * A loaded Moirai 2.0 checkpoint behind the family-neutral `TsfmForecaster` face. Each call is one
 * upstream `Moirai2Forecast(prediction_length=h, target_dim=1, context_length=C)` over the items:
 * C is the request's context length (default 1680, upstream's README setting), capped at the
 * longest history in the call, so short panels do not pay for padding tokens. Items go through
 * `predict()`'s preprocessing (observed flags, causal-mean imputation, truncation, first-value
 * left padding). Past-only covariates become `past_feat_dynamic_real`; future-known covariates
 * become `feat_dynamic_real` of length C + h (upstream `forward()`, which `predict()` cannot do).
 * The output levels are the model's own (0.1 … 0.9); the adapter maps them to the task's levels.
 * This module imports the model code (and so onnxruntime); the descriptor imports it inside `load`.
 */
import { ETaskSpecInvalid } from '../../errors/index.js';
import type { EngineOptions } from '../engine/options.js';
import type { TsfmForecaster, TsfmItem, TsfmItemForecast, TsfmLoadOptions } from '../family.js';
import { loadMoirai2Model } from './model/index.js';
import { causalMeanImpute, moirai2Forward, observedFlags, prepareMoirai2Predict, type Moirai2BatchInput } from './pipeline/index.js';
import type { Moirai2Model } from './types.js';

/** Context length when the request sets none: upstream's README example for moirai-2.0-R-small. */
export const MOIRAI2_DEFAULT_CONTEXT = 1680;
/** Items per model call when the request sets none. */
export const MOIRAI2_DEFAULT_BATCH = 256;

export type Moirai2Loader = (dir: string, options: EngineOptions) => Promise<Moirai2Model>;

/** Adapter option `loader` replaces the checkpoint loader (tests, custom builds). */
function moirai2Loader(options: Readonly<Record<string, unknown>>): Moirai2Loader {
  const { loader } = options;
  if (loader === undefined) return (dir, engine) => loadMoirai2Model(dir, engine);
  if (typeof loader !== 'function') {
    throw new ETaskSpecInvalid('Moirai option loader must be a function (dir, engineOptions) => Promise<Moirai2Model>.', {
      context: { adapter: 'moirai' },
    });
  }
  return loader as Moirai2Loader;
}

export async function loadMoirai2Forecaster(dir: string, { engine, options }: TsfmLoadOptions): Promise<TsfmForecaster> {
  return moirai2Forecaster(await moirai2Loader(options)(dir, engine));
}

export function moirai2Forecaster(model: Moirai2Model): TsfmForecaster {
  const levels = [...model.config.quantile_levels];
  const median = levels.indexOf(0.5);
  return {
    info: { variant: 'moirai2', weightBytes: model.weightBytes, parameters: Math.round(model.weightBytes / 4) },
    covariates: { past: true, futureKnown: true },
    async forecast(items, request) {
      const out: TsfmItemForecast[] = [];
      const batch = request.batchSize ?? MOIRAI2_DEFAULT_BATCH;
      for (let start = 0; start < items.length; start += batch) {
        const chunk = items.slice(start, start + batch);
        const longest = Math.max(...chunk.map((it) => it.target.length));
        const context = Math.max(1, Math.min(request.contextLength ?? MOIRAI2_DEFAULT_CONTEXT, longest));
        const result = await moirai2Forward(model, batchInput(chunk, request.h, context));
        const Q = levels.length;
        const h = request.h;
        chunk.forEach((_, b) => {
          // [b][q][t] → [t][q]
          const quantiles = new Float32Array(h * Q);
          const mean = new Float32Array(h);
          for (let q = 0; q < Q; q++) {
            for (let t = 0; t < h; t++) quantiles[t * Q + q] = result.values[(b * Q + q) * h + t];
          }
          for (let t = 0; t < h; t++) mean[t] = median >= 0 ? quantiles[t * Q + median] : Number.NaN;
          out.push({ levels, quantiles, mean });
        });
      }
      return out;
    },
    dispose: () => model.dispose(),
  };
}

/**
 * The forward() inputs of one call: predict()'s preprocessing of the targets, plus covariates.
 * Each covariate column is imputed and fitted to the context on its own, like a univariate
 * predict() series (upstream's multi-column imputation mixes columns, and its padding fails for
 * more than one column, which a panel with several covariates would hit).
 */
function batchInput(items: readonly TsfmItem[], h: number, T: number): Moirai2BatchInput {
  const names = (pick: (it: TsfmItem) => Readonly<Record<string, Float64Array>> | undefined) =>
    [...new Set(items.flatMap((it) => Object.keys(pick(it) ?? {})))].sort();
  const futureNames = names((it) => it.futureCovariates);
  const pastOnly = names((it) => it.pastCovariates).filter((n) => !futureNames.includes(n));
  const base = prepareMoirai2Predict({ pastTarget: items.map((it) => it.target) }, { predictionLength: h, contextLength: T, targetDim: 1 });
  return {
    ...base,
    featDynamicReal: futureNames.length > 0 ? covariateBlock(items, futureNames, T, h) : null,
    pastFeatDynamicReal: pastOnly.length > 0 ? covariateBlock(items, pastOnly, T, 0) : null,
  };
}

/** [items, T + h, names] values and observed flags: history fitted to T steps, then h future steps. */
function covariateBlock(
  items: readonly TsfmItem[],
  names: readonly string[],
  T: number,
  h: number,
): { dim: number; values: Float32Array; observed: Uint8Array } {
  const F = names.length;
  const L = T + h;
  const values = new Float32Array(items.length * L * F);
  const observed = new Uint8Array(items.length * L * F);
  const nanSeries = (n: number) => new Float64Array(n).fill(Number.NaN);
  items.forEach((it, b) => {
    const n = it.target.length;
    names.forEach((name, f) => {
      const past = it.pastCovariates?.[name] ?? nanSeries(n);
      const future = h > 0 ? (it.futureCovariates?.[name] ?? nanSeries(h)) : new Float64Array(0);
      const full = { rows: n + h, cols: 1, data: Float32Array.from([...past, ...future]) };
      const obs = observedFlags(full.data);
      causalMeanImpute(full);
      for (let t = 0; t < T; t++) {
        // the last T history steps, or first-value left padding (as predict() pads)
        const src = n >= T ? n - T + t : Math.max(0, t - (T - n));
        values[(b * L + t) * F + f] = full.data[src];
        observed[(b * L + t) * F + f] = obs[src];
      }
      for (let t = 0; t < h; t++) {
        values[(b * L + T + t) * F + f] = full.data[n + t];
        observed[(b * L + T + t) * F + f] = obs[n + t];
      }
    });
  });
  return { dim: F, values, observed };
}
