/**
 * TaskSpec: what to forecast and how. A zod schema with unknown keys rejected, defaults filled in,
 * aliases of the Python original accepted, and a stable hash for provenance.
 */
import { z } from 'zod';
import { ETaskSpecInvalid } from '../errors/index.js';
import { describeModelSpec, isUnivariateModel, resolveModelSpecs, type ModelSpec } from '../models/modelSpec.js';
import type { UnivariateModel } from '../models/stats/types.js';
import { signatureOf } from './signature.js';
import { defaultTsfmAdapters } from '../tsfm/licence.js';

const probability = z.number().gt(0, 'quantiles must be in (0, 1)').lt(1, 'quantiles must be in (0, 1)');

export const TsfmPolicySchema = z
  .object({
    /** required: TSFMs only; preferred: TSFMs then statistical models; disabled: statistical only. */
    mode: z.enum(['required', 'preferred', 'disabled']).default('preferred'),
    /**
     * Adapters in the order the ladder tries them. Default: every registered TSFM family licensed
     * for commercial use, in registry order (read at parse time, so a registered plugin family is
     * included); a non-commercial family (Moirai 2.0) is never a default (see tsfm/licence.ts).
     */
    adapters: z.array(z.string().min(1)).default(() => defaultTsfmAdapters()),
    /** Defaults to mode !== "required". */
    allowNonTsfmFallback: z.boolean().optional(),
  })
  .strict();

export const BacktestSpecSchema = z
  .object({
    nWindows: z.number().int().min(1).default(2),
    step: z.number().int().min(1).optional(),
    minTrainSize: z.number().int().min(1).optional(),
    /** Horizon of each window; defaults to the task's h. */
    h: z.number().int().min(1).optional(),
    window: z.enum(['expanding', 'sliding']).default('expanding'),
    /**
     * end: the last window ends on the last observation, so the backtest scores the most recent
     * behaviour (statsforecast's cross_validation). start: the first window trains on exactly
     * minTrainSize points (the Python original's placement).
     */
    anchor: z.enum(['start', 'end']).default('end'),
  })
  .strict();

const column = z.string().min(1);

/** Names of the id, timestamp and target columns when they are not unique_id, ds, y. */
export const ColumnsSchema = z.object({ id: column.optional(), ds: column.optional(), y: column.optional() }).strict();

/** Covariate roles; columns not named here are detected (past unless known for the whole horizon). */
export const CovariatesSchema = z
  .object({ past: z.array(column).optional(), futureKnown: z.array(column).optional(), static: z.array(column).optional() })
  .strict();

/** A model by registry name, as `{ name, options }`, or as an instance (e.g. `new AutoETS({ damped: true })`). */
export const ModelSpecSchema = z.union([
  column,
  z.object({ name: column, options: z.record(z.string(), z.unknown()).optional() }).strict(),
  z.custom<UnivariateModel>(isUnivariateModel, 'a model instance (an object with name and fit)'),
]);

export const TaskSpecSchema = z
  .object({
    h: z.number().int().positive('h must be a positive integer'),
    freq: z.string().min(1).optional(),
    quantiles: z.array(probability).default([0.1, 0.5, 0.9]),
    /** Central prediction-interval levels in percent; each adds its two quantiles. */
    levels: z.array(z.number().gt(0).lt(100)).default([80, 95]),
    seasonLength: z.number().int().min(1).optional(),
    tsfmPolicy: TsfmPolicySchema.default(() => ({ mode: 'preferred' as const, adapters: defaultTsfmAdapters() })),
    backtest: BacktestSpecSchema.default({ nWindows: 2, window: 'expanding', anchor: 'end' }),
    duplicatePolicy: z.enum(['reject', 'sum', 'mean', 'last']).default('reject'),
    columns: ColumnsSchema.optional(),
    covariates: CovariatesSchema.optional(),
    /**
     * The statistical models of every ladder, in order (TSFMs still come first per tsfmPolicy);
     * default: the router's choice per series class.
     */
    models: z.array(ModelSpecSchema).min(1).optional(),
  })
  .strict();

export type TaskSpecInput = z.input<typeof TaskSpecSchema>;
export type TaskSpec = z.output<typeof TaskSpecSchema>;

