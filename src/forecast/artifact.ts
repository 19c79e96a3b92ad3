/**
 * RunArtifact: the JSON record of one forecast run — what was asked (task spec + hash), what the
 * data looked like (validation, QA), what was decided (plan), how it was checked (backtest summary),
 * what ran (models per series, fallbacks taken), how long each step took, and with which versions.
 * The schema is strict at the top level, so a foreign or damaged file is refused with
 * `EArtifactInvalid` instead of being half-read.
 */
import { randomUUID } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { z } from 'zod';
import { EArtifactInvalid } from '../errors/index.js';
import { TaskSpecSchema, taskSpecHash, taskSpecToJson, type TaskSpec } from '../task/taskSpec.js';
import { currentVersions } from './versions.js';

export const RUN_ARTIFACT_TYPE = 'tsagentkit.run';
export const RUN_ARTIFACT_VERSION = 1;

/** Metric values; NaN is written as null by JSON. */
const MetricMapSchema = z.record(z.string(), z.number().nullable());
const JsonObjectSchema = z.record(z.string(), z.unknown());

export const PlanRecordSchema = z.looseObject({
  candidates: z.array(z.string()),
  signature: z.string().optional(),
});

export const BacktestSummarySchema = z.looseObject({
  model: z.string(),
  strategy: z.enum(['expanding', 'sliding']),
  h: z.number().int().positive(),
  step: z.number().int().positive(),
  minTrainSize: z.number().int().positive(),
  nWindowsRequested: z.number().int().positive(),
  nWindowsOk: z.number().int().min(0),
  windows: z.array(
    z.looseObject({
      index: z.number().int().min(0),
      cutoff: z.string(),
      ok: z.boolean(),
      metrics: MetricMapSchema,
    }),
  ),
  errors: z.array(z.looseObject({ window: z.number().int(), code: z.string(), message: z.string() })),
  aggregate: MetricMapSchema,
  pooled: MetricMapSchema,
  seriesMetrics: z.record(z.string(), MetricMapSchema).optional(),
  segmentMetrics: z.record(z.string(), MetricMapSchema).optional(),
});

export const FallbackRecordSchema = z.looseObject({
  from: z.string(),
  to: z.string().nullable(),
  stage: z.string(),
  errorCode: z.string(),
  error: z.string(),
  series: z.array(z.string()).optional(),
});

export const StepEventSchema = z.looseObject({
  step: z.string(),
  status: z.enum(['ok', 'skipped', 'failed']),
  durationMs: z.number().min(0),
  errorCode: z.string().optional(),
  error: z.string().optional(),
});

export const RunArtifactSchema = z.strictObject({
  artifactType: z.literal(RUN_ARTIFACT_TYPE),
  schemaVersion: z.literal(RUN_ARTIFACT_VERSION),
  runId: z.string().min(1),
  createdAt: z.iso.datetime(),
  mode: z.enum(['quick', 'standard', 'strict']),
  taskSpec: TaskSpecSchema,
  taskSpecHash: z.string().regex(/^[0-9a-f]{16}$/, 'must be 16 hex characters'),
  task: z.strictObject({
    h: z.number().int().positive(),
    freq: z.string().min(1),
    seasonLength: z.number().int().min(1),
    quantiles: z.array(z.number().gt(0).lt(1)),
  }),
  data: z.looseObject({
    source: z.string(),
    nSeries: z.number().int().min(0),
    nPoints: z.number().int().min(0),
  }),
  validation: JsonObjectSchema.nullable(),
  qa: JsonObjectSchema.nullable(),
  plan: PlanRecordSchema,
  backtest: BacktestSummarySchema.nullable(),
  model: z.strictObject({
    /** The model that answered most series. */
    selected: z.string(),
    modelBySeries: z.record(z.string(), z.string()),
    seriesPerModel: z.record(z.string(), z.number().int().min(0)),
  }),
  fallbacks: z.array(FallbackRecordSchema),
  events: z.array(StepEventSchema),
  timings: z.strictObject({ totalMs: z.number().min(0), byStep: z.record(z.string(), z.number().min(0)) }),
  forecast: z.strictObject({
    path: z.string().nullable(),
    format: z.string().nullable(),
    rows: z.number().int().min(0),
    columns: z.array(z.string()),
  }),
  pool: JsonObjectSchema.nullable(),
  notes: z.array(z.string()),
  versions: z.strictObject({
    tsagentkit: z.string(),
    node: z.string(),
    onnxruntime: z.string().nullable(),
    platform: z.string(),
  }),
});

