/**
 * Binds the session's steps to the modules that implement them: validation (src/validation),
 * QA (src/qa), the router (src/router), backtests (src/backtest) and the statistical model
 * registry (src/models), on the session's worker pool when it has one (runtime/workers). The
 * session itself only orchestrates.
 */
import { rollingBacktest } from '../backtest/rolling.js';
import { statisticalAdapter } from '../models/statistical.js';
import { isBuiltinStatisticalModel, statisticalModelNames } from '../models/registry.js';
import { qa } from '../qa/qa.js';
import { makePlan } from '../router/plan.js';
import { validate } from '../validation/validate.js';
import type { SessionSteps } from './sessionSteps.js';
import { PooledStatisticalAdapter } from './workers/pooledAdapter.js';

export const defaultSteps: SessionSteps = {
  // The data contract, with the spec's column names and covariate roles. A Panel is checked as it is.
  validate(data, spec) {
    const c = spec.columns;
    const report = validate(data, {
      h: spec.h,
      duplicatePolicy: spec.duplicatePolicy,
      ...(spec.freq ? { freq: spec.freq } : {}),
      ...(c ? { columnMap: { ...(c.id ? { unique_id: c.id } : {}), ...(c.ds ? { ds: c.ds } : {}), ...(c.y ? { y: c.y } : {}) } } : {}),
      ...(spec.covariates ? { covariates: spec.covariates } : {}),
    });
    return {
      report,
      valid: report.valid,
      ...(report.panel ? { panel: report.panel } : {}),
      throwIfErrors: () => void report.throwIfErrors(),
    };
  },
  // Checks plus point-in-time-safe repairs (recorded); strict mode refuses critical issues.
  // Outliers are reported but not clipped: qa()'s default (outlierRepair 'none'), the same as the
  // standalone `tsagentkit qa`, so both repair the same data the same way.
  qa(panel, spec, mode, resolved) {
    const report = qa(panel, spec, {
      mode,
      applyRepairs: true,
      // The run's frequency as qa() itself resolves it: canonical when the spec names one, a panel's own spelling otherwise.
      ...(resolved ? definedFreq(spec.freq !== undefined ? resolved.freq : resolved.freqAlias) : {}),
      // The outlier detector's season length is the task's (the spec's seasonLength, else the frequency's).
      ...(resolved ? { seasonLength: resolved.seasonLength } : {}),
    });
    return { report, panel: report.panel };
  },
  // The router: one ladder per bucket of series (class + seasonality), TSFMs first per policy.
  plan(panel, spec, context, resolved) {
    const plan = makePlan(panel, spec, {
      ...(resolved ? { freq: resolved.freqAlias ?? null, seasonLength: resolved.seasonLength } : {}),
      availableAdapters: context.tsfmAdapters,
      unavailableReasons: context.unavailableReasons,
      knownModels: statisticalModelNames(),
    });
    return { plan, groups: plan.buckets.map((b) => ({ key: b.key, series: b.seriesIds, candidates: b.candidates })) };
  },
  // Rolling-origin backtest of the session's own ladder (pooled adapters, no reloads).
  async backtest({ panel, spec, task, forecaster, segments }) {
    const b = spec.backtest;
    return rollingBacktest(panel, forecaster, {
      h: b.h ?? task.h,
      nWindows: b.nWindows,
      ...(b.step !== undefined ? { step: b.step } : {}),
      ...(b.minTrainSize !== undefined ? { minTrainSize: b.minTrainSize } : {}),
      strategy: b.window,
      anchor: b.anchor,
      freq: task.freq,
      seasonLength: task.seasonLength,
      quantiles: task.quantiles,
      segments,
    });
  },
  // On the session's worker pool when it has one; models registered at run time (unknown to the
  // worker threads) stay in-process.
  statisticalAdapter: (name, context) =>
    context?.workerPool && isBuiltinStatisticalModel(name)
      ? new PooledStatisticalAdapter(name, context.workerPool)
      : statisticalAdapter(name),
};

function definedFreq(freq: string | undefined): { freq?: string } {
  return freq !== undefined ? { freq } : {};
}
