/**
 * Statistical model registry: name → factory, the names the router's ladders and the output's
 * `model` column use. SES, Holt, Damped, Theta and Comb are the M4 benchmark versions (seasonally
 * adjusted by a classical multiplicative decomposition when the 90% ACF test finds seasonality), so
 * they give seasonal forecasts on seasonal data; Naive2 is the M4 seasonally adjusted naive.
 */
import { ETaskSpecInvalid } from '../errors/index.js';
import type { UnivariateModel } from './stats/types.js';
import { Naive, SeasonalNaive } from './stats/naive.js';
import { HistoricAverage, WindowAverage } from './stats/average.js';
import { HoltDamped, HoltLinear, SimpleExpSmoothing } from './stats/expsmooth/models.js';
import { Theta } from './stats/theta.js';
import { Croston, TSB } from './stats/intermittent.js';
import { Deseasonalized } from './stats/deseasonalized.js';
import { MeanCombination } from './stats/combination.js';
import { AutoETS } from './stats/ets/index.js';
import { AutoARIMA } from './stats/arima/index.js';

export interface StatisticalModelOptions {
  /** WindowAverage's window (default: the season length when > 1, else 7). */
  readonly window?: number;
  /** Smoothing weights of the intermittent-demand models (default 0.1). */
  readonly alpha?: number;
  readonly alphaD?: number;
  readonly alphaP?: number;
}

type Factory = (options: StatisticalModelOptions) => UnivariateModel;

const factories = new Map<string, Factory>([
  ['Naive', () => new Naive()],
  ['SeasonalNaive', () => new SeasonalNaive()],
  ['Naive2', () => new Deseasonalized('Naive2', new Naive())],
  ['HistoricAverage', () => new HistoricAverage()],
  ['WindowAverage', (o) => new WindowAverage(o.window)],
  ['SES', () => new Deseasonalized('SES', new SimpleExpSmoothing())],
  ['Holt', () => new Deseasonalized('Holt', new HoltLinear())],
  ['Damped', () => new Deseasonalized('Damped', new HoltDamped())],
  ['Theta', () => new Deseasonalized('Theta', new Theta())],
  [
    'Comb',
    () => new Deseasonalized('Comb', new MeanCombination('Comb', [new SimpleExpSmoothing(), new HoltLinear(), new HoltDamped()])),
  ],
  ['AutoETS', () => new AutoETS()],
  ['AutoARIMA', () => new AutoARIMA()],
  ['CrostonClassic', (o) => new Croston('classic', o.alpha ?? 0.1)],
  ['CrostonSBA', (o) => new Croston('sba', o.alpha ?? 0.1)],
  ['TSB', (o) => new TSB(o.alphaD ?? 0.1, o.alphaP ?? 0.1)],
]);

/** Other names accepted for convenience (the original tsagentkit's, statsforecast's). */
const aliases = new Map<string, string>([
  ['Croston', 'CrostonClassic'],
  ['SeasonalNaive2', 'Naive2'],
  ['SimpleExponentialSmoothing', 'SES'],
  ['DampedHolt', 'Damped'],
]);

/** Registers a model implemented elsewhere under its name. */
export function registerStatisticalModel(name: string, factory: Factory): void {
  factories.set(name, factory);
}

/** Canonical names of every available statistical model. */
export function statisticalModelNames(): string[] {
  return [...factories.keys()];
}

export function isStatisticalModel(name: string): boolean {
  return factories.has(aliases.get(name) ?? name);
}

export function createStatisticalModel(name: string, options: StatisticalModelOptions = {}): UnivariateModel {
  const factory = factories.get(aliases.get(name) ?? name);
  if (!factory) {
    throw new ETaskSpecInvalid(`unknown statistical model "${name}"`, {
      context: { model: name, available: statisticalModelNames() },
      fixHint: `Use one of: ${statisticalModelNames().join(', ')}.`,
    });
  }
  return factory(options);
}
