/**
 * The Chronos forecasters: a loaded Chronos-2 or Chronos-Bolt checkpoint behind the family-neutral
 * `TsfmForecaster` face (forecast items h steps ahead at the requested levels). This module imports
 * the model code (and so onnxruntime); the family descriptor imports it only inside `load`.
 */
import { ETaskSpecInvalid } from '../../errors/index.js';
import type { EngineOptions } from '../engine/options.js';
import type { TsfmForecaster, TsfmLoadOptions } from '../family.js';
import { loadChronos2Model } from './chronos2/model/index.js';
import type { Chronos2Model } from './chronos2/types.js';
import { Chronos2Pipeline, type Chronos2DictItem } from './chronos2/pipeline/index.js';
import { loadChronosBoltModel } from './bolt/model/index.js';
import { ChronosBoltPipeline } from './bolt/pipeline/pipeline.js';
import type { ChronosBoltModel } from './bolt/types.js';
import { readChronosFamily } from './config.js';

export type Chronos2Loader = (dir: string, options: EngineOptions) => Promise<Chronos2Model>;
export type ChronosBoltLoader = (dir: string, options: EngineOptions) => Promise<ChronosBoltModel>;

/** The checkpoint loaders; adapter option `loaders` replaces them (tests, custom builds). */
export interface ChronosLoaders {
  chronos2: Chronos2Loader;
  chronos_bolt: ChronosBoltLoader;
}

export const defaultChronosLoaders: ChronosLoaders = {
  chronos2: (dir, options) => loadChronos2Model(dir, options),
  chronos_bolt: (dir, options) => loadChronosBoltModel(dir, options),
};

/** The Chronos-specific adapter options, read at load. */
interface ChronosSettings {
  readonly crossLearning?: boolean;
  readonly loaders: ChronosLoaders;
}

function chronosSettings(options: Readonly<Record<string, unknown>>): ChronosSettings {
  const { crossLearning, loaders } = options;
  if (crossLearning !== undefined && typeof crossLearning !== 'boolean') {
    throw new ETaskSpecInvalid(`Chronos option crossLearning must be true or false, got ${JSON.stringify(crossLearning)}.`, {
      context: { adapter: 'chronos', crossLearning },
    });
  }
  return {
    ...(crossLearning !== undefined ? { crossLearning } : {}),
    loaders: { ...defaultChronosLoaders, ...(loaders as Partial<ChronosLoaders> | undefined) },
  };
}

export async function loadChronosForecaster(dir: string, { engine, options }: TsfmLoadOptions): Promise<TsfmForecaster> {
  const settings = chronosSettings(options);
  const variant = readChronosFamily(dir);
  if (variant === 'chronos2') return chronos2Forecaster(await settings.loaders.chronos2(dir, engine), settings.crossLearning);
  return chronosBoltForecaster(await settings.loaders.chronos_bolt(dir, engine));
}

/** Parameters of F32 weights; a checkpoint in another dtype reports its byte count / 4 as an estimate. */
const parametersOf = (weightBytes: number) => Math.round(weightBytes / 4);

export function chronos2Forecaster(model: Chronos2Model, crossLearning?: boolean): TsfmForecaster {
  const pipeline = new Chronos2Pipeline(model);
  return {
    info: { variant: 'chronos2', weightBytes: model.weightBytes, parameters: parametersOf(model.weightBytes) },
    covariates: { past: true, futureKnown: true },
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
        ...(crossLearning !== undefined ? { crossLearning } : {}),
      });
      // Univariate targets: one variate per item; the pipeline interpolates to the requested levels as upstream.
      return out.map((q) => ({ levels: s.quantileLevels, quantiles: q.quantiles, mean: q.mean }));
    },
    dispose: () => model.dispose(),
  };
}

/**
 * Chronos-Bolt is univariate: covariates are not used. `contextLength` keeps the last steps of each
 * series (the model itself keeps at most its own context length); `batchSize` caps rows per call.
 */
export function chronosBoltForecaster(model: ChronosBoltModel): TsfmForecaster {
  return {
    info: { variant: 'chronos_bolt', weightBytes: model.weightBytes, parameters: parametersOf(model.weightBytes) },
    covariates: { past: false, futureKnown: false },
    async forecast(items, s) {
      const pipeline = new ChronosBoltPipeline(model, s.batchSize !== undefined ? { maxBatchSize: s.batchSize } : {});
      const keep = s.contextLength;
      const targets = items.map((it) =>
        keep !== undefined && it.target.length > keep ? it.target.subarray(it.target.length - keep) : it.target,
      );
      const out = await pipeline.predictQuantiles(targets, { predictionLength: s.h, quantileLevels: s.quantileLevels });
      const perItem = s.h * s.quantileLevels.length;
      return items.map((_, b) => ({
        levels: s.quantileLevels,
        quantiles: out.quantiles.subarray(b * perItem, (b + 1) * perItem),
        mean: out.mean.subarray(b * s.h, (b + 1) * s.h),
      }));
    },
    dispose: () => model.dispose(),
  };
}
