export { autoArima, arimaString, type AutoArimaFit, type AutoArimaOptions, type InformationCriterion } from './autoArima.js';
export { arima, type ArimaFit, type ArimaMethod, type ArimaOptions, type Regressor } from './arima.js';
export { forecastArima, predictionInterval, type ArimaForecast } from './forecast.js';
export { ndiffs, nsdiffs, seasonalStrength, kpssStatistic } from './unitRoot.js';
export type { ArmaOrder } from './transform.js';
export { AutoARIMAMethod } from './model.js';
