/**
 * The data contract of a long-format table: the required columns, a non-empty input, and a verdict on
 * everything the conversion (data/io/toPanel.ts) met — unreadable ids, timestamps and targets,
 * ±Infinity, duplicate keys under the policy, unsorted rows, covariates that cannot be used, static
 * covariates that vary, leaking past covariates, missing targets, dropped trailing rows and a
 * frequency that does not parse. Issues come in the order the conversion met their cause, so the
 * first error (the one `tableToPanel` throws) is the first problem in the data.
 *
 * A panel is handed out only when no issue is an error; `draft` always carries what could be read,
 * for statistics.
 */
import {
  EContractDuplicateKey,
  EContractEmpty,
  EContractInvalidType,
  EContractMissingColumn,
  EContractMissingValue,
  EContractNonFinite,
  EContractUnsorted,
  ECovariateLeakage,
  ECovariateStaticInvalid,
  EFreqInvalid,
  EFreqIrregular,
  ETaskSpecInvalid,
} from '../errors/index.js';
import { issueOf, sample, type Issue } from '../data/issue.js';
import type { Panel } from '../data/panel.js';
import { cellAt, columnNames, type Cell, type Column, type Table } from '../data/io/table.js';
import {
  CANONICAL_COLUMNS,
  canonicalColumns,
  convertTable,
  emptyConversionStats,
  type Cols,
  type ConversionFinding,
  type ConversionStats,
  type TableToPanelOptions,
} from '../data/io/toPanel.js';
import { errorFromIssues } from './issueError.js';

export interface PanelConversion {
  /** Present only when there is no error issue. */
  panel?: Panel;
  /** The panel built from the readable rows even when there are errors (for statistics); never use it to forecast. */
  draft?: Panel;
  issues: Issue[];
  stats: ConversionStats;
}

/** Converts and reports instead of throwing; `validate()` builds on this. */
export function convertTableToPanel(table: Table, options: TableToPanelOptions = {}): PanelConversion {
  const issues: Issue[] = [];
  const cols = canonicalColumns(options);
  const missing = CANONICAL_COLUMNS.filter((c) => !(cols[c] in table.columns)).map((c) => cols[c]);
  if (missing.length > 0) {
    issues.push(
      issueOf(EContractMissingColumn, 'error', `Missing required columns: ${missing.join(', ')}.`, {
        missing,
        available: columnNames(table),
        columnMap: cols,
      }),
    );
    return { issues, stats: emptyConversionStats(table.length) };
  }
  if (table.length === 0) {
    issues.push(issueOf(EContractEmpty, 'error', 'The input has no rows.', { nRows: 0 }));
    return { issues, stats: emptyConversionStats(table.length) };
  }

  const { panel, findings, stats } = convertTable(table, options);
  const judge = { table, cols, covariatePolicy: options.covariatePolicy ?? 'auto' };
  for (const finding of findings) {
    const issue = issueFor(finding, judge);
    if (issue) issues.push(issue);
  }
  if (issues.some((i) => i.severity === 'error')) return { draft: panel, issues, stats };
  return { panel, draft: panel, issues, stats };
}

/** Converts and throws the typed error of the first error issue (all issues in its context). */
export function tableToPanel(table: Table, options: TableToPanelOptions = {}): Panel {
  const result = convertTableToPanel(table, options);
  if (!result.panel) throw errorFromIssues(result.issues);
  return result.panel;
}

interface Judge {
  readonly table: Table;
  readonly cols: Cols;
  readonly covariatePolicy: NonNullable<TableToPanelOptions['covariatePolicy']>;
}

