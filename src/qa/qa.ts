/**
 * qa(): data-quality checks and point-in-time-safe repairs, as the Python original's `run_qa`.
 *
 * Modes: quick runs the cheap checks (missing values, timestamp order, short history, zero density,
 * covariates) and only the cheap repairs (sort, fill, leak removal); standard adds the frequency-grid
 * and outlier checks (R tsoutliers on seasonally adjusted data, ./outliers.ts) with gap filling, and
 * winsorising only when asked (`outlierRepair: 'winsorize'`); strict runs everything, refuses any repair that
 * would use later values (EQARepairPeeksFuture) and throws on critical issues — covariate leakage
 * (ECovariateLeakage), incomplete future-known covariates (ECovariateIncompleteKnown), and missing values,
 * unordered timestamps and short history (EQACriticalIssue) — as the original marks them critical there.
 */
import { canonicalFreq } from '../data/frequency.js';
import { resolveFreq, resolveSeasonLength } from '../task/resolvedTask.js';
import type { FutureCovariates, Panel, Series } from '../data/panel.js';
import { ECovariateIncompleteKnown, ECovariateLeakage, EQACriticalIssue, EQARepairPeeksFuture } from '../errors/index.js';
import {
  checkFutureCoverage,
  checkGrid,
  checkLeakage,
  checkMissing,
  checkMonotonic,
  checkOutliers,
  checkShortHistory,
  checkZeroDensity,
  findLeaks,
  gridStatus,
  isStrictlyIncreasing,
} from './checks.js';
import {
  dropLeakedHistory,
  fillMissing,
  forwardFillCovariatesAt,
  insertGridGaps,
  sortAndDedupe,
  winsorizeTrailing,
  type WorkSeries,
} from './repairs.js';
import {
  FUTURE_PEEKING_METHODS,
  type QAIssue,
  type QAMode,
  type QAOptions,
  type QAReportShape,
  type QASpec,
  type RepairRecord,
} from './types.js';

export class QAReport implements QAReportShape {
  constructor(
    readonly mode: QAMode,
    readonly issues: readonly QAIssue[],
    readonly repairs: readonly RepairRecord[],
    readonly leakageDetected: boolean,
    readonly panel: Panel,
    readonly freq?: string,
  ) {}

  /** No critical issue was found (repairs do not change this: it describes the input). */
  get valid(): boolean {
    return !this.issues.some((i) => i.severity === 'critical');
  }

  get criticalIssues(): QAIssue[] {
    return this.issues.filter((i) => i.severity === 'critical');
  }

  /** For run artifacts: everything but the panel; repair indices are kept. */
  toJSON(): Omit<QAReportShape, 'panel'> & { valid: boolean } {
    return {
      mode: this.mode,
      valid: this.valid,
      issues: this.issues,
      repairs: this.repairs,
      leakageDetected: this.leakageDetected,
      ...(this.freq ? { freq: this.freq } : {}),
    };
  }
}

