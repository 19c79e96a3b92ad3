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
import type { Panel } from '../data/panel.js';
import type { ForecastResult, SeriesForecast } from '../forecast/types.js';
import { EModelFitFailed, EModelPredictFailed } from '../errors/index.js';
import type { FittedModel, ForecastAdapter, ForecastTask, LoadInfo } from './contract.js';
import type { FittedUnivariate, UnivariateModel } from './stats/types.js';
import { observedHistory, stampForecast, withSeries } from './perSeries.js';
import { createStatisticalModel, isStatisticalModel } from './registry.js';

/** What fit() keeps in FittedModel.state: one fitted model per series, in panel order. */
export interface StatisticalState {
  readonly kind: 'statistical';
  readonly fits: readonly FittedUnivariate[];
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
        fc = state.fits[k].forecast(task.h, task.quantiles);
      } catch (err) {
        throw withSeries(err, s.id, this.name, EModelPredictFailed, 'predict');
      }
      return stampForecast(this.name, s, fc, task);
    });
    return { model: this.name, h: task.h, quantileLevels: [...task.quantiles], series };
  }
}

/** The adapter for a registry model, or undefined when `name` is not a statistical model. */
export function statisticalAdapter(name: string, options?: Readonly<Record<string, unknown>>): StatisticalAdapter | undefined {
  if (!isStatisticalModel(name)) return undefined;
  return new StatisticalAdapter(createStatisticalModel(name, options));
}
