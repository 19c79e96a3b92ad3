/**
 * validate(): the data contract check, as the Python original's `validate_contract` — required columns,
 * types, empty input, duplicate keys (per policy), sort order, frequency — plus non-finite values and
 * series that are too short. Every row ends up in the panel or in an issue (see `ValidationStats.rows`).
 *
 * Severity choices:
 *  - errors: missing columns, unreadable id/ds/y, ±Infinity, duplicates under "reject", a series off the
 *    frequency grid, a series without any observation or shorter than `minLength`.
 *  - warnings: unsorted rows (sorted), combined duplicates, missing y, an unknown frequency (as the
 *    original: the caller can still pass `freq`), gaps in the grid (qa() fills them), series shorter than h.
 */
import { describeFreq, describePanelFreq, parseFreq, periodsBetween } from '../data/frequency.js';
import { inputToTable, isPanel, type ForecastInput } from '../data/input.js';
import type { TableToPanelOptions } from '../data/io/toPanel.js';
import { convertTableToPanel } from './tableContract.js';
import type { Table } from '../data/io/table.js';
import { issueOf, sample, type Issue } from '../data/issue.js';
import type { Panel } from '../data/panel.js';
import { formatTimestamp } from '../data/timestamps.js';
import {
  EContractDuplicateKey,
  EContractNonFinite,
  EContractUnsorted,
  EDataFormat,
  EFreqInferFailed,
  EFreqInvalid,
  EFreqIrregular,
  EFreqMixed,
  ESeriesTooShort,
  TSAgentKitError,
} from '../errors/index.js';
import { ValidationReport, type ValidationStats } from './report.js';

/** Rows, columns, a Table, an Arrow Table or a Panel (see `data/input.ts`). */
export type ValidateInput = ForecastInput;

export interface ValidateOptions extends TableToPanelOptions {
  /** Forecast horizon; series with fewer observations than h get a warning. */
  h?: number | undefined;
  /** Series with fewer observed values than this are errors. */
  minLength?: number | undefined;
}

export function validate(input: ValidateInput, options: ValidateOptions = {}): ValidationReport {
  const emptyStats = (): ValidationStats => ({
    nRows: 0,
    nSeries: 0,
    rows: { history: 0, future: 0, merged: 0, droppedTrailing: 0, invalid: 0 },
    dateRange: { start: null, end: null },
    y: { mean: null, std: null, min: null, max: null, missing: 0 },
    seriesLengths: { min: 0, max: 0, mean: 0 },
    ignoredColumns: [],
  });
  if (isPanel(input)) return validatePanel(input, options, emptyStats());
  let table: Table;
  try {
    table = inputToTable(input);
  } catch (e) {
    const err = e as TSAgentKitError;
    return new ValidationReport([issueOf(EDataFormat, 'error', err.message, err.context ?? {})], emptyStats());
  }

  const conversion = convertTableToPanel(table, options);
  const issues: Issue[] = [...conversion.issues];
  const stats = emptyStats();
  stats.nRows = table.length;
  stats.rows = {
    history: conversion.stats.historyRows,
    future: conversion.stats.futureRows,
    merged: conversion.stats.mergedRows,
    droppedTrailing: conversion.stats.droppedTrailingRows,
    invalid: conversion.stats.invalidRows,
  };
  stats.ignoredColumns = conversion.stats.ignoredColumns;
  const draft = conversion.draft;
  if (!draft) return new ValidationReport(issues, stats);

  Object.assign(stats, panelStats(draft));
  issues.push(...frequencyIssues(draft, options.freq, stats));
  issues.push(...lengthIssues(draft, options));
  return new ValidationReport(
    issues,
    stats,
    conversion.panel && !issues.some((i) => i.severity === 'error') ? conversion.panel : undefined,
  );
}

/**
 * A Panel is already typed per series, so only what a Panel can still get wrong is checked (ids
 * repeated, timestamps not increasing, ±Infinity), then the same frequency and length checks as rows.
 */
