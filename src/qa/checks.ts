/**
 * The QA checks, each a pure function of the panel. The observed history of a series is everything up
 * to its last non-missing y: values after it are not "missing", they are the future.
 */
import { futureTimestamps, periodsBetween } from '../data/frequency.js';
import type { Panel, Series } from '../data/panel.js';
import {
  EContractMissingValue,
  EContractUnsorted,
  ECovariateIncompleteKnown,
  ECovariateLeakage,
  EFreqInferFailed,
  EFreqIrregular,
  ESeriesTooShort,
} from '../errors/index.js';
import { detectOutliers } from './outliers.js';
import type { QAIssue, QAIssueType, QASeverity } from './types.js';

const MAX_IDS = 20;

export function makeIssue(
  type: QAIssueType,
  severity: QASeverity,
  message: string,
  count: number,
  seriesIds: readonly string[],
  context: Record<string, unknown> = {},
  code?: string,
): QAIssue {
  return {
    type,
    severity,
    message,
    count,
    seriesIds: seriesIds.slice(0, MAX_IDS),
    seriesCount: seriesIds.length,
    ...(code ? { code } : {}),
    context,
  };
}

/** Index of the last non-missing y, or -1. */
export function lastObservedIndex(y: ArrayLike<number>): number {
  for (let i = y.length - 1; i >= 0; i--) if (!Number.isNaN(y[i])) return i;
  return -1;
}

export function observedCount(y: ArrayLike<number>): number {
  let n = 0;
  for (let i = 0; i < y.length; i++) if (!Number.isNaN(y[i])) n++;
  return n;
}

export function checkMissing(panel: Panel, severity: QASeverity): QAIssue | undefined {
  let total = 0;
  const ids: string[] = [];
  for (const s of panel.series) {
    const last = lastObservedIndex(s.y);
    let n = 0;
    for (let i = 0; i < last; i++) if (Number.isNaN(s.y[i])) n++;
    if (n > 0) {
      total += n;
      ids.push(s.id);
    }
  }
  if (total === 0) return undefined;
  return makeIssue(
    'missing_values',
    severity,
    `${total} missing y values in the observed history of ${ids.length} series.`,
    total,
    ids,
    { column: 'y' },
    EContractMissingValue.code,
  );
}

export function isStrictlyIncreasing(ds: ArrayLike<number>): boolean {
  for (let i = 1; i < ds.length; i++) if (!(ds[i] > ds[i - 1])) return false;
  return true;
}

export function checkMonotonic(panel: Panel, severity: QASeverity): QAIssue | undefined {
  const ids = panel.series.filter((s) => !isStrictlyIncreasing(s.ds)).map((s) => s.id);
  if (ids.length === 0) return undefined;
  return makeIssue(
    'non_monotonic',
    severity,
    `${ids.length} series have timestamps that are not strictly increasing.`,
    ids.length,
    ids,
    {},
    EContractUnsorted.code,
  );
}

export interface GridStatus {
  /** Grid points absent between the first and last timestamp (0 when on grid and complete). */
  missing: number;
  /** A timestamp does not lie on the grid started at the first one. */
  offGrid: boolean;
}

/** Where each (strictly increasing) series stands against the frequency grid. */
export function gridStatus(s: Series, freq: string): GridStatus {
  const n = s.ds.length;
  if (n === 0) return { missing: 0, offGrid: false };
  let last = 0;
  for (let k = n === 1 ? 0 : 1; k < n; k++) {
    const steps = periodsBetween(s.ds[0], s.ds[k], freq);
    if (!Number.isInteger(steps)) return { missing: 0, offGrid: true };
    last = steps;
  }
  return { missing: last + 1 - n, offGrid: false };
}

