/**
 * Fit and predict down a candidate ladder.
 *
 * - fit: the first candidate whose fit succeeds is the model (model-runtime failures advance).
 * - predict: if the fitted model fails to predict, the *next* candidates are fitted and predicted.
 * - per series: series whose forecast is not finite get the next candidate's forecast (fitted on
 *   those series only); the others keep the first model's. Each series records which model answered.
 *
 * The runner does the model work (pool lookup, adapter calls, error typing); this module only
 * decides who is tried next and records why.
 */
import type { Panel } from '../../data/panel.js';
import { EModelPredictFailed, ENonFiniteForecast, TSAgentKitError } from '../../errors/index.js';
import type { ForecastResult, SeriesForecast } from '../../forecast/types.js';
import type { FittedModel, ForecastTask } from '../../models/contract.js';
import { executeWithFallback, exhausted, FallbackLog, shouldFallback } from './fallback.js';

export interface LadderRunner {
  /** Fits one candidate; throws typed errors (model-runtime errors advance the ladder). */
  fit(model: string, panel: Panel, task: ForecastTask): Promise<FittedModel>;
  predict(model: string, fitted: FittedModel): Promise<ForecastResult>;
}

export interface LadderFit {
  readonly model: string;
  /** Position of `model` in `candidates`. */
  readonly index: number;
  readonly candidates: readonly string[];
  readonly fitted: FittedModel;
  /** Set when this fit serves a per-series fallback: the series it answers for. */
  readonly series?: readonly string[];
}

/** A forecast series tagged with the model that produced it. */
export interface AttributedSeriesForecast extends SeriesForecast {
  readonly model: string;
}

export interface LadderForecast extends ForecastResult {
  readonly series: readonly AttributedSeriesForecast[];
  /** Series id → model that answered it. */
  readonly modelBySeries: Readonly<Record<string, string>>;
}

export async function fitWithFallback(
  candidates: readonly string[],
  panel: Panel,
  task: ForecastTask,
  runner: LadderRunner,
  log: FallbackLog,
  startIndex = 0,
  series?: readonly string[],
): Promise<LadderFit> {
  const ok = await executeWithFallback(candidates, (model) => runner.fit(model, panel, task), {
    stage: 'fit',
    log,
    startIndex,
    ...(series ? { series } : {}),
  });
  return { model: ok.model, index: ok.index, candidates, fitted: ok.value, ...(series ? { series } : {}) };
}

export async function predictWithFallback(fit: LadderFit, runner: LadderRunner, log: FallbackLog): Promise<LadderForecast> {
  const { panel, task } = fit.fitted;
  const ids = panel.series.map((s) => s.id);
  let result: ForecastResult;
  // Series the model reported it could not answer (e.g. their worker thread died).
  const failures = new Map<string, TSAgentKitError>();
  try {
    const raw = await runner.predict(fit.model, fit.fitted);
    for (const f of raw.failures ?? []) {
      if (!shouldFallback(f.error)) throw f.error;
      for (const id of f.series) failures.set(id, f.error);
    }
    const answered = failures.size === 0 ? panel : subsetPanel(panel, new Set(ids.filter((id) => !failures.has(id))));
    result = checkForecast(raw, fit.model, answered, task);
  } catch (error) {
    if (!shouldFallback(error)) throw error;
    return advance(fit, error, runner, log, panel, fit.series);
  }
  const bad = result.series.filter((s) => !isFiniteForecast(s)).map((s) => s.id);
  // Each group of failing series goes down the ladder on its own, with its own error recorded.
  const groups: Array<{ series: string[]; error: TSAgentKitError }> = [];
  for (const [id, error] of failures) {
    const group = groups.find((g) => g.error === error);
    if (group) group.series.push(id);
    else groups.push({ series: [id], error });
  }
  if (bad.length > 0) {
    const nonFinite = new ENonFiniteForecast(`Model '${fit.model}' returned non-finite values for ${bad.length} of ${ids.length} series.`, {
      context: { model: fit.model, series: bad },
    });
    groups.push({ series: bad, error: nonFinite });
  }
  if (groups.length === 0) {
    log.attempt({ model: fit.model, stage: 'predict', ok: true });
    return attribute(result, fit.model);
  }
  const only = groups.length === 1 ? groups[0] : undefined;
  if (only && only.series.length === ids.length) return advance(fit, only.error, runner, log, panel, only.series);
  // Keep the good series; the next candidates answer the failed ones, fitted on those series alone.
  log.attempt({ model: fit.model, stage: 'predict', ok: true });
  const replaced = new Map<string, AttributedSeriesForecast>();
  for (const g of groups) {
    const rest = await advance(fit, g.error, runner, log, subsetPanel(panel, new Set(g.series)), g.series);
    for (const s of rest.series) replaced.set(s.id, s);
  }
  const own = attribute(result, fit.model);
  const ownById = new Map(own.series.map((s) => [s.id, s]));
  const merged = ids.flatMap((id) => {
    const s = replaced.get(id) ?? ownById.get(id);
    return s ? [s] : [];
  });
  return { ...own, series: merged, modelBySeries: Object.fromEntries(merged.map((s) => [s.id, s.model])) };
}

