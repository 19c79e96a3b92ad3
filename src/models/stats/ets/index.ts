export { ets, isConstantSeries, type EtsOptions } from './ets.js';
export { fitEtsModel, type EtsFit, type EtsFitOptions, type EtsFixedParams, type OptCrit } from './fitModel.js';
export { forecastEts, forecastClass, type EtsForecast, type EtsForecastOptions } from './forecast.js';
export { holtWintersFit, type HoltWintersOptions } from './holtWinters.js';
export { etsSpecName, parseModelPattern, type EtsSpec, type ErrorType, type TrendType, type SeasonType } from './spec.js';
export { AutoETSMethod, ETSModel, type AutoETSOptions } from './model.js';
