/**
 * Chronos-Bolt behind the ChronosAdapter's common forecaster face (`ChronosForecaster` in
 * ../adapters/chronosFamilies.ts), so the adapter wires Bolt with one loader line:
 * `chronos_bolt: (dir, options) => loadChronosBoltForecaster(dir, options)`.
 *
 * Bolt forecasts each target on its own history: covariates are not an input of the model
 * (`usesCovariates: false`) and there is no cross learning.
 */
import { ETaskSpecInvalid } from '../../errors/index.js';
import type { ChronosForecaster } from '../adapters/chronosFamilies.js';
import type { EngineOptions } from '../engine/options.js';
import { loadChronosBoltModel } from './model/index.js';
import { ChronosBoltPipeline } from './pipeline.js';
import type { ChronosBoltModel } from './types.js';

export async function loadChronosBoltForecaster(dir: string, options: EngineOptions = {}): Promise<ChronosForecaster> {
  return chronosBoltForecaster(await loadChronosBoltModel(dir, options));
}

export function chronosBoltForecaster(model: ChronosBoltModel): ChronosForecaster {
  return {
    family: 'chronos_bolt',
    weightBytes: model.weightBytes,
    usesCovariates: false,
    async forecast(items, s) {
      const pipeline = new ChronosBoltPipeline(model, s.batchSize !== undefined ? { maxBatchSize: s.batchSize } : {});
      // A requested context length keeps the last steps, like the model's own truncation to context_length.
      const keep = s.contextLength;
      if (keep !== undefined && !(Number.isInteger(keep) && keep >= 1)) {
        throw new ETaskSpecInvalid('contextLength must be a positive integer', { context: { contextLength: keep } });
      }
      const series = items.map((it) => (keep !== undefined && it.target.length > keep ? it.target.subarray(it.target.length - keep) : it.target));
      const out = await pipeline.predictQuantiles(series, { predictionLength: s.h, quantileLevels: s.quantileLevels });
      const k = out.quantileLevels.length;
      const h = out.predictionLength;
      return items.map((_, b) => ({
        quantiles: out.quantiles.slice(b * h * k, (b + 1) * h * k),
        mean: out.mean.slice(b * h, (b + 1) * h),
      }));
    },
    dispose: () => model.dispose(),
  };
}