export type RunArtifact = z.output<typeof RunArtifactSchema>;
export type BacktestSummary = z.output<typeof BacktestSummarySchema>;

/** Checks an in-memory object against the schema; throws EArtifactInvalid listing every problem. */
export function parseRunArtifact(value: unknown, source = '(memory)'): RunArtifact {
  const result = RunArtifactSchema.safeParse(value);
  if (!result.success) {
    const issues = result.error.issues.map((i) => ({ path: i.path.join('.') || '(root)', message: i.message }));
    const head = issues
      .slice(0, 5)
      .map((i) => `${i.path}: ${i.message}`)
      .join('; ');
    throw new EArtifactInvalid(`${source} is not a valid RunArtifact: ${head}${issues.length > 5 ? ` (+${issues.length - 5} more)` : ''}`, {
      context: { source, issues: issues.slice(0, 50) },
    });
  }
  return result.data;
}

/** JSON round trip: drops undefined, turns NaN into null and typed arrays into arrays. */
export function toJsonValue<T>(value: T): unknown {
  return JSON.parse(
    JSON.stringify(value, (_k, v) => {
      if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return Array.from(v as unknown as ArrayLike<number>);
      if (typeof v === 'bigint') return v.toString();
      return v;
    }),
  );
}

/** Validates and writes the artifact as pretty JSON. */
export async function saveRunArtifact(artifact: RunArtifact, path: string): Promise<void> {
  const checked = parseRunArtifact(toJsonValue(artifact), 'artifact to save');
  await writeFile(path, `${JSON.stringify(checked, null, 2)}\n`, 'utf8');
}

/** Reads and validates an artifact file; any problem (missing, not JSON, wrong shape) is EArtifactInvalid. */
export async function loadRunArtifact(path: string): Promise<RunArtifact> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new EArtifactInvalid(`Cannot read the artifact file ${path}: ${(e as Error).message}`, {
      context: { path, reason: (e as NodeJS.ErrnoException).code ?? 'read_error' },
      fixHint: 'Check the path; artifacts are written as artifact.json next to the forecast file.',
      cause: e,
    });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new EArtifactInvalid(`The artifact file ${path} is not valid JSON: ${(e as Error).message}`, {
      context: { path, reason: 'invalid_json' },
      cause: e,
    });
  }
  return parseRunArtifact(value, path);
}

// ---- building an artifact from a run ---------------------------------------------------------

/** Structural view of a runtime run (TSAgentSession.run's result), so this module does not depend on the runtime. */
export interface RunRecordLike {
  readonly mode: 'quick' | 'standard' | 'strict';
  readonly spec: TaskSpec;
  readonly specHash?: string;
  readonly task: { readonly h: number; readonly freq: string; readonly seasonLength: number; readonly quantiles: readonly number[] };
  readonly validation: unknown;
  readonly qa: unknown;
  readonly plan: unknown;
  readonly backtest: unknown;
  readonly modelBySeries: Readonly<Record<string, string>>;
  readonly forecast: { readonly model: string };
  readonly fallbacks: readonly unknown[];
  readonly events: readonly {
    readonly step: string;
    readonly status: 'ok' | 'skipped' | 'failed';
    readonly durationMs: number;
    readonly errorCode?: string;
    readonly error?: string;
  }[];
  readonly totalMs: number;
  readonly pool?: unknown;
}

export interface BuildArtifactOptions {
  /** Where the data came from: a path or "example:<name>". */
  readonly source: string;
  readonly nSeries: number;
  readonly nPoints: number;
  readonly forecast?: {
    readonly path: string | null;
    readonly format: string | null;
    readonly rows: number;
    readonly columns: readonly string[];
  };
  readonly notes?: readonly string[];
  readonly runId?: string;
  readonly createdAt?: Date;
}