export function checkGrid(panel: Panel, freq: string | undefined, monotonic: ReadonlySet<string>): QAIssue[] {
  if (!freq) {
    return [
      makeIssue(
        'unknown_frequency',
        'warning',
        'No frequency given or inferable: gaps were not checked.',
        0,
        [],
        {},
        EFreqInferFailed.code,
      ),
    ];
  }
  let missing = 0;
  const gapIds: string[] = [];
  const offIds: string[] = [];
  let ratioSum = 0;
  for (const s of panel.series) {
    if (!monotonic.has(s.id)) continue;
    const g = gridStatus(s, freq);
    if (g.offGrid) offIds.push(s.id);
    else if (g.missing > 0) {
      missing += g.missing;
      gapIds.push(s.id);
      ratioSum += g.missing / (g.missing + s.ds.length);
    }
  }
  const issues: QAIssue[] = [];
  if (gapIds.length) {
    issues.push(
      makeIssue(
        'gaps',
        'warning',
        `${missing} timestamps of the ${freq} grid are absent from ${gapIds.length} series.`,
        missing,
        gapIds,
        {
          freq,
          // Mean over all series of the share of grid points missing, as the original reports.
          ratio: ratioSum / Math.max(panel.series.length, 1),
        },
        EFreqIrregular.code,
      ),
    );
  }
  if (offIds.length) {
    issues.push(
      makeIssue(
        'irregular_timestamps',
        'warning',
        `${offIds.length} series have timestamps off the ${freq} grid; their gaps cannot be filled.`,
        offIds.length,
        offIds,
        { freq },
        EFreqIrregular.code,
      ),
    );
  }
  return issues;
}

function observedValues(s: Series): number[] {
  const last = lastObservedIndex(s.y);
  const out: number[] = [];
  for (let i = 0; i <= last; i++) if (!Number.isNaN(s.y[i])) out.push(s.y[i]);
  return out;
}

export function checkZeroDensity(panel: Panel, threshold: number): QAIssue | undefined {
  const ids: string[] = [];
  let zeros = 0;
  let total = 0;
  for (const s of panel.series) {
    const v = observedValues(s);
    const z = v.filter((x) => x === 0).length;
    zeros += z;
    total += v.length;
    if (v.length > 0 && z / v.length > threshold) ids.push(s.id);
  }
  if (ids.length === 0) return undefined;
  return makeIssue(
    'zero_density',
    'warning',
    `${ids.length} series have more than ${threshold * 100}% zeros (intermittent demand).`,
    ids.length,
    ids,
    {
      threshold,
      overallRatio: total ? zeros / total : 0,
    },
  );
}

/**
 * Grid positions (from the first row's timestamp) of the given rows of a strictly increasing series
 * on the freq grid; undefined when there is no frequency, the rows are unordered or off the grid.
 */
function gridPositions(ds: Float64Array, rows: readonly number[], freq: string | undefined): number[] | undefined {
  if (!freq || rows.length < 2) return undefined;
  const out: number[] = [];
  for (const row of rows) {
    const k = periodsBetween(ds[rows[0]], ds[row], freq);
    if (!Number.isInteger(k) || (out.length > 0 && k <= out[out.length - 1])) return undefined;
    out.push(k);
  }
  return out;
}

/** At most this many flagged points are listed in the issue's context (`count` has them all). */
const MAX_POINTS = 100;

/**
 * Outliers as R's `forecast::tsoutliers` finds them (./outliers.ts): on the seasonally adjusted
 * series when it is seasonal enough, so regular weekly or yearly peaks are not outliers. Each
 * series is checked over its observed history (first to last observed y); `context.points` lists
 * the flagged points by series and position in the series' arrays.
 */
export function checkOutliers(panel: Panel, seasonLength: number, freq?: string): QAIssue | undefined {
  const ids: string[] = [];
  const points: { unique_id: string; index: number; ds: string }[] = [];
  let count = 0;
  for (const s of panel.series) {
    const last = lastObservedIndex(s.y);
    let first = 0;
    while (first <= last && Number.isNaN(s.y[first])) first++;
    if (last < first) continue;
    // Seasonal positions are grid positions: absent timestamps become missing values (as NA in an
    // R ts), so a gap does not shift the phase of every later point.
    const rows = Array.from({ length: last - first + 1 }, (_, k) => first + k);
    const at = gridPositions(s.ds, rows, freq);
    const values = new Float64Array(at ? at[at.length - 1] + 1 : rows.length).fill(Number.NaN);
    rows.forEach((row, k) => (values[at ? at[k] : k] = s.y[row]));
    const rowAt = new Map(rows.map((row, k) => [at ? at[k] : k, row]));
    const found = detectOutliers(values, seasonLength).flatMap((p) => {
      const row = rowAt.get(p);
      return row === undefined ? [] : [row];
    });
    if (found.length === 0) continue;
    count += found.length;
    ids.push(s.id);
    for (const row of found) {
      if (points.length < MAX_POINTS) points.push({ unique_id: s.id, index: row, ds: new Date(s.ds[row]).toISOString() });
    }
  }
  if (count === 0) return undefined;
  return makeIssue(
    'outliers',
    'warning',
    `${count} values in ${ids.length} series lie outside q25 − 3·IQR … q75 + 3·IQR of their seasonally adjusted, smoothed residuals (R tsoutliers).`,
    count,
    ids,
    { method: 'tsoutliers', seasonLength, iqrMultiplier: 3, points },
  );
}

