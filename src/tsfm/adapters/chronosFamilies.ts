/**
 * The Chronos checkpoint families behind the `chronos` adapter, detected from config.json, and a
 * small common face over their pipelines: forecast a list of items to h steps at given levels.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { EConfigInvalid } from '../../errors/index.js';
import type { EngineOptions } from '../engine/options.js';
import { loadChronos2Model } from '../chronos2/model/index.js';
import type { Chronos2Model } from '../chronos2/types.js';
import { Chronos2Pipeline, type Chronos2DictItem } from '../chronos2/pipeline/index.js';
import { loadChronosBoltModel } from '../chronos_bolt/model/index.js';
import { ChronosBoltPipeline } from '../chronos_bolt/pipeline.js';
import type { ChronosBoltModel } from '../chronos_bolt/types.js';

export type ChronosFamily = 'chronos2' | 'chronos_bolt';

/** Chronos-2 (`Chronos2Pipeline`) or Chronos-Bolt (`ChronosBoltPipeline`), from config.json. */
export function detectChronosFamily(config: unknown, source = 'config.json'): ChronosFamily {
  const c = (typeof config === 'object' && config !== null ? config : {}) as Record<string, unknown>;
  const pipelineClass = c['chronos_pipeline_class'] ?? (c['chronos_config'] as Record<string, unknown> | undefined)?.['pipeline_class'];
  const architectures = Array.isArray(c['architectures']) ? (c['architectures'] as unknown[]).map(String) : [];
  if (pipelineClass === 'Chronos2Pipeline' || architectures.includes('Chronos2Model')) return 'chronos2';
  if (pipelineClass === 'ChronosBoltPipeline' || architectures.includes('ChronosBoltModelForForecasting')) return 'chronos_bolt';
  throw new EConfigInvalid(
    `${source} is not a Chronos-2 or Chronos-Bolt config (chronos_pipeline_class ${JSON.stringify(pipelineClass)}, architectures ${JSON.stringify(architectures)}).`,
    { context: { file: source, pipelineClass, architectures }, fixHint: 'Point the chronos adapter at a Chronos-2 or Chronos-Bolt checkpoint (config.json + model.safetensors).' },
  );
}

export function readChronosFamily(dir: string): ChronosFamily {
  const file = path.join(dir, 'config.json');
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (cause) {
    throw new EConfigInvalid(`Cannot read ${file} as JSON.`, { context: { file }, cause });
  }
  return detectChronosFamily(raw, file);
}

/** One series to forecast: the target history and, for Chronos-2, its covariates. */
export interface ChronosItem {
  readonly target: Float64Array;
  readonly pastCovariates?: Readonly<Record<string, Float64Array>>;
  readonly futureCovariates?: Readonly<Record<string, Float64Array>>;
}

export interface ChronosItemForecast {
  /** [h, levels.length] row-major. */
  readonly quantiles: Float32Array;
  /** [h]: the model's median channel. */
  readonly mean: Float32Array;
}

export interface ChronosPredictSettings {
  readonly h: number;
  readonly quantileLevels: readonly number[];
  readonly batchSize?: number;
  readonly contextLength?: number;
  readonly crossLearning?: boolean;
}

/** A loaded checkpoint of either family. */
export interface ChronosForecaster {
  readonly family: ChronosFamily;
  readonly weightBytes: number;
  /** Whether covariates reach the model (Chronos-2) or are ignored (Bolt). */
  readonly usesCovariates: boolean;
  forecast(items: readonly ChronosItem[], settings: ChronosPredictSettings): Promise<ChronosItemForecast[]>;
  dispose(): Promise<void>;
}

export type Chronos2Loader = (dir: string, options: EngineOptions) => Promise<Chronos2Model>;
export type ChronosBoltLoader = (dir: string, options: EngineOptions) => Promise<ChronosBoltModel>;

export interface ChronosLoaders {
  chronos2: Chronos2Loader;
  chronos_bolt: ChronosBoltLoader;
}

export const defaultChronosLoaders: ChronosLoaders = {
  chronos2: (dir, options) => loadChronos2Model(dir, options),
  chronos_bolt: (dir, options) => loadChronosBoltModel(dir, options),
};

export async function loadChronosForecaster(dir: string, options: EngineOptions, loaders: ChronosLoaders): Promise<ChronosForecaster> {
  const family = readChronosFamily(dir);
  if (family === 'chronos2') return chronos2Forecaster(await loaders.chronos2(dir, options));
  return chronosBoltForecaster(await loaders.chronos_bolt(dir, options));
}

export function chronos2Forecaster(model: Chronos2Model): ChronosForecaster {
  const pipeline = new Chronos2Pipeline(model);
  return {
    family: 'chronos2',
    weightBytes: model.weightBytes,
    usesCovariates: true,
    async forecast(items, s) {
      const withCovariates = items.some(
        (it) => Object.keys(it.pastCovariates ?? {}).length > 0 || Object.keys(it.futureCovariates ?? {}).length > 0,
      );
      const inputs: Float64Array[] | Chronos2DictItem[] = withCovariates
        ? items.map((it) => ({
            target: it.target,
            pastCovariates: it.pastCovariates ?? {},
            futureCovariates: it.futureCovariates ?? {},
          }))
        : items.map((it) => it.target);
      const out = await pipeline.predictQuantiles(inputs, {
        predictionLength: s.h,
        quantileLevels: s.quantileLevels,
        ...(s.batchSize !== undefined ? { batchSize: s.batchSize } : {}),
        ...(s.contextLength !== undefined ? { contextLength: s.contextLength } : {}),
        ...(s.crossLearning !== undefined ? { crossLearning: s.crossLearning } : {}),
      });
      // Univariate targets: one variate per item.
      return out.map((q) => ({ quantiles: q.quantiles, mean: q.mean }));
    },
    dispose: () => model.dispose(),
  };
}

/**
 * Chronos-Bolt is univariate: covariates are not used. `contextLength` keeps the last steps of each
 * series (the model itself keeps at most its own context length); `batchSize` caps rows per call.
 */
export function chronosBoltForecaster(model: ChronosBoltModel): ChronosForecaster {
  return {
    family: 'chronos_bolt',
    weightBytes: model.weightBytes,
    usesCovariates: false,
    async forecast(items, s) {
      const pipeline = new ChronosBoltPipeline(model, s.batchSize !== undefined ? { maxBatchSize: s.batchSize } : {});
      const keep = s.contextLength;
      const targets = items.map((it) => (keep !== undefined && it.target.length > keep ? it.target.subarray(it.target.length - keep) : it.target));
      const out = await pipeline.predictQuantiles(targets, { predictionLength: s.h, quantileLevels: s.quantileLevels });
      const perItem = s.h * s.quantileLevels.length;
      return items.map((_, b) => ({
        quantiles: out.quantiles.subarray(b * perItem, (b + 1) * perItem),
        mean: out.mean.subarray(b * s.h, (b + 1) * s.h),
      }));
    },
    dispose: () => model.dispose(),
  };
}