/** The contract's verdict on one finding: an error, a warning, or nothing to report. */
function issueFor(f: ConversionFinding, { table, cols, covariatePolicy }: Judge): Issue | undefined {
  const rowSample = (rows: readonly number[], col: Column) => sample(rows).map((r) => ({ row: r, value: describeCell(cellAt(col, r)) }));
  switch (f.kind) {
    case 'statedUtcOffsets':
      return issueOf(
        EFreqIrregular,
        'warning',
        `Timestamps carry UTC offsets (${f.offsets.join(', ')}); they are read in that local time, so month, quarter and year boundaries and weekdays are the data's own, and forecast timestamps are local times.`,
        { offsets: f.offsets, rows: f.rows },
        'Write timestamps in UTC (with Z) to have them read and written as UTC instead.',
      );
    case 'dstMidnightsRounded':
      return issueOf(
        EFreqIrregular,
        'warning',
        `Timestamps at ${f.times.join(' and ')} UTC look like local midnights shifted by daylight saving; rounded to dates.`,
        { times: f.times, rows: f.rows },
        'Pass roundToDays: false to keep the times, or write dates without a time of day.',
      );
    case 'unreadableId':
      return issueOf(EContractInvalidType, 'error', `${f.rows.length} rows have no ${cols.unique_id}.`, {
        column: cols.unique_id,
        count: f.rows.length,
        rows: rowSample(f.rows, table.columns[cols.unique_id]),
      });
    case 'unreadableDs':
      return issueOf(EContractInvalidType, 'error', `${f.rows.length} rows have a ${cols.ds} that is not a date/time.`, {
        column: cols.ds,
        count: f.rows.length,
        rows: rowSample(f.rows, table.columns[cols.ds]),
      });
    case 'nonNumericY':
      return issueOf(EContractInvalidType, 'error', `${f.rows.length} rows have a non-numeric ${cols.y}.`, {
        column: cols.y,
        count: f.rows.length,
        rows: rowSample(f.rows, table.columns[cols.y]),
      });
    case 'infiniteY':
      return issueOf(EContractNonFinite, 'error', `${f.rows.length} rows have an infinite ${cols.y}.`, {
        column: cols.y,
        count: f.rows.length,
        rows: rowSample(f.rows, table.columns[cols.y]),
      });
    case 'declaredCovariatesMissing':
      return issueOf(EContractMissingColumn, 'error', `Declared covariates are not in the input: ${f.columns.join(', ')}.`, {
        missing: f.columns,
        available: columnNames(table),
      });
    case 'canonicalNameReused':
      return issueOf(
        EContractInvalidType,
        'warning',
        `Column "${f.column}" is ignored: "${cols[f.column as keyof Cols]}" is mapped to ${f.column}.`,
        { column: f.column },
        'Rename the column or drop it; a covariate cannot reuse a canonical name.',
      );
    case 'infiniteCovariate':
      return issueOf(EContractNonFinite, 'error', `${f.rows.length} rows have an infinite value in covariate "${f.column}".`, {
        column: f.column,
        count: f.rows.length,
        rows: sample(f.rows),
      });
    case 'declaredCovariateNotNumeric':
      return issueOf(EContractInvalidType, 'error', `Covariate "${f.column}" is declared ${f.role} but is not numeric.`, {
        column: f.column,
        role: f.role,
      });
    case 'unusableColumn':
      return issueOf(
        EContractInvalidType,
        'warning',
        `Column "${f.column}" is neither numeric nor constant within each series; it is not used.`,
        { column: f.column },
        'Encode it as numbers to use it as a covariate, or drop it.',
      );
    case 'covariatesWithoutRole':
      // Detected roles are the default; only the "spec" policy asks for a declared role for each.
      if (covariatePolicy !== 'spec') return undefined;
      return issueOf(
        ETaskSpecInvalid,
        'error',
        `covariatePolicy "spec" needs a role for every covariate; missing: ${f.columns.join(', ')}.`,
        {
          missingRolesFor: f.columns,
        },
      );
    case 'unsortedRows':
      return issueOf(
        EContractUnsorted,
        'warning',
        `Rows are not sorted by (${cols.unique_id}, ${cols.ds}); ${f.count} rows were out of place and have been sorted.`,
        { count: f.count, firstRow: f.firstRow },
      );
    case 'duplicateKeys':
      // Under "reject" duplicates are an error; any other policy combined them, which is reported.
      if (f.policy === 'reject') {
        return issueOf(
          EContractDuplicateKey,
          'error',
          `Found ${f.keys.length} duplicate (${cols.unique_id}, ${cols.ds}) keys over ${f.rows} rows.`,
          {
            count: f.keys.length,
            rows: f.rows,
            keys: sample(f.keys),
            policy: f.policy,
          },
        );
      }
      return issueOf(
        EContractDuplicateKey,
        'warning',
        `Combined ${f.rows} rows sharing ${f.keys.length} (${cols.unique_id}, ${cols.ds}) keys with "${f.policy}".`,
        { count: f.keys.length, rows: f.rows, keys: sample(f.keys), policy: f.policy },
      );
    case 'staticConflicts': {
      const byColumn = [...new Set(f.conflicts.map((s) => s.column))];
      return issueOf(ECovariateStaticInvalid, 'error', `Static covariates vary within a series: ${byColumn.join(', ')}.`, {
        columns: byColumn,
        examples: sample(f.conflicts),
      });
    }
    case 'pastCovariatesAfterTarget':
      return issueOf(
        ECovariateLeakage,
        'warning',
        `Past covariates have values after the last observed ${cols.y}: ${f.covariates.join(', ')}.`,
        {
          covariates: f.covariates,
        },
      );
    case 'missingY':
      return issueOf(
        EContractMissingValue,
        'warning',
        `${f.count} missing ${cols.y} values in the observed history of ${f.series} series.`,
        {
          column: cols.y,
          count: f.count,
          series: f.series,
        },
      );
    case 'seriesWithoutObservations':
      return issueOf(EContractMissingValue, 'warning', `${f.series.length} series have no observed ${cols.y} at all.`, {
        column: cols.y,
        series: sample(f.series),
        count: f.series.length,
      });
    case 'droppedTrailingRows':
      return issueOf(
        EContractMissingValue,
        'warning',
        `${f.count} rows after the last observed ${cols.y} have neither ${cols.y} nor covariate values; they are not part of the panel.`,
        { column: cols.y, count: f.count },
        'Remove empty trailing rows, or give them values of future-known covariates.',
      );
    case 'invalidFreq':
      return issueOf(EFreqInvalid, 'error', f.error.message, f.error.context);
  }
}

function describeCell(v: Cell): string | number | boolean | null {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? 'Invalid Date' : v.toISOString();
  if (typeof v === 'string' && v.length > 60) return `${v.slice(0, 57)}...`;
  return v;
}
