/**
 * `TsfmAdapter`: any TSFM family behind the common `ForecastAdapter` contract. A family supplies
 * only its descriptor (`TsfmFamily`: model ids, `load` → `TsfmForecaster`); this class does the rest.
 *
 * - `load()` resolves the checkpoint (explicit `modelDir`, else the model id of `modelSize` through
 *   the Hugging Face cache, or a download when `download: true`) and calls the family's `load`. Idempotent; concurrent
 *   calls share one in-flight load.
 * - `fit()` and `predict()` never load: on an unloaded adapter they throw `EModelNotLoaded`.
 * - `predict()` builds one item per series (history with NaN gaps; past-only and future-known
 *   covariates from the panel and `panel.future`, as far as the forecaster takes them), maps the
 *   forecaster's quantiles to the task's levels, and leaves a series whose forecast is not finite in
 *   the result so the runtime's ladder replaces just that series.
 */
import type { Panel, Series } from '../../data/panel.js';
import { futureTimestamps, parseFreq } from '../../data/frequency.js';
import {
  ECovariateIncompleteKnown,
  EContractEmpty,
  EModelPredictFailed,
  ENonFiniteForecast,
  ESeriesTooShort,
  ETaskSpecInvalid,
} from '../../errors/index.js';
import type { ForecastResult, SeriesForecast } from '../../forecast/types.js';
import { modelNotLoadedError, type FittedModel, type ForecastAdapter, type ForecastTask, type LoadInfo } from '../../models/contract.js';
import type { ExecutionDevice } from '../engine/options.js';
import { defaultGraphCacheDir } from '../engine/cacheDir.js';
import type { TsfmCovariateSupport, TsfmFamily, TsfmForecaster, TsfmItem, TsfmItemForecast, TsfmModel, TsfmModelInfo } from '../family.js';
import { interpolateQuantiles } from '../quantiles.js';
import { describeCheckpoint } from '../sources/describe.js';
import { resolveModelSource, type ModelSourceOptions, type ResolvedModelSource } from '../sources/index.js';

/** Options every TSFM adapter takes; a family reads its own extra keys (e.g. Chronos `crossLearning`) at load. */
export interface TsfmAdapterOptions {
  /** Size label → model id (the family's `models`). Default the family's `defaultSize`. */
  readonly modelSize?: string;
  /** A local checkpoint directory; overrides the model id. */
  readonly modelDir?: string;
  /** Execution device; default "cpu". */
  readonly device?: ExecutionDevice;
  readonly intraOpNumThreads?: number;
  /** Rows per model call; default the family's. */
  readonly batchSize?: number;
  /** History steps used; default the model's context length. */
  readonly contextLength?: number;
  /**
   * Where the optimised ONNX graph is cached between loads (default `defaultGraphCacheDir()`,
   * ~/.cache/tsagentkit/graphs). The first load on a machine writes it; later loads memory-map it.
   * `false` turns it off.
   */
  readonly graphCacheDir?: string | false;
  /**
   * Download a missing checkpoint from the Hugging Face hub into its cache; default false, so a
   * forecast never touches the network unless asked. Overrides `source.allowDownload`.
   */
  readonly download?: boolean;
  /** Hub branch, tag or commit of the checkpoint; default "main". Overrides `source.revision`. */
  readonly revision?: string;
  /** Hugging Face cache / download settings. */
  readonly source?: ModelSourceOptions;
  /**
   * Series with non-finite forecasts: "return" keeps them in the result so the runtime replaces just
   * those series (and throws ENonFiniteForecast only when no series is finite); "throw" throws on any.
   */
  readonly nonFinite?: 'return' | 'throw';
  /** The adapter's name in results and errors; default the family's name. */
  readonly name?: string;
  /** Family-specific options, passed to the family's `load` untouched. */
  readonly [familyOption: string]: unknown;
}

interface TsfmFitState {
  readonly freq: string;
}

