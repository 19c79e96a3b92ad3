/**
 * The statistical models as users hold them, statsforecast-style: one class per model, options typed
 * (and checked by zod, so `{ name, options }` from JSON gets the same checks), e.g.
 * `new AutoETS({ seasonLength: 12, damped: true })`. Each is a `UnivariateModel`, so it can be put
 * in a TaskSpec's `models` list, passed to `StatisticalAdapter`, or fitted on one series directly.
 *
 * `seasonLength` and `alias` are common to all: a model's own `seasonLength` overrides the task's
 * (statsforecast's `season_length`), and `alias` renames it in the output's `model` column.
 */
import { z } from 'zod';
import { ETaskSpecInvalid } from '../errors/index.js';
import type { FittedUnivariate, UnivariateModel } from './stats/types.js';
import { NaiveMethod, SeasonalNaiveMethod } from './stats/naive.js';
import { HistoricAverageMethod, WindowAverageMethod } from './stats/average.js';
import { HoltDamped, HoltLinear, SimpleExpSmoothing } from './stats/expsmooth/models.js';
import { ThetaMethod } from './stats/theta.js';
import { Croston, TSBMethod } from './stats/intermittent.js';
import { Deseasonalized } from './stats/deseasonalized.js';
import { MeanCombination } from './stats/combination.js';
import { ETSModel } from './stats/ets/model.js';
import { AutoARIMAMethod } from './stats/arima/model.js';

const common = {
  seasonLength: z.number().int().min(1).optional(),
  alias: z.string().min(1).optional(),
};
const smoothing = z.number().gt(0).lte(1);

/** Options of every model (`seasonLength`, `alias`) plus each model's own, by model name. */
export const MODEL_OPTION_SCHEMAS = {
  Naive: z.object(common).strict(),
  SeasonalNaive: z.object(common).strict(),
  Naive2: z.object(common).strict(),
  HistoricAverage: z.object(common).strict(),
  WindowAverage: z.object({ ...common, window: z.number().int().min(1).optional() }).strict(),
  SES: z.object(common).strict(),
  Holt: z.object(common).strict(),
  Damped: z.object(common).strict(),
  Theta: z.object(common).strict(),
  Comb: z.object(common).strict(),
  AutoETS: z
    .object({
      ...common,
      /** R's `model`: error, trend, season letters (A, M, N; Z = select), e.g. "ZZZ", "AAN", "MAM". */
      model: z
        .string()
        .regex(/^[AMZ][ANMZ][ANMZ]$/, 'three letters: error A/M/Z, trend N/A/M/Z, season N/A/M/Z')
        .optional(),
      damped: z.boolean().optional(),
      additiveOnly: z.boolean().optional(),
      allowMultiplicativeTrend: z.boolean().optional(),
      restrict: z.boolean().optional(),
      ic: z.enum(['aicc', 'aic', 'bic']).optional(),
      npaths: z.number().int().min(1).optional(),
      seed: z.number().int().optional(),
      simulate: z.boolean().optional(),
    })
    .strict(),
  AutoARIMA: z
    .object({
      ...common,
      /** Fixed differences (R's d, D); undefined = the KPSS / seasonal-strength tests decide. */
      d: z.number().int().min(0).optional(),
      D: z.number().int().min(0).optional(),
      maxP: z.number().int().min(0).optional(),
      maxQ: z.number().int().min(0).optional(),
      maxSeasonalP: z.number().int().min(0).optional(),
      maxSeasonalQ: z.number().int().min(0).optional(),
      maxOrder: z.number().int().min(0).optional(),
      maxD: z.number().int().min(0).optional(),
      maxSeasonalD: z.number().int().min(0).optional(),
      startP: z.number().int().min(0).optional(),
      startQ: z.number().int().min(0).optional(),
      startSeasonalP: z.number().int().min(0).optional(),
      startSeasonalQ: z.number().int().min(0).optional(),
      stationary: z.boolean().optional(),
      seasonal: z.boolean().optional(),
      ic: z.enum(['aicc', 'aic', 'bic']).optional(),
      /** false: R's full search up to maxOrder (slow). */
      stepwise: z.boolean().optional(),
      nmodels: z.number().int().min(1).optional(),
      approximation: z.boolean().optional(),
      truncate: z.number().int().min(1).optional(),
      allowDrift: z.boolean().optional(),
      allowMean: z.boolean().optional(),
      method: z.enum(['CSS-ML', 'ML', 'CSS']).optional(),
    })
    .strict(),
  CrostonClassic: z.object({ ...common, alpha: smoothing.optional() }).strict(),
  CrostonSBA: z.object({ ...common, alpha: smoothing.optional() }).strict(),
  TSB: z.object({ ...common, alphaD: smoothing.optional(), alphaP: smoothing.optional() }).strict(),
} as const;

