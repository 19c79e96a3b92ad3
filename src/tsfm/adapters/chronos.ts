/**
 * `ChronosAdapter`: Chronos-2 and Chronos-Bolt behind the common `ForecastAdapter` contract.
 *
 * - `load()` resolves the checkpoint (explicit `modelDir`, else the model id of `modelSize` through
 *   the Hugging Face cache or a download), detects the family from config.json, reads the weights,
 *   builds the graph and creates the onnxruntime session. It is idempotent and shares an in-flight load.
 * - `fit()` and `predict()` never load: on an unloaded adapter they throw `EModelNotLoaded`.
 * - `predict()` runs the pipeline over every series of the fitted panel (history with NaN gaps,
 *   past-only and known-future covariates for Chronos-2) and returns the task's quantile levels
 *   (interpolated as upstream when not among the model's) with the model's median as the mean.
 */
import type { Panel, Series } from '../../data/panel.js';
import { futureTimestamps, parseFreq } from '../../data/frequency.js';
import { ECovariateIncompleteKnown, EContractEmpty, ENonFiniteForecast, ESeriesTooShort, ETaskSpecInvalid } from '../../errors/index.js';
import type { ForecastResult, SeriesForecast } from '../../forecast/types.js';
import type { FittedModel, ForecastAdapter, ForecastTask, LoadInfo } from '../../models/contract.js';
import { requireLoaded } from '../../runtime/adapterContract.js';
import type { ExecutionDevice } from '../engine/options.js';
import { defaultGraphCacheDir } from '../engine/cacheDir.js';
import { describeCheckpoint } from '../sources/describe.js';
import { resolveModelSource, type ModelSourceOptions, type ResolvedModelSource } from '../sources/index.js';
import {
  defaultChronosLoaders,
  loadChronosForecaster,
  type ChronosFamily,
  type ChronosForecaster,
  type ChronosItem,
  type ChronosLoaders,
} from './chronosFamilies.js';

export type ChronosModelSize = 'base' | 'small' | 'bolt-tiny' | 'bolt-mini' | 'bolt-small' | 'bolt-base';

/** Model ids by size label. */
export const CHRONOS_MODEL_IDS: Readonly<Record<ChronosModelSize, string>> = {
  base: 'amazon/chronos-2',
  small: 'autogluon/chronos-2-small',
  'bolt-tiny': 'amazon/chronos-bolt-tiny',
  'bolt-mini': 'amazon/chronos-bolt-mini',
  'bolt-small': 'amazon/chronos-bolt-small',
  'bolt-base': 'amazon/chronos-bolt-base',
};

export interface ChronosAdapterOptions {
  /** Size label → model id (see CHRONOS_MODEL_IDS). Default "base" (amazon/chronos-2). */
  modelSize?: ChronosModelSize;
  /** A local checkpoint directory; overrides the model id. */
  modelDir?: string;
  /** Execution device; default "cpu". */
  device?: ExecutionDevice;
  intraOpNumThreads?: number;
  /** Rows per model call (Chronos-2 counts targets and covariates). Default 256. */
  batchSize?: number;
  /** History steps used; default the model's context length. */
  contextLength?: number;
  /** Chronos-2: forecast all series of a batch jointly. Default false. */
  crossLearning?: boolean;
  /**
   * Where the optimised ONNX graph is cached between loads (default `defaultGraphCacheDir()`,
   * ~/.cache/tsagentkit/graphs; about twice the weights on disk). The first load on a machine writes
   * it; later loads memory-map it (Chronos-2 120M: 0.44 s instead of 1.6 s). `false` turns it off.
   */
  graphCacheDir?: string | false;
  /** Hugging Face cache / download settings. */
  source?: ModelSourceOptions;
  /**
   * Series with non-finite forecasts: "return" keeps them in the result so the runtime replaces just
   * those series (and throws ENonFiniteForecast only when no series is finite); "throw" throws on any.
   */
  nonFinite?: 'return' | 'throw';
  /** The adapter's name in results and errors; default "chronos". */
  name?: string;
  /** Replaces the checkpoint loaders (tests, custom builds). */
  loaders?: Partial<ChronosLoaders>;
}

interface ChronosFitState {
  readonly family: ChronosFamily;
  readonly freq: string;
}

