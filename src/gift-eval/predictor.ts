/**
 * The GIFT-Eval predictor: test instances in, gluonts-style quantile forecasts out, through the
 * project's session runtime.
 *
 * One predictor per process holds one `TSAgentSession` whose `ModelPool` preloads the TSFM
 * adapters once (up to three, in the order asked); every batch of every configuration is fitted and
 * predicted by that session, with its fallback ladder (the model, then SeasonalNaive, then Naive,
 * as gift-eval's statsforecast predictor falls back to SeasonalNaive), and `close()` unloads the
 * pool at teardown. `legacy: true` reproduces the Python original instead: a temporary session per
 * batch, so every batch loads the TSFM again (kept for the comparison in the runbook).
 *
 * Statistical models see the history with gluonts' LastValueImputation applied (what gift-eval's
 * statsforecast predictor does); TSFMs see the raw history with its NaNs, which they handle.
 */
import type { Panel, Series } from '../data/panel.js';
import { addPeriods, parseFreq } from '../data/frequency.js';
import { EModelPoolConfigInvalid } from '../errors/index.js';
import { hasAdapterFactory } from '../runtime/adapterRegistry.js';
import type { ModelPoolConfig } from '../runtime/modelPoolConfig.js';
import { TSAgentSession } from '../runtime/session.js';
import type { RuntimeTelemetry } from '../runtime/telemetry.js';
import type { TaskSpecInput } from '../task/taskSpec.js';
import type { QuantileForecast } from './forecast.js';
import { QUANTILE_LEVELS } from './metrics.js';
import type { TestInstance } from './splits.js';

/** GIFT-Eval's model names → the statistical registry's. Other names pass through unchanged. */
const MODEL_ALIASES: Readonly<Record<string, string>> = {
  seasonal_naive: 'SeasonalNaive',
  naive: 'Naive',
  auto_ets: 'AutoETS',
  ets: 'AutoETS',
  theta: 'Theta',
};

/** The fallback rungs after the model (gift-eval's statsforecast predictor falls back to SeasonalNaive). */
const FALLBACK_LADDER = ['SeasonalNaive', 'Naive'];

export interface PredictorOptions {
  /** `seasonal_naive`, `naive`, any statistical registry name, or a TSFM adapter name (`chronos`). */
  readonly model: string;
  /** Checkpoint folder per TSFM adapter (`{ chronos: 'path' }`). */
  readonly modelDirs?: Readonly<Record<string, string>>;
  /** TSFM adapters the pool preloads, in order (default: the model when it is a TSFM); at most 3. */
  readonly preload?: readonly string[];
  /** Extra adapter options per adapter (threads, batch size, context length). */
  readonly adapterOptions?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /** A temporary session per batch (the Python original's reload per batch). */
  readonly legacy?: boolean;
  /** TSFM execution device for every pooled adapter (cpu, cuda). */
  readonly device?: string;
  /** Families whose non-commercial licence is accepted (see ModelPoolConfig.acceptLicences). */
  readonly acceptLicences?: readonly string[];
  readonly telemetry: RuntimeTelemetry;
}

export interface PredictContext {
  readonly freq: string;
  readonly predictionLength: number;
  readonly seasonality: number;
}

export function canonicalModelName(model: string): string {
  return MODEL_ALIASES[model.toLowerCase()] ?? model;
}

export function isTsfmModel(model: string): boolean {
  return hasAdapterFactory(model);
}

/** gluonts LastValueImputation: forward fill, leading gaps take the first value; all-NaN → 0. */
export function lastValueImputation(y: ArrayLike<number>): Float64Array {
  const out = Float64Array.from(y);
  if (out.length === 1 || out.every((v) => Number.isNaN(v))) return out.map((v) => (Number.isNaN(v) ? 0 : v));
  let last = Number.NaN;
  for (let t = 0; t < out.length; t++) {
    if (Number.isNaN(out[t])) out[t] = last;
    else last = out[t];
  }
  const firstValid = out.findIndex((v) => !Number.isNaN(v));
  for (let t = 0; t < firstValid; t++) out[t] = out[firstValid];
  return out;
}