function validatePanel(input: Panel, options: ValidateOptions, stats: ValidationStats): ValidationReport {
  const issues: Issue[] = [];
  let panel = input;
  // A Panel's own freq counts as given, like `freq` in the options (which wins).
  const given = options.freq ?? input.freq;
  if (given !== undefined) {
    try {
      panel = { ...input, freq: parseFreq(given).alias };
    } catch (e) {
      const err = e as TSAgentKitError;
      return new ValidationReport([issueOf(EFreqInvalid, 'error', err.message, err.context ?? {})], stats);
    }
  }
  const ids = new Set<string>();
  const repeated: string[] = [];
  const unsorted: string[] = [];
  const infinite: string[] = [];
  let rows = 0;
  for (const s of panel.series) {
    if (ids.has(s.id)) repeated.push(s.id);
    ids.add(s.id);
    rows += s.ds.length;
    if (s.y.length !== s.ds.length || s.ds.some((t, k) => k > 0 && !(t > (s.ds[k - 1] ?? -Infinity)))) unsorted.push(s.id);
    if (s.y.some((v) => v === Infinity || v === -Infinity)) infinite.push(s.id);
  }
  if (repeated.length) {
    issues.push(
      issueOf(EContractDuplicateKey, 'error', `${repeated.length} series ids appear more than once in the panel.`, {
        series: sample(repeated),
      }),
    );
  }
  if (unsorted.length) {
    issues.push(
      issueOf(
        EContractUnsorted,
        'error',
        `${unsorted.length} series have timestamps that are not strictly increasing (or y and ds of different lengths).`,
        {
          series: sample(unsorted),
        },
      ),
    );
  }
  if (infinite.length) {
    issues.push(issueOf(EContractNonFinite, 'error', `${infinite.length} series have ±Infinity in y.`, { series: sample(infinite) }));
  }
  stats.nRows = rows;
  stats.rows = { ...stats.rows, history: rows };
  Object.assign(stats, panelStats(panel));
  if (!issues.length) {
    issues.push(...frequencyIssues(panel, given, stats));
    issues.push(...lengthIssues(panel, options));
  }
  const valid = !issues.some((i) => i.severity === 'error');
  const freq = stats.freq;
  return new ValidationReport(issues, stats, valid ? (freq && panel.freq !== freq ? { ...panel, freq } : panel) : undefined);
}

function panelStats(panel: Panel): Partial<ValidationStats> {
  let start = Infinity;
  let end = -Infinity;
  let count = 0;
  let missing = 0;
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const s of panel.series) {
    if (s.ds.length) {
      start = Math.min(start, s.ds[0]);
      end = Math.max(end, s.ds[s.ds.length - 1]);
    }
    for (const v of s.y) {
      if (Number.isNaN(v)) missing++;
      else {
        count++;
        sum += v;
        if (v < min) min = v;
        if (v > max) max = v;
      }
    }
  }
  const mean = count ? sum / count : null;
  let ss = 0;
  if (mean !== null) for (const s of panel.series) for (const v of s.y) if (!Number.isNaN(v)) ss += (v - mean) ** 2;
  const lengths = panel.series.map((s) => s.ds.length);
  return {
    nSeries: panel.series.length,
    dateRange: { start: Number.isFinite(start) ? formatTimestamp(start) : null, end: Number.isFinite(end) ? formatTimestamp(end) : null },
    y: { mean, std: count > 1 ? Math.sqrt(ss / (count - 1)) : null, min: count ? min : null, max: count ? max : null, missing },
    seriesLengths: {
      min: lengths.length ? Math.min(...lengths) : 0,
      max: lengths.length ? Math.max(...lengths) : 0,
      mean: lengths.length ? lengths.reduce((a, b) => a + b, 0) / lengths.length : 0,
    },
  };
}

