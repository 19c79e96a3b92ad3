/**
 * Statistical model registry: name → factory, the names the router's ladders and the output's
 * `model` column use. The built-in models are the classes of `catalog.ts` (SES, Holt, Damped, Theta
 * and Comb are the M4 benchmark versions, seasonally adjusted by a classical multiplicative
 * decomposition when the 90% ACF test finds seasonality; Naive2 is the M4 seasonally adjusted naive).
 * Models implemented elsewhere (e.g. AutoARIMA) join with `registerStatisticalModel`.
 */
import { ETaskSpecInvalid } from '../errors/index.js';
import type { UnivariateModel } from './stats/types.js';
import { MODEL_CLASSES, isBuiltinModelName, parseModelOptions } from './catalog.js';

/** A model's options as data (JSON-safe, so they cross to worker threads); each class checks its own with zod. */
export type StatisticalModelOptions = Readonly<Record<string, unknown>>;

/** Builds a model from its (already typed or JSON) options; throws a typed error on bad options. */
export type StatisticalModelFactory = (options: StatisticalModelOptions) => UnivariateModel;

const factories = new Map<string, StatisticalModelFactory>(
  Object.entries(MODEL_CLASSES).map(([name, Model]) => [name, (options) => new Model(options)] as const),
);

/** Other names accepted for convenience (the original tsagentkit's, statsforecast's). */
const aliases = new Map<string, string>([
  ['Croston', 'CrostonClassic'],
  ['SeasonalNaive2', 'Naive2'],
  ['SimpleExponentialSmoothing', 'SES'],
  ['DampedHolt', 'Damped'],
]);

/**
 * The models present when this module loads. A worker thread imports this module afresh, so it
 * knows these and only these: a model added later with registerStatisticalModel exists only in
 * the thread that added it, and is fitted there.
 */
const builtinModels = new Set(factories.keys());

export function isBuiltinStatisticalModel(name: string): boolean {
  return builtinModels.has(aliases.get(name) ?? name);
}

/** Registers a model implemented elsewhere (e.g. AutoARIMA) under its name. */
export function registerStatisticalModel(name: string, factory: StatisticalModelFactory): void {
  factories.set(name, factory);
  builtinModels.delete(name);
}

/** Canonical names of every available statistical model. */
export function statisticalModelNames(): string[] {
  return [...factories.keys()];
}

/** The canonical name for a name or alias (e.g. "Croston" → "CrostonClassic"). */
export function canonicalModelName(name: string): string {
  return aliases.get(name) ?? name;
}

export function isStatisticalModel(name: string): boolean {
  return factories.has(canonicalModelName(name));
}

/** A model by name with options checked against its schema (built-ins) or by its factory. */
export function createStatisticalModel(name: string, options: StatisticalModelOptions = {}): UnivariateModel {
  const canonical = canonicalModelName(name);
  const factory = factories.get(canonical);
  if (!factory) {
    throw new ETaskSpecInvalid(`unknown statistical model "${name}"`, {
      context: { model: name, available: statisticalModelNames() },
      fixHint: `Use one of: ${statisticalModelNames().join(', ')}.`,
    });
  }
  if (isBuiltinModelName(canonical)) parseModelOptions(canonical, options);
  return factory(options);
}
