/**
 * `tsagentkit/models`: the statistical models, statsforecast-style — one class per model with typed
 * options (`new AutoETS({ seasonLength: 12, damped: true })`), usable in a TaskSpec's `models`, in a
 * `StatisticalAdapter`, or directly on one series (`model.fit(y, 12).forecast(h, [0.1, 0.9])`).
 */
export {
  Naive,
  SeasonalNaive,
  Naive2,
  HistoricAverage,
  WindowAverage,
  SES,
  Holt,
  Damped,
  Theta,
  Comb,
  AutoETS,
  AutoARIMA,
  CrostonClassic,
  CrostonSBA,
  TSB,
  MODEL_CLASSES,
  MODEL_OPTION_SCHEMAS,
  parseModelOptions,
  type ModelOptions,
  type StatisticalModelName,
} from '../models/catalog.js';
export type { UnivariateModel, FittedUnivariate, UnivariateForecast } from '../models/stats/types.js';
export { StatisticalAdapter, statisticalAdapter, type StatisticalState } from '../models/statistical.js';
export {
  registerStatisticalModel,
  statisticalModelNames,
  isStatisticalModel,
  createStatisticalModel,
  canonicalModelName,
  type StatisticalModelFactory,
} from '../models/registry.js';
// ModelSpec and the adapter contract (ForecastAdapter, ForecastTask, FittedModel, LoadInfo) are
// core types, exported by the package root.
export { resolveModelSpec } from '../models/modelSpec.js';