export type StatisticalModelName = keyof typeof MODEL_OPTION_SCHEMAS;
export type ModelOptions<N extends StatisticalModelName> = z.input<(typeof MODEL_OPTION_SCHEMAS)[N]>;

/** Checks `options` against the model's schema; ETaskSpecInvalid naming every bad field. */
export function parseModelOptions<N extends StatisticalModelName>(name: N, options: unknown): ModelOptions<N> {
  const result = MODEL_OPTION_SCHEMAS[name].safeParse(options ?? {});
  if (!result.success) {
    const issues = result.error.issues.map((i) => `${i.path.join('.') || '(options)'}: ${i.message}`);
    throw new ETaskSpecInvalid(`Invalid options for model ${name}: ${issues.join('; ')}`, {
      context: { model: name, issues },
      fixHint: `Allowed options of ${name}: ${Object.keys(MODEL_OPTION_SCHEMAS[name].shape).join(', ')}.`,
    });
  }
  return result.data as ModelOptions<N>;
}

/** Shared behaviour: options checked at construction, `seasonLength` override, `alias` as name. */
abstract class StatisticalModel<N extends StatisticalModelName> implements UnivariateModel {
  readonly name: string;
  readonly options: Readonly<ModelOptions<N>>;
  private readonly core: UnivariateModel;

  protected constructor(kind: N, options: ModelOptions<N> | undefined, build: (o: ModelOptions<N>) => UnivariateModel) {
    const parsed = parseModelOptions(kind, options);
    this.core = build(parsed);
    this.options = Object.freeze(parsed);
    this.name = this.options.alias ?? kind;
  }

  fit(y: Float64Array, seasonLength: number): FittedUnivariate {
    const m = this.options.seasonLength ?? seasonLength;
    const scale = magnitudeScale(y);
    if (scale === 1) return this.core.fit(y, m);
    return rescaled(
      this.core.fit(
        y.map((v) => v / scale),
        m,
      ),
      scale,
    );
  }
}

/** Beyond these magnitudes squares and sums of squares overflow (or underflow) a double. */
const HUGE = 1e100;
const TINY = 1e-100;

/**
 * A power of two that brings a series of extreme magnitude (1e300, 1e-300) near 1, else 1. Models
 * square residuals and sum them, which overflows long before the values do; scaling by a power of
 * two is exact, so the model sees the same series in other units and the forecast is scaled back.
 */
function magnitudeScale(y: Float64Array): number {
  let max = 0;
  for (const v of y) if (Number.isFinite(v) && Math.abs(v) > max) max = Math.abs(v);
  if (max === 0 || (max < HUGE && max > TINY)) return 1;
  return 2 ** Math.floor(Math.log2(max));
}

function rescaled(fit: FittedUnivariate, scale: number): FittedUnivariate {
  return {
    ...(fit.fitted ? { fitted: fit.fitted.map((v) => v * scale) } : {}),
    ...(fit.sigma !== undefined ? { sigma: fit.sigma * scale } : {}),
    ...(fit.spec !== undefined ? { spec: fit.spec } : {}),
    forecast(h, quantiles) {
      const f = fit.forecast(h, quantiles);
      return { mean: f.mean.map((v) => v * scale), quantiles: f.quantiles.map((q) => q.map((v) => v * scale)) };
    },
  };
}

/** Last value carried forward. */
export class Naive extends StatisticalModel<'Naive'> {
  constructor(options?: ModelOptions<'Naive'>) {
    super('Naive', options, () => new NaiveMethod());
  }
}

/** Value of the same season one cycle ago. */
export class SeasonalNaive extends StatisticalModel<'SeasonalNaive'> {
  constructor(options?: ModelOptions<'SeasonalNaive'>) {
    super('SeasonalNaive', options, () => new SeasonalNaiveMethod());
  }
}

/** M4's Naive2: naive on the seasonally adjusted series (90% ACF test), reseasonalised. */
export class Naive2 extends StatisticalModel<'Naive2'> {
  constructor(options?: ModelOptions<'Naive2'>) {
    super('Naive2', options, () => new Deseasonalized('Naive2', new NaiveMethod()));
  }
}

/** Mean of the whole history. */
export class HistoricAverage extends StatisticalModel<'HistoricAverage'> {
  constructor(options?: ModelOptions<'HistoricAverage'>) {
    super('HistoricAverage', options, () => new HistoricAverageMethod());
  }
}