/** One series per instance; ids keep the batch order when sorted. */
export function panelOf(batch: readonly TestInstance[], freq: string, impute: boolean): Panel {
  const f = parseFreq(freq);
  const width = String(batch.length).length;
  // Sub-daily and daily grids are fixed steps; calendar units (W anchors, M, Q, A, B) step by calendar.
  const fixedStep = f.unit === 'S' || f.unit === 'T' || f.unit === 'H' || f.unit === 'D';
  const series: Series[] = batch.map((inst, i) => {
    const n = inst.input.length;
    const ds = new Float64Array(n);
    if (fixedStep) {
      const step = addPeriods(inst.start, f, 1) - inst.start;
      for (let t = 0; t < n; t++) ds[t] = inst.start + t * step;
    } else {
      for (let t = 0; t < n; t++) ds[t] = addPeriods(inst.start, f, t);
    }
    return {
      id: `s${String(i).padStart(width, '0')}`,
      ds,
      y: impute ? lastValueImputation(inst.input) : Float64Array.from(inst.input),
      covariates: {},
    };
  });
  return { series, freq: f.alias, covariates: { past: [], futureKnown: [], static: [] } };
}

export class GiftEvalPredictor {
  readonly model: string;
  readonly tsfm: boolean;
  private readonly poolConfig: ModelPoolConfig | undefined;
  private session: TSAgentSession | undefined;

  private constructor(private readonly options: PredictorOptions) {
    this.model = canonicalModelName(options.model);
    this.tsfm = isTsfmModel(this.model);
    const preload = [...new Set([...(this.tsfm ? [this.model] : []), ...(options.preload ?? [])])];
    if (preload.length > 3) {
      throw new EModelPoolConfigInvalid(`At most 3 adapters can be preloaded, got ${preload.length}: ${preload.join(', ')}.`, {
        context: { preload },
      });
    }
    if (preload.length > 0) {
      const adapterOptions: Record<string, Record<string, unknown>> = {};
      for (const name of preload) {
        const dir = options.modelDirs?.[name];
        adapterOptions[name] = { ...(options.adapterOptions?.[name] ?? {}), ...(dir ? { modelDir: dir } : {}) };
      }
      this.poolConfig = {
        adapters: preload,
        preload: true,
        maxPreloadAdapters: preload.length,
        adapterOptions,
        ...(options.device ? { device: options.device } : {}),
        ...(options.acceptLicences?.length ? { acceptLicences: options.acceptLicences } : {}),
      };
    }
  }

  /** Builds the predictor; outside legacy mode this creates the session and waits for its preload. */
  static async create(options: PredictorOptions): Promise<GiftEvalPredictor> {
    const predictor = new GiftEvalPredictor(options);
    if (!options.legacy) predictor.session = await predictor.newSession();
    return predictor;
  }

  /** The adapters this predictor's pool holds (empty for a statistical-only run). */
  get adapters(): readonly string[] {
    return this.poolConfig?.adapters ?? [];
  }

  private newSession(): Promise<TSAgentSession> {
    return TSAgentSession.create({
      mode: 'quick',
      telemetry: this.options.telemetry,
      ...(this.poolConfig ? { modelPool: this.poolConfig } : {}),
    });
  }

  /**
   * Forecasts a batch: fit and predict with the session's ladder, read back per instance, with the
   * number of fallback transitions the ladder took.
   */
  async predict(batch: readonly TestInstance[], ctx: PredictContext): Promise<{ forecasts: QuantileForecast[]; fallbackCount: number }> {
    const session = this.session ?? (await this.newSession());
    try {
      const panel = panelOf(batch, ctx.freq, !this.tsfm);
      const spec: Partial<TaskSpecInput> = {
        h: ctx.predictionLength,
        freq: panel.freq,
        seasonLength: ctx.seasonality,
        quantiles: [...QUANTILE_LEVELS],
        levels: [],
      };
      const ladder = [...new Set([this.model, ...FALLBACK_LADDER])];
      const fit = await session.fit(panel, ladder, spec);
      const out = await session.predict(fit);
      const byId = new Map(out.forecast.series.map((s) => [s.id, s]));
      const levels = out.forecast.quantileLevels;
      const index = QUANTILE_LEVELS.map((q) => levels.findIndex((l) => Math.abs(l - q) < 1e-9));
      const forecasts = batch.map((inst, i): QuantileForecast => {
        const s = byId.get(panel.series[i].id);
        if (!s) throw new Error(`no forecast came back for ${inst.itemId}`);
        return {
          kind: 'quantiles',
          itemId: inst.itemId,
          levels: QUANTILE_LEVELS,
          values: index.map((k) => Float32Array.from(k >= 0 ? s.quantiles[k] : new Float64Array(ctx.predictionLength).fill(Number.NaN))),
          mean: Float32Array.from(s.mean),
        };
      });
      return { forecasts, fallbackCount: out.fallbacks.length };
    } finally {
      if (session !== this.session) await session.close();
    }
  }

  async close(): Promise<void> {
    await this.session?.close();
    this.session = undefined;
  }
}