export function checkShortHistory(panel: Panel, minLength: number, severity: QASeverity, source: string): QAIssue | undefined {
  const short = panel.series.filter((s) => observedCount(s.y) < minLength);
  if (short.length === 0) return undefined;
  return makeIssue(
    'short_history',
    severity,
    `${short.length} series have fewer than ${minLength} observed values (${source}).`,
    short.length,
    short.map((s) => s.id),
    {
      minLength,
      source,
      shortest: Math.min(...short.map((s) => observedCount(s.y))),
    },
    ESeriesTooShort.code,
  );
}

export interface Leak {
  seriesId: string;
  /** Covariates with values in panel.future that are not declared future-known. */
  future: string[];
  /** Past covariates with values in history rows after the last observed y. */
  history: string[];
}

/** Future values of covariates not declared known: in `panel.future`, or trailing history rows. */
export function findLeaks(panel: Panel): Leak[] {
  const known = new Set(panel.covariates.futureKnown);
  const leaks: Leak[] = [];
  for (const s of panel.series) {
    const fut = panel.future?.get(s.id);
    const future = fut
      ? Object.entries(fut.values)
          .filter(([c, v]) => !known.has(c) && v.some((x) => !Number.isNaN(x)))
          .map(([c]) => c)
      : [];
    const last = lastObservedIndex(s.y);
    const history: string[] = [];
    for (const [c, v] of Object.entries(s.covariates)) {
      if (known.has(c)) continue;
      for (let i = last + 1; i < v.length; i++) {
        if (!Number.isNaN(v[i])) {
          history.push(c);
          break;
        }
      }
    }
    if (future.length || history.length) leaks.push({ seriesId: s.id, future: future.sort(), history: history.sort() });
  }
  return leaks;
}

export function checkLeakage(leaks: readonly Leak[]): QAIssue | undefined {
  if (leaks.length === 0) return undefined;
  const covariates = [...new Set(leaks.flatMap((l) => [...l.future, ...l.history]))].sort();
  return makeIssue(
    'covariate_leakage',
    'critical',
    `Covariates not declared future-known have values after the last observed y: ${covariates.join(', ')}.`,
    covariates.length,
    leaks.map((l) => l.seriesId),
    { covariates },
    ECovariateLeakage.code,
  );
}

/** Future-known covariates must have a value at each of the h future timestamps of every series. */
export function checkFutureCoverage(panel: Panel, h: number, freq: string | undefined): QAIssue | undefined {
  const known = panel.covariates.futureKnown;
  if (known.length === 0 || !freq || h < 1) return undefined;
  const gaps: { unique_id: string; covariate: string; missing: number }[] = [];
  for (const s of panel.series) {
    const last = lastObservedIndex(s.y);
    if (last < 0) continue;
    const want = futureTimestamps(s.ds[last], freq, h);
    const fut = panel.future?.get(s.id);
    const at = new Map<number, number>();
    fut?.ds.forEach((t, i) => at.set(t, i));
    for (const c of known) {
      const values = fut?.values[c];
      let missing = 0;
      for (const t of want) {
        const i = at.get(t);
        if (i === undefined || !values || Number.isNaN(values[i])) missing++;
      }
      if (missing) gaps.push({ unique_id: s.id, covariate: c, missing });
    }
  }
  if (gaps.length === 0) return undefined;
  const ids = [...new Set(gaps.map((g) => g.unique_id))];
  const total = gaps.reduce((a, g) => a + g.missing, 0);
  return makeIssue(
    'covariate_incomplete',
    'critical',
    `Future-known covariates miss ${total} of their values over the ${h}-step horizon in ${ids.length} series.`,
    total,
    ids,
    { h, examples: gaps.slice(0, 10) },
    ECovariateIncompleteKnown.code,
  );
}
