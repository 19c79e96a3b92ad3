/**
 * Session steps for tests: the data is already a Panel, QA repairs nothing, the plan is a fixed
 * ladder (the available TSFMs, then the given statistical models), and the statistical models are
 * a tiny always-loaded "last value" model — so session tests exercise only the runtime.
 */
import type { Panel } from '../../data/panel.js';
import { QAReport } from '../../qa/qa.js';
import { makePlan } from '../../router/plan.js';
import { ValidationReport } from '../../validation/report.js';
import type { ForecastResult } from '../../forecast/types.js';
import type { FittedModel, ForecastAdapter, ForecastTask, LoadInfo } from '../../models/contract.js';
import { defaultSteps } from '../defaultSteps.js';
import type { SessionSteps } from '../sessionSteps.js';

export class LastValueAdapter implements ForecastAdapter {
  readonly kind = 'statistical' as const;
  readonly isLoaded = true;
  readonly modelSize = 'n/a';
  readonly device = 'cpu';
  fits = 0;
  constructor(readonly name: string) {}
  async load(): Promise<LoadInfo> {
    return { loadMs: 0, weightBytes: 0 };
  }
  async unload(): Promise<void> {}
  async fit(panel: Panel, task: ForecastTask): Promise<FittedModel> {
    this.fits += 1;
    return { model: this.name, panel, task, fitMs: 0 };
  }
  async predict(fitted: FittedModel): Promise<ForecastResult> {
    const { h, quantiles } = fitted.task;
    return {
      model: this.name,
      h,
      quantileLevels: [...quantiles],
      series: fitted.panel.series.map((s) => {
        const last = s.y[s.y.length - 1];
        const step = s.ds[1] - s.ds[0];
        return {
          id: s.id,
          ds: Float64Array.from({ length: h }, (_, i) => s.ds[s.ds.length - 1] + step * (i + 1)),
          mean: new Float64Array(h).fill(last),
          quantiles: quantiles.map(() => new Float64Array(h).fill(last)),
        };
      }),
    };
  }
}

export interface TestStepsLog {
  planContexts: string[][];
  backtests: number;
}

export function testSteps(options: { statistical?: string[]; backtest?: SessionSteps['backtest'] } = {}): {
  steps: Partial<SessionSteps>;
  log: TestStepsLog;
  statistical: Map<string, LastValueAdapter>;
} {
  const log: TestStepsLog = { planContexts: [], backtests: 0 };
  const statisticalNames = options.statistical ?? ['Naive'];
  const statistical = new Map(statisticalNames.map((n) => [n, new LastValueAdapter(n)]));
  const steps: Partial<SessionSteps> = {
    validate: (data) => {
      const panel = data as Panel;
      const report = new ValidationReport([], emptyValidationStats(panel), panel);
      return { report, valid: true, panel, throwIfErrors() {} };
    },
    qa: (panel, _spec, mode) => ({ report: new QAReport(mode, [], [], false, panel), panel }),
    plan: (panel, spec, context) => {
      log.planContexts.push([...context.tsfmAdapters]);
      // As the router: "required" means TSFMs only.
      const candidates = [...context.tsfmAdapters, ...(spec.tsfmPolicy.mode === 'required' ? [] : statisticalNames)];
      // The router's record for the artifact, with this fixed ladder as its candidates.
      const plan = { ...makePlan(panel, { ...spec, tsfmPolicy: { ...spec.tsfmPolicy, mode: 'disabled' } }), candidates };
      return { plan, groups: [{ key: 'all', series: panel.series.map((s) => s.id), candidates }] };
    },
    backtest:
      options.backtest ??
      (async (request) => {
        log.backtests += 1;
        return defaultSteps.backtest(request);
      }),
    statisticalAdapter: (name) => statistical.get(name),
  };
  return { steps, log, statistical };
}

function emptyValidationStats(panel: Panel): ValidationReport['stats'] {
  const rows = panel.series.reduce((n, s) => n + s.ds.length, 0);
  return {
    nRows: rows,
    nSeries: panel.series.length,
    rows: { history: rows, future: 0, merged: 0, droppedTrailing: 0, invalid: 0 },
    dateRange: { start: null, end: null },
    y: { mean: null, std: null, min: null, max: null, missing: 0 },
    seriesLengths: { min: 0, max: 0, mean: 0 },
    ignoredColumns: [],
  };
}
