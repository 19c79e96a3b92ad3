/**
 * PooledStatisticalAdapter: a registry statistical model (by name + options) fitted on a
 * StatWorkerPool instead of the main thread. It behaves as `StatisticalAdapter` does:
 *
 * - the same numbers (the workers run the same per-series code);
 * - the same errors: a series whose fit fails makes fit() throw that error, rebuilt with its class,
 *   code, context and hint and named with the series exactly as in-process; predict() throws the
 *   first predict failure or non-finite forecast in panel order;
 * - one difference by design: series whose worker died are not an error of the model. predict()
 *   returns the others and lists the dead batch's series in `failures` (EWorkerCrashed), so the
 *   ladder gives only those series to its next model. If every series was lost, fit() throws.
 *
 * Because the task (h, quantiles) is known at fit time, the workers fit and forecast in one pass
 * (the fitted models never cross the thread boundary); predict() only assembles and checks.
 */
import type { Panel } from '../../data/panel.js';
import { EModelFitFailed, EModelPredictFailed, type EWorkerCrashed } from '../../errors/index.js';
import type { SeriesFailure, ForecastResult, SeriesForecast } from '../../forecast/types.js';
import type { FittedModel, ForecastAdapter, ForecastTask, LoadInfo } from '../../models/contract.js';
import { createStatisticalModel, type StatisticalModelOptions } from '../../models/registry.js';
import { observedHistory, stampForecast, withSeries } from '../../models/perSeries.js';
import { fromWireError } from './forecastBatch.js';
import type { PooledOutcome, StatWorkerPool } from './workerPool.js';

interface PooledState {
  readonly kind: 'pooled-statistical';
  /** One outcome per panel series, in panel order. */
  readonly outcomes: readonly PooledOutcome[];
}

export class PooledStatisticalAdapter implements ForecastAdapter {
  readonly kind = 'statistical' as const;
  readonly isLoaded = true;
  readonly modelSize = 'n/a';
  readonly device = 'cpu';

  /** The model's own name (the `model` column), which an alias such as "Croston" resolves to. */
  readonly name: string;

  constructor(
    /** The registry name the workers build the model from. */
    readonly registryName: string,
    private readonly pool: StatWorkerPool,
    private readonly options: StatisticalModelOptions = {},
  ) {
    this.name = createStatisticalModel(registryName, options).name;
  }

  async load(): Promise<LoadInfo> {
    return { loadMs: 0, weightBytes: 0 };
  }

  async unload(): Promise<void> {}

  async fit(panel: Panel, task: ForecastTask): Promise<FittedModel> {
    const started = performance.now();
    // slice(): a compact copy, so that a view into a longer history does not ship the whole buffer.
    const series = panel.series.map((s) => ({ id: s.id, y: observedHistory(s.y).slice() }));
    const outcomes = await this.pool.forecast(
      { model: this.registryName, options: this.options, seasonLength: task.seasonLength, h: task.h, quantiles: [...task.quantiles] },
      series,
    );
    panel.series.forEach((s, k) => {
      const o = outcomes[k];
      if (o && !o.ok && o.stage === 'fit') throw withSeries(fromWireError(o.error), s.id, this.name, EModelFitFailed, 'fit');
    });
    const firstCrash = outcomes.find((o): o is Extract<PooledOutcome, { stage: 'crash' }> => !o.ok && o.stage === 'crash');
    if (firstCrash && outcomes.every((o) => !o.ok && o.stage === 'crash')) throw firstCrash.error;
    const state: PooledState = { kind: 'pooled-statistical', outcomes };
    return { model: this.name, panel, task, state, fitMs: performance.now() - started };
  }

  async predict(fitted: FittedModel): Promise<ForecastResult> {
    const state = fitted.state as PooledState | undefined;
    if (fitted.model !== this.name || state?.kind !== 'pooled-statistical' || state.outcomes.length !== fitted.panel.series.length) {
      throw new EModelPredictFailed(`${this.name}: predict() needs the FittedModel this adapter's fit() returned`, {
        context: { adapter: this.name, fittedModel: fitted.model },
      });
    }
    const { task, panel } = fitted;
    const series: SeriesForecast[] = [];
    const crashed = new Map<EWorkerCrashed, string[]>();
    panel.series.forEach((s, k) => {
      const o = state.outcomes[k];
      if (o === undefined) return;
      if (o.ok) {
        series.push(stampForecast(this.name, s, o, task));
      } else if (o.stage === 'crash') {
        crashed.set(o.error, [...(crashed.get(o.error) ?? []), s.id]);
      } else {
        throw withSeries(fromWireError(o.error), s.id, this.name, EModelPredictFailed, 'predict');
      }
    });
    const failures: SeriesFailure[] = [...crashed].map(([error, ids]) => ({ series: ids, error }));
    return { model: this.name, h: task.h, quantileLevels: [...task.quantiles], series, ...(failures.length > 0 ? { failures } : {}) };
  }
}
