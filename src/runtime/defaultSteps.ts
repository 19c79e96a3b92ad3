/**
 * Binds the session's steps to the modules that implement them.
 * INTERIM: validation, QA, router, backtest and the statistical registry are being written in
 * parallel; until each lands, its step here is a minimal stand-in (marked below).
 */
import type { Panel } from '../data/panel.js';
import { EContractInvalidType } from '../errors/index.js';
import { rollingBacktest } from '../backtest/rolling.js';
import { makePlan } from '../router/plan.js';
import type { SessionSteps } from './sessionSteps.js';

function isPanel(data: unknown): data is Panel {
  return typeof data === 'object' && data !== null && Array.isArray((data as Panel).series);
}

export const defaultSteps: SessionSteps = {
  // INTERIM until src/validation lands: accepts an in-memory Panel only.
  validate(data) {
    if (!isPanel(data)) {
      throw new EContractInvalidType('Pass a Panel (rows and files need the validation module).', {
        context: { received: typeof data },
      });
    }
    return { report: { valid: true, errors: [], warnings: [] }, valid: true, panel: data, throwIfErrors() {} };
  },
  // INTERIM until src/qa lands: no repairs.
  qa(panel) {
    return { report: { issues: [], repairs: [] }, panel };
  },
  // The router: one ladder per bucket of series (class + seasonality), TSFMs first per policy.
  plan(panel, spec, context) {
    const plan = makePlan(panel, spec, {
      availableAdapters: context.tsfmAdapters,
      unavailableReasons: context.unavailableReasons,
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
      freq: task.freq,
      seasonLength: task.seasonLength,
      quantiles: task.quantiles,
      segments,
    });
  },
  // INTERIM until src/models/registry lands.
  statisticalAdapter() {
    return undefined;
  },
};
