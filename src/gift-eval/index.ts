/** The GIFT-Eval harness: `runGiftEval` and the pieces it is made of. */
export { DATASETS, allConfigurations, configurationName, findDataset, selectConfigurations, TERMS } from './configurations.js';
export type { Configuration, DatasetEntry, Selection, Term } from './configurations.js';
export { gluontsSeasonality, predictionLength, testWindows } from './protocol.js';
export { readDataset, type DatasetRecord, type LoadedDataset } from './reader.js';
export { testInstances, countInstances, type TestInstance } from './splits.js';
export {
  forecastMean,
  forecastQuantile,
  roundHalfEven,
  type GiftForecast,
  type QuantileForecast,
  type SampleForecast,
} from './forecast.js';
export { GluonTSMetrics, METRIC_COLUMNS, QUANTILE_LEVELS, seasonalError, type GiftMetrics } from './metrics.js';
export { GiftEvalPredictor, lastValueImputation, type PredictorOptions } from './predictor.js';
export { collectResults, pythonFloat, writeAllResults, type ConfigResult, type RuntimeStatsLine } from './outputs.js';
export { readAllResultsCsv, summarize, type LeaderboardSummary } from './leaderboard.js';
export { inventory, type InventoryRow } from './inventory.js';
export { runGiftEval, type GiftEvalRunOptions, type GiftEvalRunOutcome, type ProgressEvent } from './runner.js';
