/**
 * Worker-thread entry of the statistical pool (piscina loads it by file name; see workerPool.ts).
 * Each task is one batch of series for one model.
 */
import { runForecastBatch, type ForecastBatchResult, type ForecastBatchTask } from './forecastBatch.js';

export default function statWorker(task: ForecastBatchTask): ForecastBatchResult {
  return runForecastBatch(task);
}