export function buildRunArtifact(run: RunRecordLike, options: BuildArtifactOptions): RunArtifact {
  const byStep: Record<string, number> = {};
  for (const e of run.events) byStep[e.step] = (byStep[e.step] ?? 0) + e.durationMs;
  const seriesPerModel: Record<string, number> = {};
  for (const m of Object.values(run.modelBySeries)) seriesPerModel[m] = (seriesPerModel[m] ?? 0) + 1;
  const artifact = {
    artifactType: RUN_ARTIFACT_TYPE,
    schemaVersion: RUN_ARTIFACT_VERSION,
    runId: options.runId ?? randomUUID(),
    createdAt: (options.createdAt ?? new Date()).toISOString(),
    mode: run.mode,
    taskSpec: taskSpecToJson(run.spec),
    taskSpecHash: run.specHash ?? taskSpecHash(run.spec),
    task: { h: run.task.h, freq: run.task.freq, seasonLength: run.task.seasonLength, quantiles: [...run.task.quantiles] },
    data: { source: options.source, nSeries: options.nSeries, nPoints: options.nPoints },
    validation: objectOrNull(run.validation),
    qa: objectOrNull(run.qa),
    plan: objectOrNull(run.plan) ?? { candidates: [] },
    backtest: run.backtest ? backtestSummary(run.backtest) : null,
    model: { selected: run.forecast.model, modelBySeries: { ...run.modelBySeries }, seriesPerModel },
    fallbacks: run.fallbacks,
    events: run.events,
    timings: { totalMs: run.totalMs, byStep },
    forecast: options.forecast
      ? { ...options.forecast, columns: [...options.forecast.columns] }
      : { path: null, format: null, rows: 0, columns: [] },
    pool: objectOrNull(run.pool),
    notes: [...(options.notes ?? [])],
    versions: currentVersions(),
  };
  return parseRunArtifact(toJsonValue(artifact), 'built artifact');
}

/** What a writer adds to a run's artifact once its outputs exist. */
export interface RunOutputs {
  /** Replaces fields of `data` (e.g. the input's row count where the run only saw the panel). */
  readonly data?: Partial<Pick<BuildArtifactOptions, 'source' | 'nSeries' | 'nPoints'>>;
  readonly forecast: NonNullable<BuildArtifactOptions['forecast']>;
  readonly notes?: readonly string[];
}

/**
 * The run's own artifact completed with what was written: the forecast file, notes and data
 * counts. The run id, timestamps and records stay the run's, so a run has one artifact, not a
 * second one rebuilt by its writer.
 */
export function withRunOutputs(artifact: RunArtifact, outputs: RunOutputs): RunArtifact {
  const completed = {
    ...artifact,
    data: { ...artifact.data, ...(outputs.data ?? {}) },
    forecast: { ...outputs.forecast, columns: [...outputs.forecast.columns] },
    notes: [...(outputs.notes ?? [])],
  };
  return parseRunArtifact(toJsonValue(completed), 'artifact with outputs');
}

function objectOrNull(v: unknown): Record<string, unknown> | null {
  if (v === undefined || v === null) return null;
  const json = toJsonValue(v);
  return json && typeof json === 'object' && !Array.isArray(json) ? (json as Record<string, unknown>) : { value: json };
}

/**
 * The JSON-sized part of a backtest report (src/backtest `BacktestReport`): everything but the CV
 * frame, with cutoffs as ISO strings. Objects that are not backtest reports pass through unchanged.
 */
export function backtestSummary(report: unknown): BacktestSummary | null {
  if (!report || typeof report !== 'object') return null;
  const r = report as Record<string, unknown>;
  if (!Array.isArray(r['windows'])) return toJsonValue(r) as BacktestSummary;
  const iso = (ms: unknown) => (typeof ms === 'number' && Number.isFinite(ms) ? new Date(ms).toISOString() : String(ms));
  const { cv: _cv, windows, ...rest } = r;
  return toJsonValue({
    ...rest,
    windows: (windows as Array<Record<string, unknown>>).map((w) => ({
      ...w,
      cutoff: iso(w['cutoff']),
      trainStart: iso(w['trainStart']),
      trainEnd: iso(w['trainEnd']),
      testStart: iso(w['testStart']),
      testEnd: iso(w['testEnd']),
    })),
  }) as BacktestSummary;
}