export class ChronosAdapter implements ForecastAdapter {
  readonly name: string;
  readonly kind = 'tsfm' as const;
  readonly modelSize: string;
  readonly device: string;
  private readonly options: ChronosAdapterOptions;
  private readonly loaders: ChronosLoaders;
  private forecaster: ChronosForecaster | undefined;
  private loading: Promise<LoadInfo> | undefined;
  private loadInfo: LoadInfo | undefined;
  private resolved: ResolvedModelSource | undefined;

  constructor(options: ChronosAdapterOptions = {}) {
    const size = options.modelSize ?? 'base';
    if (!(size in CHRONOS_MODEL_IDS)) {
      throw new ETaskSpecInvalid(`Unknown Chronos model size "${size}"; use one of ${Object.keys(CHRONOS_MODEL_IDS).join(', ')}.`, {
        context: { modelSize: size },
      });
    }
    this.options = options;
    this.name = options.name ?? 'chronos';
    this.modelSize = size;
    this.device = options.device ?? 'cpu';
    this.loaders = { ...defaultChronosLoaders, ...options.loaders } as ChronosLoaders;
  }

  get isLoaded(): boolean {
    return this.forecaster !== undefined;
  }

  /** The model id this adapter loads when no modelDir is given. */
  get modelId(): string {
    return CHRONOS_MODEL_IDS[this.modelSize as ChronosModelSize];
  }

  /** Where the checkpoint came from, once loaded. */
  get source(): ResolvedModelSource | undefined {
    return this.resolved;
  }

  get family(): ChronosFamily | undefined {
    return this.forecaster?.family;
  }

  async load(): Promise<LoadInfo> {
    if (this.forecaster && this.loadInfo) return this.loadInfo;
    if (!this.loading) {
      this.loading = this.doLoad().finally(() => {
        this.loading = undefined;
      });
    }
    return this.loading;
  }

  private async doLoad(): Promise<LoadInfo> {
    const t0 = performance.now();
    const source = await resolveModelSource(this.options.modelDir ?? this.modelId, this.options.source ?? {});
    const forecaster = await loadChronosForecaster(
      source.dir,
      {
        device: this.device as ExecutionDevice,
        ...(this.options.intraOpNumThreads !== undefined ? { intraOpNumThreads: this.options.intraOpNumThreads } : {}),
        ...(this.options.graphCacheDir === false ? {} : { graphCacheDir: this.options.graphCacheDir ?? defaultGraphCacheDir() }),
      },
      this.loaders,
    );
    this.resolved = source;
    this.forecaster = forecaster;
    this.loadInfo = { loadMs: performance.now() - t0, weightBytes: forecaster.weightBytes, checkpoint: describeCheckpoint(source.dir, forecaster.family) };
    return this.loadInfo;
  }

  async unload(): Promise<void> {
    if (this.loading) await this.loading.catch(() => undefined);
    const f = this.forecaster;
    this.forecaster = undefined;
    this.loadInfo = undefined;
    if (f) await f.dispose();
  }

  async fit(panel: Panel, task: ForecastTask): Promise<FittedModel> {
    requireLoaded(this, 'fit');
    const t0 = performance.now();
    validateTask(task, this.name);
    if (panel.series.length === 0) {
      throw new EContractEmpty(`Adapter '${this.name}' was given an empty panel.`, { context: { adapter: this.name } });
    }
    const empty = panel.series.filter((s) => !s.y.some(Number.isFinite)).map((s) => s.id);
    if (empty.length > 0) {
      throw new ESeriesTooShort(`${empty.length} series have no observed value: ${empty.slice(0, 10).join(', ')}.`, {
        context: { adapter: this.name, series: empty },
      });
    }
    const freq = task.freq || panel.freq;
    if (!freq) throw new ETaskSpecInvalid('The task has no frequency, which the forecast timestamps need.', { context: { adapter: this.name } });
    parseFreq(freq); // invalid aliases fail here, not at predict time
    if (this.forecaster!.usesCovariates) checkKnownFuture(panel, this.name);
    const state: ChronosFitState = { family: this.forecaster!.family, freq };
    return { model: this.name, panel, task, state, fitMs: performance.now() - t0 };
  }

