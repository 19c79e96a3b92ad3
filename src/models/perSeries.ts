/**
 * The per-series steps every statistical adapter shares, in-process (`StatisticalAdapter`) or on
 * worker threads (`PooledStatisticalAdapter`, whose workers run `runForecastBatch`): the observed
 * history a model is fitted on, the error a series' failure becomes, and the checked, time-stamped
 * forecast. One implementation, so that both paths give the same numbers and the same errors.
 */
import { futureTimestamps } from '../data/frequency.js';
import type { Series } from '../data/panel.js';
import { ENonFiniteForecast, TSAgentKitError, type ErrorContext } from '../errors/index.js';
import type { SeriesForecast } from '../forecast/types.js';
import type { ForecastTask } from './contract.js';
import type { UnivariateForecast } from './stats/types.js';

export type ErrorClass = new (message: string, options?: { context?: ErrorContext; fixHint?: string; cause?: unknown }) => TSAgentKitError;

/**
 * Re-throws a per-series failure with the series named: typed errors keep their class and code, with
 * the series and model added to their context; anything else becomes `fallback`. An error raised
 * in a worker and rebuilt on the main thread goes through it too, so it reads exactly the same.
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
  while (first < y.length && Number.isNaN(y[first])) first++;
  return first === 0 ? y : y.subarray(first);
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
