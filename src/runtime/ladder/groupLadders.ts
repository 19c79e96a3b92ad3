/**
 * The ladder executor for a whole panel: the router splits the series into ladder groups, and each
 * group goes down its own candidate ladder (forecastLadder.ts) — fit the first workable candidate,
 * predict, and hand any series the model cannot answer to the next candidates. Fallbacks of every
 * group land in one FallbackLog. The session's run, its fit/predict and the backtest's model all
 * execute ladders through these functions; the runner they are given does the model work.
 */
import type { Panel } from '../../data/panel.js';
import type { ForecastResult } from '../../forecast/types.js';
import type { ForecastTask } from '../../models/contract.js';
import { signatureOf } from '../../task/signature.js';
import type { LadderGroup, PlanOutcome } from '../sessionSteps.js';
import { FallbackLog } from './fallback.js';
import {
  fitWithFallback,
  predictWithFallback,
  subsetPanel,
  type AttributedSeriesForecast,
  type LadderFit,
  type LadderForecast,
  type LadderRunner,
} from './forecastLadder.js';

/** One ladder group and the candidate its fit settled on. */
export interface GroupFit {
  readonly group: LadderGroup;
  readonly fit: LadderFit;
}

/** Fits each non-empty group on its own series, down its ladder, in group order. */
export async function fitLadderGroups(
  panel: Panel,
  groups: readonly LadderGroup[],
  task: ForecastTask,
  log: FallbackLog,
  runner: LadderRunner,
): Promise<GroupFit[]> {
  const fits: GroupFit[] = [];
  for (const group of groups) {
    if (group.series.length === 0) continue;
    const groupPanel = group.series.length === panel.series.length ? panel : subsetPanel(panel, new Set(group.series));
    fits.push({ group, fit: await fitWithFallback(group.candidates, groupPanel, task, runner, log) });
  }
  return fits;
}

/**
 * Predicts every fitted group (a failing model hands its series to the next candidates of its
 * ladder) and puts the series back in panel order, each tagged with the model that answered it.
 */
export async function predictLadderGroups(
  panel: Panel,
  task: ForecastTask,
  groups: readonly GroupFit[],
  log: FallbackLog,
  runner: LadderRunner,
): Promise<LadderForecast> {
  const byId = new Map<string, AttributedSeriesForecast>();
  const counts = new Map<string, number>();
  for (const { fit: ladderFit } of groups) {
    const out = await predictWithFallback(ladderFit, runner, log);
    for (const s of out.series) {
      byId.set(s.id, s);
      counts.set(s.model, (counts.get(s.model) ?? 0) + 1);
    }
  }
  const series = panel.series.map((s) => byId.get(s.id)).filter((s): s is AttributedSeriesForecast => s !== undefined);
  // `model` names the model that answered most series; each series carries its own.
  const model = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 'none';
  return {
    model,
    h: task.h,
    quantileLevels: [...task.quantiles],
    series,
    modelBySeries: Object.fromEntries(series.map((s) => [s.id, s.model])),
  };
}

/**
 * The backtest's model: the same ladders on a training panel, with a log of their own so that the
 * backtest's fallbacks never enter the run's record.
 */
export function ladderForecaster(groups: readonly LadderGroup[], runner: LadderRunner) {
  return async (train: Panel, task: ForecastTask): Promise<ForecastResult> => {
    const log = new FallbackLog();
    const fits = await fitLadderGroups(train, restrictGroups(groups, train), task, log, runner);
    return predictLadderGroups(train, task, fits, log, runner);
  };
}

/** Each ladder keeps its TSFM candidates (per policy) and then tries the spec's models, in order. */
export function withSpecModels(
  groups: readonly LadderGroup[],
  names: readonly string[],
  isTsfm: (candidate: string) => boolean,
): LadderGroup[] {
  return groups.map((g) => ({ ...g, candidates: [...g.candidates.filter(isTsfm), ...names] }));
}

/**
 * The routed plan with the spec's models in place of the router's statistical candidates, in the
 * groups that run and in the plan the artifact records (buckets, candidates, a reason, a new
 * signature), so that the record says which ladder really ran.
 */
export function planWithSpecModels(routed: PlanOutcome, names: readonly string[], isTsfm: (candidate: string) => boolean): PlanOutcome {
  const ladder = (candidates: readonly string[]) => [...candidates.filter(isTsfm), ...names];
  const { signature: _old, ...body } = routed.plan;
  const plan = {
    ...body,
    candidates: ladder(body.candidates),
    buckets: body.buckets.map((b) => ({ ...b, candidates: ladder(b.candidates) })),
    reasons: [...body.reasons, `TaskSpec models replace the router's statistical candidates: ${names.join(', ')}.`],
  };
  return { plan: { ...plan, signature: signatureOf(plan) }, groups: withSpecModels(routed.groups, names, isTsfm) };
}

/** The groups with only the series a (training) panel has. */
function restrictGroups(groups: readonly LadderGroup[], panel: Panel): LadderGroup[] {
  const ids = new Set(panel.series.map((s) => s.id));
  return groups.map((g) => ({ ...g, series: g.series.filter((id) => ids.has(id)) }));
}