export function qa(panel: Panel, spec: QASpec, options: QAOptions = {}): QAReport {
  const mode = options.mode ?? 'standard';
  const strict = mode === 'strict';
  const quick = mode === 'quick';
  const strategy = options.repairStrategy ?? {};
  const missingMethod = strategy.missing ?? 'ffill';
  const outlierZ = options.outlierZ ?? 3;

  // Refuse future-looking repairs before touching the data, so the refusal does not depend on it.
  if (strict && options.applyRepairs && FUTURE_PEEKING_METHODS.has(missingMethod)) {
    throw new EQARepairPeeksFuture(
      `Missing-value method "${missingMethod}" uses later values; strict mode allows only point-in-time-safe repairs.`,
      {
        context: { method: missingMethod, allowed: ['ffill', 'zero', 'none'] },
      },
    );
  }

  const critical = strict ? 'critical' : 'warning';
  const issues: QAIssue[] = [];
  const push = (i: QAIssue | undefined) => {
    if (i) issues.push(i);
  };

  // ---- Checks ------------------------------------------------------------------------------
  // The spec's frequency is canonicalised before it wins (the panel's and the inferred one already are).
  const freq = options.freq ?? resolveFreq(spec.freq !== undefined ? canonicalFreq(spec.freq) : undefined, panel);
  push(checkMissing(panel, critical));
  const nonMonotonic = checkMonotonic(panel, critical);
  push(nonMonotonic);
  const ordered = new Set(panel.series.filter((s) => isStrictlyIncreasing(s.ds)).map((s) => s.id));
  if (!quick) issues.push(...checkGrid(panel, freq, ordered));
  push(checkZeroDensity(panel, options.zeroThreshold ?? 0.3));
  // The detector's season length is the task's: given, else from the frequency (1 without one).
  if (!quick) push(checkOutliers(panel, resolveSeasonLength(options.seasonLength, freq), freq));
  const minTrain = spec.backtest?.minTrainSize;
  const minLength = minTrain ?? 2 * spec.h;
  push(checkShortHistory(panel, minLength, critical, minTrain !== undefined ? 'backtest.minTrainSize' : 'two horizons (2·h)'));
  const leaks = findLeaks(panel);
  const leakage = checkLeakage(leaks);
  push(leakage);
  const coverage = checkFutureCoverage(panel, spec.h, freq);
  push(coverage);

  if (strict) {
    if (leakage) throw new ECovariateLeakage(leakage.message, { context: { ...leakage.context, issues } });
    if (coverage) throw new ECovariateIncompleteKnown(coverage.message, { context: { ...coverage.context, issues } });
    const crit = issues.filter((i) => i.severity === 'critical');
    if (crit.length) {
      throw new EQACriticalIssue(`QA found ${crit.length} critical issue(s): ${crit.map((i) => i.type).join(', ')}.`, {
        context: { issues },
      });
    }
  }

  // ---- Repairs ------------------------------------------------------------------------------
  const repairs: RepairRecord[] = [];
  let repaired = panel;
  if (options.applyRepairs) {
    const fillGaps = !quick && (strategy.fillGaps ?? true) && freq !== undefined;
    // Winsorising is opt-in (outlierRepair: 'winsorize'): by default qa() changes no observed value.
    const winsor =
      quick || options.outlierRepair !== 'winsorize' || strategy.winsorize === false
        ? undefined
        : { window: 30, minPeriods: 8, z: outlierZ, ...(strategy.winsorize ?? {}) };
    const dropLeaks = strategy.dropLeakedCovariates ?? true;
    const leakBySeries = new Map(leaks.map((l) => [l.seriesId, l]));
    const series: Series[] = [];
    let changed = false;
    for (const original of panel.series) {
      let s: WorkSeries = { ...original, covariates: { ...original.covariates } } as WorkSeries;
      const before = repairs.length;
      const apply = (r: { series: WorkSeries; records: RepairRecord[] }) => {
        s = r.series;
        repairs.push(...r.records);
      };
      if (!isStrictlyIncreasing(s.ds)) apply(sortAndDedupe(s));
      let inserted: number[] = [];
      if (fillGaps && !gridStatus(s as Series, freq!).offGrid) {
        const r = insertGridGaps(s, freq!);
        inserted = r.inserted;
        apply(r);
      }
      apply(fillMissing(s, missingMethod));
      apply(forwardFillCovariatesAt(s, inserted));
      if (winsor) apply(winsorizeTrailing(s, winsor));
      const leak = leakBySeries.get(s.id);
      if (dropLeaks && leak?.history.length) apply(dropLeakedHistory(s, leak.history));
      if (repairs.length > before) changed = true;
      series.push(s as Series);
    }
    let future = panel.future;
    if (dropLeaks && panel.future && leaks.some((l) => l.future.length)) {
      const next = new Map<string, FutureCovariates>();
      for (const [id, f] of panel.future) {
        const leak = leakBySeries.get(id);
        if (!leak?.future.length) {
          next.set(id, f);
          continue;
        }
        const values: Record<string, Float64Array> = {};
        for (const [c, v] of Object.entries(f.values)) {
          if (leak.future.includes(c)) {
            const idx: number[] = [];
            v.forEach((x, i) => {
              if (!Number.isNaN(x)) idx.push(i);
            });
            repairs.push({
              seriesId: id,
              kind: 'drop_leaked_covariate',
              column: c,
              count: idx.length,
              indices: idx,
              pointInTimeSafe: true,
              where: 'future',
            });
          } else values[c] = v;
        }
        next.set(id, { ds: f.ds, values });
      }
      future = next;
      changed = true;
    }
    if (changed) {
      repaired = {
        ...panel,
        series,
        ...(freq ? { freq } : {}),
        ...(future ? { future } : {}),
      };
    }
  }

  return new QAReport(mode, issues, repairs, leakage !== undefined, repaired, freq);
}