export class TsfmAdapter implements ForecastAdapter {
  readonly name: string;
  readonly kind = 'tsfm' as const;
  readonly modelSize: string;
  readonly device: string;
  /** The published checkpoint the size label names. */
  readonly model: TsfmModel;
  private readonly options: TsfmAdapterOptions;
  private forecaster: TsfmForecaster | undefined;
  private loading: Promise<LoadInfo> | undefined;
  private loadInfo: LoadInfo | undefined;
  private resolved: ResolvedModelSource | undefined;

  constructor(
    readonly family: TsfmFamily,
    options: TsfmAdapterOptions = {},
  ) {
    const size = options.modelSize ?? family.defaultSize;
    const model = family.models.find((m) => m.size === size);
    if (!model) {
      const sizes = family.models.map((m) => m.size).join(', ');
      throw new ETaskSpecInvalid(`Unknown ${family.name} model size "${size}"; use one of ${sizes}.`, {
        context: { adapter: options.name ?? family.name, family: family.name, modelSize: size, sizes: family.models.map((m) => m.size) },
        fixHint: `Use one of: ${sizes}.`,
      });
    }
    this.options = options;
    this.model = model;
    this.name = options.name ?? family.name;
    this.modelSize = size;
    this.device = options.device ?? 'cpu';
  }

  get isLoaded(): boolean {
    return this.forecaster !== undefined;
  }

  /** The model id this adapter loads when no modelDir is given. */
  get modelId(): string {
    return this.model.id;
  }

  /** Where the checkpoint came from, once loaded. */
  get source(): ResolvedModelSource | undefined {
    return this.resolved;
  }

  /** What the loaded checkpoint reports (variant, parameters, weight bytes), once loaded. */
  get info(): TsfmModelInfo | undefined {
    return this.forecaster?.info;
  }

  /** The loaded checkpoint's architecture variant (e.g. "chronos2"), once loaded. */
  get variant(): string | undefined {
    return this.forecaster?.info.variant;
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
    const o = this.options;
    const source = await resolveModelSource(o.modelDir ?? this.modelId, {
      ...o.source,
      ...(o.download !== undefined ? { allowDownload: o.download } : {}),
      ...(o.revision !== undefined ? { revision: o.revision } : {}),
    });
    const forecaster = await this.family.load(source.dir, {
      engine: {
        device: this.device as ExecutionDevice,
        ...(o.intraOpNumThreads !== undefined ? { intraOpNumThreads: o.intraOpNumThreads } : {}),
        ...(o.graphCacheDir === false ? {} : { graphCacheDir: o.graphCacheDir ?? defaultGraphCacheDir() }),
      },
      options: o,
      ...(o.modelDir === undefined ? { model: this.model } : {}),
    });
    this.resolved = source;
    this.forecaster = forecaster;
    this.loadInfo = {
      loadMs: performance.now() - t0,
      weightBytes: forecaster.info.weightBytes,
      checkpoint: describeCheckpoint(source.dir, forecaster.info.variant),
    };
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
    const forecaster = this.loaded('fit');
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
    if (!freq)
      throw new ETaskSpecInvalid('The task has no frequency, which the forecast timestamps need.', { context: { adapter: this.name } });
    parseFreq(freq); // invalid aliases fail here, not at predict time
    if (forecaster.covariates.futureKnown) checkKnownFuture(panel, this.name);
    const state: TsfmFitState = { freq };
    return { model: this.name, panel, task, state, fitMs: performance.now() - t0 };
  }

