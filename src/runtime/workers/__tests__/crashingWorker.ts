/**
 * A statistical worker that dies on cue: a batch holding a series whose id starts with "crash"
 * ends its thread with process.exit(7) mid-task, as a native crash or an out-of-memory kill would
 * end it without a reply. Naive, the floor of every ladder, is spared so that the fallback can
 * answer; every other batch is the real worker's.
 */
import statWorker from '../statWorker.js';
import type { ForecastBatchResult, ForecastBatchTask } from '../forecastBatch.js';

export default function crashingWorker(task: ForecastBatchTask): ForecastBatchResult {
  if (task.model !== 'Naive' && task.series.some((s) => s.id.startsWith('crash'))) process.exit(7);
  return statWorker(task);
}