  async predict(fitted: FittedModel): Promise<ForecastResult> {
    requireLoaded(this, 'predict');
    const forecaster = this.forecaster!;
    const { panel, task } = fitted;
    const freq = (fitted.state as ChronosFitState | undefined)?.freq ?? task.freq ?? panel.freq ?? '';
    const items = panel.series.map((s) => toItem(s, panel, task.h, freq, forecaster.usesCovariates));
    const out = await forecaster.forecast(items, {
      h: task.h,
      quantileLevels: task.quantiles,
      ...(this.options.batchSize !== undefined ? { batchSize: this.options.batchSize } : {}),
      ...(this.options.contextLength !== undefined ? { contextLength: this.options.contextLength } : {}),
      ...(this.options.crossLearning !== undefined ? { crossLearning: this.options.crossLearning } : {}),
    });
    const nq = task.quantiles.length;
    const series: SeriesForecast[] = panel.series.map((s, i) => {
      const f = out[i];
      return {
        id: s.id,
        ds: futureTimestamps(s.ds[s.ds.length - 1], freq, task.h),
        mean: Float64Array.from(f.mean),
        quantiles: task.quantiles.map((_, k) => Float64Array.from({ length: task.h }, (_, t) => f.quantiles[t * nq + k])),
      };
    });
    const bad = series.filter((s) => !s.mean.every(Number.isFinite) || !s.quantiles.every((q) => q.every(Number.isFinite))).map((s) => s.id);
    if (bad.length > 0 && (bad.length === series.length || this.options.nonFinite === 'throw')) {
      throw new ENonFiniteForecast(`Adapter '${this.name}' produced non-finite forecasts for ${bad.length} of ${series.length} series.`, {
        context: { adapter: this.name, series: bad },
      });
    }
    return { model: this.name, h: task.h, quantileLevels: [...task.quantiles], series };
  }
}

function validateTask(task: ForecastTask, adapter: string): void {
  if (!Number.isInteger(task.h) || task.h <= 0) {
    throw new ETaskSpecInvalid(`h must be a positive integer, got ${task.h}.`, { context: { adapter, h: task.h } });
  }
  if (task.quantiles.some((q) => !(q > 0 && q < 1))) {
    throw new ETaskSpecInvalid(`Quantile levels must lie in (0, 1), got [${task.quantiles.join(', ')}].`, { context: { adapter, quantiles: task.quantiles } });
  }
}

/** Every future-known covariate needs future values for every series. */
function checkKnownFuture(panel: Panel, adapter: string): void {
  const names = panel.covariates.futureKnown;
  if (names.length === 0) return;
  const missing: Array<{ series: string; covariate: string }> = [];
  for (const s of panel.series) {
    const fut = panel.future?.get(s.id);
    for (const n of names) if (!fut || !fut.values[n]) missing.push({ series: s.id, covariate: n });
  }
  if (missing.length > 0) {
    throw new ECovariateIncompleteKnown(
      `Future values are missing for ${missing.length} (series, covariate) pairs, e.g. ${missing[0].series}/${missing[0].covariate}.`,
      { context: { adapter, missing: missing.slice(0, 20) } },
    );
  }
}

/**
 * The pipeline item of one series. Covariates are Chronos-2's: past values of past-only and known
 * covariates (NaN where absent), and for known ones the values at the h future timestamps (matched
 * by timestamp; NaN where the future frame has no value).
 */
function toItem(s: Series, panel: Panel, h: number, freq: string, usesCovariates: boolean): ChronosItem {
  const { past, futureKnown } = panel.covariates;
  if (!usesCovariates || (past.length === 0 && futureKnown.length === 0)) return { target: s.y };
  const n = s.y.length;
  const pastCovariates: Record<string, Float64Array> = {};
  for (const name of [...past, ...futureKnown]) {
    const values = s.covariates[name];
    pastCovariates[name] = values && values.length === n ? values : new Float64Array(n).fill(Number.NaN);
  }
  const futureCovariates: Record<string, Float64Array> = {};
  if (futureKnown.length > 0) {
    const targetDs = futureTimestamps(s.ds[n - 1], freq, h);
    const fut = panel.future?.get(s.id);
    const index = new Map<number, number>();
    fut?.ds.forEach((d, i) => index.set(d, i));
    for (const name of futureKnown) {
      const values = fut?.values[name];
      futureCovariates[name] = Float64Array.from(targetDs, (d) => {
        const i = index.get(d);
        return values && i !== undefined && i < values.length ? values[i] : Number.NaN;
      });
    }
  }
  return { target: s.y, pastCovariates, futureCovariates };
}