/** Records the failure of `fit.model` and fits + predicts the next candidates on `panel`. */
async function advance(
  fit: LadderFit,
  error: TSAgentKitError,
  runner: LadderRunner,
  log: FallbackLog,
  panel: Panel,
  series: readonly string[] | undefined,
): Promise<LadderForecast> {
  const failure = { errorCode: error.code, error: error.message, ...(series ? { series } : {}) };
  const next = fit.candidates[fit.index + 1] ?? null;
  log.attempt({ model: fit.model, stage: 'predict', ok: false, ...failure });
  log.transition({ from: fit.model, to: next, stage: 'predict', ...failure });
  if (next === null) throw exhausted(fit.candidates, log, error);
  const nextFit = await fitWithFallback(fit.candidates, panel, fit.fitted.task, runner, log, fit.index + 1, series);
  return predictWithFallback(nextFit, runner, log);
}

function isFiniteForecast(s: SeriesForecast): boolean {
  if (!s.mean.every(Number.isFinite)) return false;
  return s.quantiles.every((q) => q.every(Number.isFinite));
}

function attribute(result: ForecastResult, model: string): LadderForecast {
  const series = result.series.map((s) => ({ ...s, model }));
  return {
    model: result.model,
    h: result.h,
    quantileLevels: result.quantileLevels,
    series,
    modelBySeries: Object.fromEntries(series.map((s) => [s.id, model])),
  };
}

/**
 * A model's output must cover the panel's series, h steps and the task's quantile levels (in the
 * task's order); anything else is a predict failure of that model, so the ladder can move on.
 */
function checkForecast(result: ForecastResult, model: string, panel: Panel, task: ForecastTask): ForecastResult {
  const fail = (why: string) => new EModelPredictFailed(`Model '${model}' returned an unusable forecast: ${why}.`, { context: { model } });
  const byId = new Map(result.series.map((s) => [s.id, s]));
  const levelIndex = task.quantiles.map((q) => result.quantileLevels.findIndex((l) => Math.abs(l - q) < 1e-9));
  const missingLevels = task.quantiles.filter((_, k) => levelIndex[k] < 0);
  if (missingLevels.length > 0) throw fail(`quantile levels ${missingLevels.join(', ')} missing`);
  const series = panel.series.map((p) => {
    const s = byId.get(p.id);
    if (!s) throw fail(`series '${p.id}' missing`);
    if (s.mean.length !== task.h || s.ds.length !== task.h) throw fail(`series '${p.id}' has ${s.mean.length} steps, expected ${task.h}`);
    const quantiles = levelIndex.map((k) => s.quantiles[k]);
    if (quantiles.some((q) => !q || q.length !== task.h)) throw fail(`series '${p.id}' has incomplete quantiles`);
    return { id: s.id, ds: s.ds, mean: s.mean, quantiles };
  });
  return { model: result.model, h: task.h, quantileLevels: [...task.quantiles], series };
}

export function subsetPanel(panel: Panel, ids: ReadonlySet<string>): Panel {
  const future = panel.future ? new Map([...panel.future].filter(([id]) => ids.has(id))) : undefined;
  return { ...panel, series: panel.series.filter((s) => ids.has(s.id)), ...(future ? { future } : {}) };
}
