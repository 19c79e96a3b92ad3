/** The forecast of a SageMaker request, back in the endpoint's response shape and input order. */
import { formatTimestamp, allMidnight } from '../../data/timestamps.js';
import type { FallbackTransition } from '../../runtime/ladder/fallback.js';
import type { AttributedSeriesForecast } from '../../runtime/ladder/forecastLadder.js';
import { redactText } from '../redact.js';
import type { SageMakerPrediction, SageMakerResponse } from './schema.js';
import type { SageMakerTask } from './toPanel.js';

/** The response key of a quantile level, as Python's str(float) writes it ("0.1", "0.05"). */
export function quantileKey(level: number): string {
  return String(Number(level.toPrecision(12)));
}

export function sageMakerResponse(
  task: SageMakerTask,
  series: readonly AttributedSeriesForecast[],
  levels: readonly number[],
  fallbacks: readonly FallbackTransition[],
): SageMakerResponse {
  const byId = new Map(series.map((s) => [s.id, s]));
  const levelIndex = new Map(levels.map((q, k) => [q, k]));
  const itemOf = new Map<string, string | number>();
  const predictions = task.layout.map((item) => {
    const forecasts = item.seriesIds.map((id) => {
      const f = byId.get(id);
      if (!f) throw new RangeError(`the forecast lacks series "${id}"`);
      if (item.itemId !== undefined) itemOf.set(id, item.itemId);
      return f;
    });
    const pick = (values: (f: AttributedSeriesForecast) => Float64Array): number[] | number[][] =>
      item.multivariate ? forecasts.map((f) => Array.from(values(f))) : Array.from(values(forecasts[0]));
    const prediction: SageMakerPrediction = { mean: pick((f) => f.mean), model: [...new Set(forecasts.map((f) => f.model))].join(',') };
    for (const q of task.quantileLevels) {
      const k = levelIndex.get(q);
      if (k === undefined) throw new RangeError(`the forecast lacks quantile level ${q}`);
      prediction[quantileKey(q)] = pick((f) => f.quantiles[k]);
    }
    if (item.itemId !== undefined) prediction.item_id = item.itemId;
    if (item.hasStart) {
      const first = forecasts[0].ds[0];
      prediction.start = formatTimestamp(first, allMidnight([first])).replace(/Z$/, '');
    }
    return prediction;
  });
  return {
    predictions,
    fallbacks: fallbacks.map((t) => ({
      from: t.from,
      to: t.to,
      stage: t.stage,
      errorCode: t.errorCode,
      error: redactText(t.error),
      ...(t.series ? { item_ids: t.series.map((id) => itemOf.get(id) ?? id) } : {}),
    })),
  };
}