/** Checks every series against the given or inferred frequency grid (each series from its own start). */
function frequencyIssues(panel: Panel, given: string | undefined, stats: ValidationStats): Issue[] {
  const inference = describePanelFreq(panel);
  if (inference.freq) stats.inferredFreq = inference.freq;
  if (Object.keys(inference.counts).length) stats.freqCounts = inference.counts;
  if (given === undefined && inference.conflictingSeries.length > 0) return [mixedFrequencies(panel, inference.freq)];
  const freq = given !== undefined ? panel.freq : inference.freq;
  if (!freq) {
    if (given !== undefined) return []; // an invalid alias was already reported
    return [
      issueOf(
        EFreqInferFailed,
        'warning',
        inference.status === 'too_short'
          ? 'Could not infer the frequency: no series has 3 or more timestamps.'
          : `Could not infer the frequency: the timestamps of ${inference.irregularSeries.length} series fit no supported frequency.`,
        { status: inference.status, irregularSeries: sample(inference.irregularSeries) },
      ),
    ];
  }
  stats.freq = freq;
  const offGrid: { unique_id: string; ds: string }[] = [];
  const withGaps: { unique_id: string; missing: number }[] = [];
  let missingPoints = 0;
  for (const s of panel.series) {
    if (s.ds.length === 0) continue;
    let last = 0;
    let bad = false;
    for (let k = 1; k < s.ds.length; k++) {
      const steps = periodsBetween(s.ds[0], s.ds[k], freq);
      if (!Number.isInteger(steps)) {
        offGrid.push({ unique_id: s.id, ds: formatTimestamp(s.ds[k]) });
        bad = true;
        break;
      }
      last = steps;
    }
    // Anchored frequencies also need the first timestamp on the anchor (e.g. a month end for "M").
    if (!bad && s.ds.length === 1 && !Number.isInteger(periodsBetween(s.ds[0], s.ds[0], freq))) {
      offGrid.push({ unique_id: s.id, ds: formatTimestamp(s.ds[0]) });
      bad = true;
    }
    if (!bad && last + 1 > s.ds.length) {
      withGaps.push({ unique_id: s.id, missing: last + 1 - s.ds.length });
      missingPoints += last + 1 - s.ds.length;
    }
  }
  const issues: Issue[] = [];
  if (offGrid.length) {
    issues.push(
      issueOf(
        EFreqIrregular,
        'error',
        `${offGrid.length} series have timestamps off the ${freq} grid${given === undefined ? ' (the most common inferred frequency)' : ''}.`,
        { freq, count: offGrid.length, examples: sample(offGrid) },
      ),
    );
  }
  if (withGaps.length) {
    issues.push(
      issueOf(
        EFreqIrregular,
        'warning',
        `${withGaps.length} series have gaps on the ${freq} grid (${missingPoints} missing timestamps); qa() with repairs fills them.`,
        { freq, count: withGaps.length, missingTimestamps: missingPoints, examples: sample(withGaps) },
      ),
    );
  }
  return issues;
}

/**
 * Series of one panel at different frequencies (one daily, one monthly): forecasting them on the
 * majority's grid would gap-fill the others (a monthly series becomes ~30 daily copies), so without
 * an explicit `freq` that is an error naming each frequency and its series.
 */
function mixedFrequencies(panel: Panel, majority: string | undefined): Issue {
  const byFreq: Record<string, string[]> = {};
  for (const s of panel.series) {
    const f = describeFreq(s.ds).freq;
    if (f) (byFreq[f] ??= []).push(s.id);
  }
  const parts = Object.entries(byFreq)
    .sort((a, b) => b[1].length - a[1].length)
    .map(([f, ids]) => `${f} (${ids.length} series: ${sample(ids).join(', ')}${ids.length > sample(ids).length ? ', …' : ''})`);
  return issueOf(
    EFreqMixed,
    'error',
    `The series have different frequencies: ${parts.join('; ')}.`,
    {
      frequencies: Object.fromEntries(Object.entries(byFreq).map(([f, ids]) => [f, sample(ids)])),
      counts: Object.fromEntries(Object.entries(byFreq).map(([f, ids]) => [f, ids.length])),
    },
    `Forecast each frequency separately, or pass freq (e.g. "${majority ?? 'D'}") to put every series on that grid (qa() then fills the gaps).`,
  );
}

function lengthIssues(panel: Panel, options: ValidateOptions): Issue[] {
  const observed = panel.series.map((s) => ({ id: s.id, n: s.y.reduce((c, v) => c + (Number.isNaN(v) ? 0 : 1), 0) }));
  const issues: Issue[] = [];
  const empty = observed.filter((o) => o.n === 0).map((o) => o.id);
  if (empty.length) {
    issues.push(
      issueOf(ESeriesTooShort, 'error', `${empty.length} series have no observed values.`, {
        count: empty.length,
        series: sample(empty),
        minLength: 1,
      }),
    );
  }
  if (options.minLength !== undefined) {
    const short = observed.filter((o) => o.n > 0 && o.n < options.minLength!);
    if (short.length) {
      issues.push(
        issueOf(ESeriesTooShort, 'error', `${short.length} series have fewer than ${options.minLength} observed values.`, {
          count: short.length,
          minLength: options.minLength,
          series: sample(short.map((o) => ({ unique_id: o.id, observed: o.n }))),
        }),
      );
    }
  } else if (options.h !== undefined) {
    const short = observed.filter((o) => o.n > 0 && o.n < options.h!);
    if (short.length) {
      issues.push(
        issueOf(
          ESeriesTooShort,
          'warning',
          `${short.length} series have fewer observed values than the horizon h = ${options.h}; only simple models will be reliable.`,
          { count: short.length, h: options.h, series: sample(short.map((o) => ({ unique_id: o.id, observed: o.n }))) },
        ),
      );
    }
  }
  return issues;
}