/** Aliases accepted from the Python original and from agents' natural phrasing. */
const ALIASES: Record<string, string> = {
  horizon: 'h',
  prediction_length: 'h',
  season_length: 'seasonLength',
  tsfm: 'tsfmPolicy',
  tsfm_policy: 'tsfmPolicy',
  duplicate_policy: 'duplicatePolicy',
  columnMap: 'columns',
  column_map: 'columns',
};

function applyAliases(input: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) {
    const target = ALIASES[key] ?? key;
    if (target in out) {
      throw new ETaskSpecInvalid(`TaskSpec sets "${target}" twice (as "${key}" and as an alias).`, {
        context: { field: target },
        fixHint: `Keep only one of "${target}" and its alias "${key}".`,
      });
    }
    out[target] = value;
  }
  const policy = out['tsfmPolicy'];
  if (typeof policy === 'string') out['tsfmPolicy'] = { mode: policy };
  // The data layer's ColumnMap spelling ({ unique_id: "store" }) is accepted for `columns.id`.
  const columns = out['columns'];
  if (columns && typeof columns === 'object' && 'unique_id' in columns) {
    const { unique_id, ...rest } = columns as Record<string, unknown>;
    out['columns'] = { id: unique_id, ...rest };
  }
  return out;
}

/** Parses and validates a TaskSpec; throws ETaskSpecInvalid naming every offending field. */
export function parseTaskSpec(input: unknown): TaskSpec {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw new ETaskSpecInvalid('TaskSpec must be an object such as { h: 14 }.', { context: { received: typeof input } });
  }
  const result = TaskSpecSchema.safeParse(applyAliases(input as Record<string, unknown>));
  if (!result.success) {
    const issues = result.error.issues.map((i) => ({ path: i.path.join('.') || '(root)', message: i.message }));
    const summary = issues.map((i) => `${i.path}: ${i.message}`).join('; ');
    throw new ETaskSpecInvalid(`Invalid TaskSpec: ${summary}`, { context: { issues } });
  }
  const spec = result.data;
  // Unknown model names and bad options fail here, with the spec, not halfway through a run.
  if (spec.models) resolveModelSpecs(spec.models as ModelSpec[]);
  if (spec.quantiles.some((q, i) => i > 0 && q <= spec.quantiles[i - 1])) {
    spec.quantiles = [...new Set(spec.quantiles)].sort((a, b) => a - b);
  }
  return spec;
}

/** Merges defaults (e.g. a session's taskSpecDefaults) under a call's spec; nested objects merge by key. */
export function mergeTaskSpec(defaults: Partial<TaskSpecInput> | undefined, spec: Partial<TaskSpecInput>): TaskSpec {
  const merged: Record<string, unknown> = { ...(defaults ?? {}) };
  for (const [key, value] of Object.entries(spec)) {
    const base = merged[key];
    merged[key] =
      value && typeof value === 'object' && !Array.isArray(value) && base && typeof base === 'object' && !Array.isArray(base)
        ? { ...(base as object), ...(value as object) }
        : value;
  }
  return parseTaskSpec(merged);
}

/** All quantile levels a forecast must carry: the explicit ones plus both ends of each interval level. */
export function requiredQuantiles(spec: Pick<TaskSpec, 'quantiles' | 'levels'>): number[] {
  const levels = new Set<number>(spec.quantiles);
  for (const l of spec.levels) {
    levels.add(round12(0.5 - l / 200));
    levels.add(round12(0.5 + l / 200));
  }
  return [...levels].sort((a, b) => a - b);
}

function round12(x: number): number {
  return Number(x.toPrecision(12));
}

/** SHA-256 of the canonical (sorted-key) JSON, first 16 hex characters. */
export function taskSpecHash(spec: TaskSpec): string {
  return signatureOf(taskSpecToJson(spec));
}

/** The spec as plain JSON: model instances become `{ name, options }` (what the artifact records). */
export function taskSpecToJson(spec: TaskSpec): TaskSpec {
  return spec.models ? { ...spec, models: spec.models.map((m) => describeModelSpec(m as ModelSpec)) } : spec;
}