/** Mean of the last `window` points (default: the season length when > 1, else 7). */
export class WindowAverage extends StatisticalModel<'WindowAverage'> {
  constructor(options?: ModelOptions<'WindowAverage'>) {
    super('WindowAverage', options, (o) => new WindowAverageMethod(o.window));
  }
}

/** Simple exponential smoothing, M4 benchmark version (seasonally adjusted when seasonal). */
export class SES extends StatisticalModel<'SES'> {
  constructor(options?: ModelOptions<'SES'>) {
    super('SES', options, () => new Deseasonalized('SES', new SimpleExpSmoothing()));
  }
}

/** Holt's linear trend, M4 benchmark version. */
export class Holt extends StatisticalModel<'Holt'> {
  constructor(options?: ModelOptions<'Holt'>) {
    super('Holt', options, () => new Deseasonalized('Holt', new HoltLinear()));
  }
}

/** Damped-trend Holt, M4 benchmark version. */
export class Damped extends StatisticalModel<'Damped'> {
  constructor(options?: ModelOptions<'Damped'>) {
    super('Damped', options, () => new Deseasonalized('Damped', new HoltDamped()));
  }
}

/** The Theta method (Assimakopoulos & Nikolopoulos), M4 benchmark version. */
export class Theta extends StatisticalModel<'Theta'> {
  constructor(options?: ModelOptions<'Theta'>) {
    super('Theta', options, () => new Deseasonalized('Theta', new ThetaMethod()));
  }
}

/** M4's Comb: mean of SES, Holt and Damped on the seasonally adjusted series. */
export class Comb extends StatisticalModel<'Comb'> {
  constructor(options?: ModelOptions<'Comb'>) {
    super(
      'Comb',
      options,
      () => new Deseasonalized('Comb', new MeanCombination('Comb', [new SimpleExpSmoothing(), new HoltLinear(), new HoltDamped()])),
    );
  }
}

/** R's `forecast::ets` (model chosen by AICc unless fixed) with `forecast.ets` intervals. */
export class AutoETS extends StatisticalModel<'AutoETS'> {
  constructor(options?: ModelOptions<'AutoETS'>) {
    super('AutoETS', options, (o) => {
      const { seasonLength: _s, alias: _a, ...ets } = o;
      return new ETSModel('AutoETS', ets);
    });
  }
}

/** R's `forecast::auto.arima` (stepwise search, KPSS / seasonal-strength differencing, AICc) with `forecast.Arima` intervals. */
export class AutoARIMA extends StatisticalModel<'AutoARIMA'> {
  constructor(options?: ModelOptions<'AutoARIMA'>) {
    super('AutoARIMA', options, (o) => {
      const { seasonLength: _s, alias: _a, ...arima } = o;
      return new AutoARIMAMethod(arima);
    });
  }
}

/** Croston's method for intermittent demand. */
export class CrostonClassic extends StatisticalModel<'CrostonClassic'> {
  constructor(options?: ModelOptions<'CrostonClassic'>) {
    super('CrostonClassic', options, (o) => new Croston('classic', o.alpha ?? 0.1));
  }
}

/** Croston with the Syntetos–Boylan bias correction. */
export class CrostonSBA extends StatisticalModel<'CrostonSBA'> {
  constructor(options?: ModelOptions<'CrostonSBA'>) {
    super('CrostonSBA', options, (o) => new Croston('sba', o.alpha ?? 0.1));
  }
}

/** Teunter–Syntetos–Babai: demand probability and size smoothed separately. */
export class TSB extends StatisticalModel<'TSB'> {
  constructor(options?: ModelOptions<'TSB'>) {
    super('TSB', options, (o) => new TSBMethod(o.alphaD ?? 0.1, o.alphaP ?? 0.1));
  }
}

type ModelClass = new (options?: Record<string, unknown>) => UnivariateModel;

/** Every built-in model class by its name (the names of the TaskSpec, the router and the output). */
export const MODEL_CLASSES: Readonly<Record<StatisticalModelName, ModelClass>> = Object.freeze({
  Naive,
  SeasonalNaive,
  Naive2,
  HistoricAverage,
  WindowAverage,
  SES,
  Holt,
  Damped,
  Theta,
  Comb,
  AutoETS,
  AutoARIMA,
  CrostonClassic,
  CrostonSBA,
  TSB,
} as Record<StatisticalModelName, ModelClass>);

export function isBuiltinModelName(name: string): name is StatisticalModelName {
  return Object.prototype.hasOwnProperty.call(MODEL_CLASSES, name);
}
