/**
 * How a TaskSpec names its models: a registry name ("AutoETS"), a typed spec checked by zod
 * (`{ name: 'AutoETS', options: { damped: true } }`, the JSON form agents send), or a model instance
 * (`new AutoETS({ seasonLength: 12 })`). All three resolve to a named `UnivariateModel`.
 */
import { ETaskSpecInvalid } from '../errors/index.js';
import { createStatisticalModel } from './registry.js';
import type { UnivariateModel } from './stats/types.js';

export interface NamedModelSpec {
  readonly name: string;
  readonly options?: Readonly<Record<string, unknown>>;
}

export type ModelSpec = string | NamedModelSpec | UnivariateModel;

export function isUnivariateModel(x: unknown): x is UnivariateModel {
  return (
    typeof x === 'object' &&
    x !== null &&
    typeof (x as UnivariateModel).name === 'string' &&
    typeof (x as UnivariateModel).fit === 'function'
  );
}

/** The model a spec names; unknown names and bad options are ETaskSpecInvalid. */
export function resolveModelSpec(spec: ModelSpec): UnivariateModel {
  if (typeof spec === 'string') return createStatisticalModel(spec);
  if (isUnivariateModel(spec)) return spec;
  return createStatisticalModel(spec.name, spec.options ?? {});
}

/** Resolves a list and checks that the names (the output's `model` column) are unique. */
export function resolveModelSpecs(specs: readonly ModelSpec[]): UnivariateModel[] {
  const models = specs.map(resolveModelSpec);
  const seen = new Set<string>();
  for (const m of models) {
    if (seen.has(m.name)) {
      throw new ETaskSpecInvalid(`models lists "${m.name}" twice.`, {
        context: { field: 'models', model: m.name },
        fixHint: `Give one of them another name with the alias option, e.g. new AutoETS({ alias: '${m.name}2' }).`,
      });
    }
    seen.add(m.name);
  }
  return models;
}

/** What a hash or a JSON record keeps of a model spec: its name and options, never the instance. */
export function describeModelSpec(spec: ModelSpec): NamedModelSpec {
  if (typeof spec === 'string') return { name: spec };
  if (isUnivariateModel(spec)) {
    const options = (spec as { options?: Readonly<Record<string, unknown>> }).options;
    return options && Object.keys(options).length ? { name: spec.name, options } : { name: spec.name };
  }
  return spec;
}