  async predict(fitted: FittedModel): Promise<ForecastResult> {
    const forecaster = this.loaded('predict');
    const { panel, task } = fitted;
    const freq = (fitted.state as TsfmFitState | undefined)?.freq ?? task.freq ?? panel.freq ?? '';
    const items = panel.series.map((s) => toItem(s, panel, task.h, freq, forecaster.covariates));
    const out = await forecaster.forecast(items, {
      h: task.h,
      quantileLevels: task.quantiles,
      ...(this.options.batchSize !== undefined ? { batchSize: this.options.batchSize } : {}),
      ...(this.options.contextLength !== undefined ? { contextLength: this.options.contextLength } : {}),
    });
    if (out.length !== items.length) {
      throw new EModelPredictFailed(`Adapter '${this.name}' returned ${out.length} forecasts for ${items.length} series.`, {
        context: { adapter: this.name, expected: items.length, got: out.length },
      });
    }
    const series: SeriesForecast[] = panel.series.map((s, i) => {
      const f = out[i];
      return {
        id: s.id,
        ds: futureTimestamps(s.ds[s.ds.length - 1], freq, task.h),
        mean: Float64Array.from(f.mean),
        quantiles: quantilesAtLevels(f, task.quantiles, task.h),
      };
    });
    const bad = series
      .filter((s) => !s.mean.every(Number.isFinite) || !s.quantiles.every((q) => q.every(Number.isFinite)))
      .map((s) => s.id);
    if (bad.length > 0 && (bad.length === series.length || this.options.nonFinite === 'throw')) {
      throw new ENonFiniteForecast(`Adapter '${this.name}' produced non-finite forecasts for ${bad.length} of ${series.length} series.`, {
        context: { adapter: this.name, series: bad },
      });
    }
    return { model: this.name, h: task.h, quantileLevels: [...task.quantiles], series };
  }

  private loaded(operation: 'fit' | 'predict'): TsfmForecaster {
    const f = this.forecaster;
    if (!f) throw modelNotLoadedError(this, operation);
    return f;
  }
}

function validateTask(task: ForecastTask, adapter: string): void {
  if (!Number.isInteger(task.h) || task.h <= 0) {
    throw new ETaskSpecInvalid(`h must be a positive integer, got ${task.h}.`, { context: { adapter, h: task.h } });
  }
  if (task.quantiles.some((q) => !(q > 0 && q < 1))) {
    throw new ETaskSpecInvalid(`Quantile levels must lie in (0, 1), got [${task.quantiles.join(', ')}].`, {
      context: { adapter, quantiles: task.quantiles },
    });
  }
}

/**
 * One array per task level. The forecaster's own levels are used as they are when they equal the
 * task's; otherwise values are interpolated linearly between levels and clamped to the outermost
 * ones (upstream Chronos's `interpolate_quantiles`), per step.
 */
export function quantilesAtLevels(f: TsfmItemForecast, levels: readonly number[], h: number): Float64Array[] {
  const n = f.levels.length;
  if (f.quantiles.length !== h * n) {
    throw new EModelPredictFailed(`A forecast has ${f.quantiles.length} quantile values for h=${h} and ${n} levels.`, {
      context: { h, levels: f.levels },
    });
  }
  const same = n === levels.length && levels.every((l, k) => Math.abs(l - f.levels[k]) < 1e-12);
  if (same) return levels.map((_, k) => Float64Array.from({ length: h }, (_, t) => f.quantiles[t * n + k]));
  const mapped = interpolateQuantiles(levels, f.levels, { rows: h, n, data: Float32Array.from(f.quantiles) });
  const m = levels.length;
  return levels.map((_, k) => Float64Array.from({ length: h }, (_, t) => mapped.data[t * m + k]));
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
    const first = missing[0];
    throw new ECovariateIncompleteKnown(
      `Future values are missing for ${missing.length} (series, covariate) pairs, e.g. ${first?.series}/${first?.covariate}.`,
      { context: { adapter, missing: missing.slice(0, 20) } },
    );
  }
}

/**
 * The item of one series. Covariates, as far as the forecaster takes them: past values of past-only
 * and future-known covariates (NaN where absent), and for future-known ones the values at the h
 * future timestamps (matched by timestamp; NaN where the future frame has no value).
 */
function toItem(s: Series, panel: Panel, h: number, freq: string, support: TsfmCovariateSupport): TsfmItem {
  const past = support.past ? panel.covariates.past : [];
  const futureKnown = support.futureKnown ? panel.covariates.futureKnown : [];
  if (past.length === 0 && futureKnown.length === 0) return { target: s.y };
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
