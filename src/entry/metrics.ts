/** `tsagentkit/metrics`: point and probabilistic forecast metrics, per series and per panel. */
export { mae, mse, rmse, smape, smapeM4, wape, mase, seasonalScale } from '../metrics/point.js';
export { m4Smape, m4Mase, m4MaseScale } from '../metrics/m4.js';
export { pinball, mqloss, quantileLossSums, wql, intervalScore, msis, coverage } from '../metrics/probabilistic.js';
export {
  evaluateSeries,
  evaluatePanel,
  meanMetrics,
  intervalLevelsFromQuantiles,
  pinballName,
  coverageName,
  type MetricValues,
  type SeriesEvalInput,
  type PanelEvaluation,
} from '../metrics/evaluate.js';
