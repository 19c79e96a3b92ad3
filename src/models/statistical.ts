/**
 * The panel-level adapter for any univariate statistical model: one fit per series, forecasts
 * stamped with future timestamps of the task's frequency. Statistical adapters hold no weights, so
 * they are always loaded and load()/unload() do nothing.
 *
 * Errors: a typed error from one series' model is re-thrown with the series id added to its
 * context (same class and code, so a fallback ladder reacts to it as to the original); anything
 * unexpected becomes EModelFitFailed / EModelPredictFailed; non-finite forecasts raise
 * ENonFiniteForecast.
 */
import type { Panel, Series } from '../data/panel.js';
import { futureTimestamps } from '../data/frequency.js';
import type { ForecastResult, SeriesForecast } from '../forecast/types.js';
import {
  EModelFitFailed,
  EModelPredictFailed,
  ENonFiniteForecast,
  TSAgentKitError,
  type ErrorContext,
} from '../errors/index.js';
import type { FittedModel, ForecastAdapter, ForecastTask, LoadInfo } from './contract.js';
import type { FittedUnivariate, UnivariateForecast, UnivariateModel } from './stats/types.js';
import { createStatisticalModel, isStatisticalModel, type StatisticalModelOptions } from './registry.js';

/** What fit() keeps in FittedModel.state: one fitted model per series, in panel order. */
export interface StatisticalState {
  readonly kind: 'statistical';
  readonly fits: readonly FittedUnivariate[];
}

export type ErrorClass = new (message: string, options?: { context?: ErrorContext; fixHint?: string; cause?: unknown }) => TSAgentKitError;

/**
 * Re-throws a per-series failure with the series named: typed errors keep their class and code, with
 * the series and model added to their context; anything else becomes `fallback`. Shared with the
 * worker-pool adapter so that an error raised in a worker reads exactly as one raised here.
 */
export function withSeries(err: unknown, seriesId: string, model: string, fallback: ErrorClass, step: string): TSAgentKitError {
  if (err instanceof TSAgentKitError) {
    const Cls = err.constructor as ErrorClass;
    const options: { context: ErrorContext; fixHint?: string; cause: unknown } = {
      context: { ...err.context, seriesId, model },
      cause: err,
    };
    if (err.fixHint !== undefined) options.fixHint = err.fixHint;
    return new Cls(`series "${seriesId}": ${err.message}`, options);
  }
  const message = err instanceof Error ? err.message : String(err);
  return new fallback(`${model} ${step} failed on series "${seriesId}": ${message}`, {
    context: { seriesId, model },
    cause: err,
  });
}

/**
 * A series' history starts at its first observation: leading missing values (a product launched
 * later than the panel's first date) are not gaps to repair, so they are dropped here rather than
 * invented. Interior gaps are QA's job and still reach the model as an error.
 */
export function observedHistory(y: Float64Array): Float64Array {
  let first = 0;
  while (first < y.length && Number.isNaN(y[first]!)) first++;
  return first === 0 ? y : y.subarray(first);
}

export class StatisticalAdapter implements ForecastAdapter {
  readonly kind = 'statistical' as const;
  readonly isLoaded = true;
  readonly modelSize = 'n/a';
  readonly device = 'cpu';
  readonly name: string;

  constructor(private readonly model: UnivariateModel) {
    this.name = model.name;
  }

  async load(): Promise<LoadInfo> {
    return { loadMs: 0, weightBytes: 0 };
  }

  async unload(): Promise<void> {}

  async fit(panel: Panel, task: ForecastTask): Promise<FittedModel> {
    const started = performance.now();
    const fits = panel.series.map((s) => {
      try {
        return this.model.fit(observedHistory(s.y), task.seasonLength);
      } catch (err) {
        throw withSeries(err, s.id, this.name, EModelFitFailed, 'fit');
      }
    });
    const state: StatisticalState = { kind: 'statistical', fits };
    return { model: this.name, panel, task, state, fitMs: performance.now() - started };
  }

  async predict(fitted: FittedModel): Promise<ForecastResult> {
    const state = fitted.state as StatisticalState | undefined;
    if (fitted.model !== this.name || state?.kind !== 'statistical' || state.fits.length !== fitted.panel.series.length) {
      throw new EModelPredictFailed(`${this.name}: predict() needs the FittedModel this adapter's fit() returned`, {
        context: { adapter: this.name, fittedModel: fitted.model },
      });
    }
    const { task, panel } = fitted;
    const series: SeriesForecast[] = panel.series.map((s, k) => {
      let fc;
      try {
        fc = state.fits[k]!.forecast(task.h, task.quantiles);
      } catch (err) {
        throw withSeries(err, s.id, this.name, EModelPredictFailed, 'predict');
      }
      return stampForecast(this.name, s, fc, task);
    });
    return { model: this.name, h: task.h, quantileLevels: [...task.quantiles], series };
  }
}

/**
 * One series' forecast as the panel output carries it: checked finite (a non-finite value is
 * ENonFiniteForecast naming the series and step) and stamped with the h future timestamps.
 */
export function stampForecast(model: string, s: Pick<Series, 'id' | 'ds'>, fc: UnivariateForecast, task: ForecastTask): SeriesForecast {
  for (const arr of [fc.mean, ...fc.quantiles]) {
    for (let i = 0; i < arr.length; i++) {
      if (!Number.isFinite(arr[i])) {
        throw new ENonFiniteForecast(`${model} produced a non-finite forecast for series "${s.id}"`, {
          context: { seriesId: s.id, model, step: i + 1 },
        });
      }
    }
  }
  const lastDs = s.ds[s.ds.length - 1];
  return { id: s.id, ds: futureTimestamps(lastDs, task.freq, task.h), mean: fc.mean, quantiles: fc.quantiles };
}

/** The adapter for a registry model, or undefined when `name` is not a statistical model. */
export function statisticalAdapter(name: string, options?: StatisticalModelOptions): StatisticalAdapter | undefined {
  if (!isStatisticalModel(name)) return undefined;
  return new StatisticalAdapter(createStatisticalModel(name, options));
}
