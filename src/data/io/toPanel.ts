/**
 * Long-format table → Panel, and back. This module only converts: what it finds on the way (rows it
 * cannot read, duplicates it combined, columns it ignored, …) it records as `ConversionFinding`s, in
 * the order it meets them; `validation/tableContract.ts` judges them against the data contract (codes,
 * severities, messages) and decides whether the panel may be used.
 *
 * Every input row ends up in exactly one place, or is reported:
 *  - history: rows up to a series' last observed y (missing y inside it stays NaN and is counted);
 *  - future: rows after the last observed y that carry covariate values → `panel.future`;
 *  - merged: duplicate (unique_id, ds) rows combined under the duplicate policy (warning with counts);
 *  - dropped: trailing rows with neither y nor covariate values (warning with counts), and rows whose
 *    id, ds or y cannot be read (errors, so no panel is returned at all).
 *
 * Covariate roles follow the Python original's `align_covariates` in "auto" mode: a numeric column with
 * values after the last observed target is future-known, otherwise past. Text columns constant within
 * each series become statics. Explicit roles override the detection.
 */
import type { TSAgentKitError } from '../../errors/index.js';
import { DAY_MS, inferPanelFreq, parseFreq } from '../frequency.js';
import type { CovariateRoles, FutureCovariates, Panel, Series } from '../panel.js';
import { formatTimestamp, statedUtcOffset, toEpochMs } from '../timestamps.js';
import { DEFAULT_NA_SET, cellToNumber } from './cells.js';
import { cellAt, columnNames, makeTable, type Cell, type Column, type Table } from './table.js';

export type DuplicatePolicy = 'reject' | 'sum' | 'mean' | 'last';
/** As the original: auto (detect), ignore (drop covariates), known (all future-known), observed (all past), spec (roles required). */
export type CovariatePolicy = 'auto' | 'ignore' | 'known' | 'observed' | 'spec';

/** Canonical name → the table's column name, e.g. { unique_id: 'store', ds: 'date', y: 'sales' }. */
export interface ColumnMap {
  unique_id?: string | undefined;
  ds?: string | undefined;
  y?: string | undefined;
}

export interface CovariateRoleSpec {
  past?: readonly string[] | undefined;
  futureKnown?: readonly string[] | undefined;
  static?: readonly string[] | undefined;
}

export interface TableToPanelOptions {
  columnMap?: ColumnMap | undefined;
  /** What to do with several rows for one (unique_id, ds); default "reject". */
  duplicatePolicy?: DuplicatePolicy | undefined;
  /** Explicit roles; columns not named here are detected (policy "auto"). */
  covariates?: CovariateRoleSpec | undefined;
  covariatePolicy?: CovariatePolicy | undefined;
  /** Stored (canonically) on the panel; inferred when absent. */
  freq?: string | undefined;
  /**
   * Round timestamps to the nearest UTC midnight. Default: only when every timestamp sits at one of two
   * times of day exactly one hour apart — local midnights shifted by daylight saving (e.g. 07:00Z/08:00Z
   * in vega-datasets' unemployment data) — which would otherwise break frequency inference.
   */
  roundToDays?: boolean | undefined;
}

export interface ConversionStats {
  nRows: number;
  nSeries: number;
  historyRows: number;
  futureRows: number;
  /** Rows folded into another by the duplicate policy. */
  mergedRows: number;
  /** Trailing rows with neither y nor covariate values. */
  droppedTrailingRows: number;
  /** Rows whose id, ds or y could not be read. */
  invalidRows: number;
  /** Missing y inside observed history. */
  missingY: number;
  ignoredColumns: string[];
}

/**
 * What the conversion met, in the order it met it. Row lists are row indices of the table; the
 * contract (validation/tableContract.ts) turns each into an issue or lets it pass.
 */
export type ConversionFinding =
  /** Every timestamp states a UTC offset; they were moved to that local wall-clock time. */
  | { readonly kind: 'statedUtcOffsets'; readonly offsets: readonly string[]; readonly rows: number }
  /** Timestamps at two times of day an hour apart (daylight saving) were rounded to midnights. */
  | { readonly kind: 'dstMidnightsRounded'; readonly times: readonly string[]; readonly rows: number }
  | { readonly kind: 'unreadableId'; readonly rows: readonly number[] }
  | { readonly kind: 'unreadableDs'; readonly rows: readonly number[] }
  | { readonly kind: 'nonNumericY'; readonly rows: readonly number[] }
  | { readonly kind: 'infiniteY'; readonly rows: readonly number[] }
  /** Covariates given a role that the table does not have. */
  | { readonly kind: 'declaredCovariatesMissing'; readonly columns: readonly string[] }
  /** A covariate column named like a canonical field mapped to another column (ignored). */
  | { readonly kind: 'canonicalNameReused'; readonly column: string }
  /** Rows with ±Infinity in a numeric covariate (left out of the panel). */
  | { readonly kind: 'infiniteCovariate'; readonly column: string; readonly rows: readonly number[] }
  | { readonly kind: 'declaredCovariateNotNumeric'; readonly column: string; readonly role: 'past' | 'futureKnown' }
  /** A text column that varies within a series (ignored). */
  | { readonly kind: 'unusableColumn'; readonly column: string }
  /** Numeric covariates no role was declared for (matters under covariatePolicy "spec"). */
  | { readonly kind: 'covariatesWithoutRole'; readonly columns: readonly string[] }
  | { readonly kind: 'unsortedRows'; readonly count: number; readonly firstRow: number }
  /** (unique_id, ds) keys with several rows; combined unless the policy is "reject". */
  | {
      readonly kind: 'duplicateKeys';
      readonly keys: ReadonlyArray<{ readonly unique_id: string; readonly ds: string; readonly rows: number }>;
      readonly rows: number;
      readonly policy: DuplicatePolicy;
    }
  | { readonly kind: 'staticConflicts'; readonly conflicts: ReadonlyArray<{ readonly column: string; readonly unique_id: string }> }
  /** Past covariates with values after the last observed target. */
  | { readonly kind: 'pastCovariatesAfterTarget'; readonly covariates: readonly string[] }
  | { readonly kind: 'missingY'; readonly count: number; readonly series: number }
  | { readonly kind: 'seriesWithoutObservations'; readonly series: readonly string[] }
  | { readonly kind: 'droppedTrailingRows'; readonly count: number }
  /** The given frequency does not parse (the panel then has none). */
  | { readonly kind: 'invalidFreq'; readonly error: TSAgentKitError };

export interface TableConversion {
  /** Built from the readable rows whatever the findings; the contract decides whether it may be used. */
  readonly panel: Panel;
  readonly findings: readonly ConversionFinding[];
  readonly stats: ConversionStats;
}

export const CANONICAL_COLUMNS = ['unique_id', 'ds', 'y'] as const;
const CANONICAL = CANONICAL_COLUMNS;

/** The table's names for unique_id, ds and y under the options' column map. */
export function canonicalColumns(options: TableToPanelOptions): Cols {
  return {
    unique_id: options.columnMap?.unique_id ?? 'unique_id',
    ds: options.columnMap?.ds ?? 'ds',
    y: options.columnMap?.y ?? 'y',
  };
}

export function emptyConversionStats(nRows: number): ConversionStats {
  return {
    nRows,
    nSeries: 0,
    historyRows: 0,
    futureRows: 0,
    mergedRows: 0,
    droppedTrailingRows: 0,
    invalidRows: 0,
    missingY: 0,
    ignoredColumns: [],
  };
}

/**
 * Converts a table whose id, ds and y columns exist and that has rows (the contract checks both
 * first). Never throws on bad data: each step is one function below, recording what it finds.
 */
export function convertTable(table: Table, options: TableToPanelOptions = {}): TableConversion {
  const findings: ConversionFinding[] = [];
  const stats = emptyConversionStats(table.length);
  const cols = canonicalColumns(options);
  const c: Conversion = { table, options, cols, findings, stats };
  const rows = readRequiredColumns(c);
  const covariates = readCovariateColumns(c, rows);
  for (let i = 0; i < rows.n; i++) stats.invalidRows += rows.bad[i] ?? 0;
  const groups = groupRows(c, rows);
  const duplicatePolicy = options.duplicatePolicy ?? 'reject';
  const runs = findDuplicates(c, groups, rows.ds, duplicatePolicy);
  const { built, covNames, hasFutureValue, seriesWithoutObservations } = buildSeries(c, rows, covariates, runs, duplicatePolicy);
  const { past, futureKnown } = assignRoles(c, covariates, covNames, hasFutureValue);
  const { series, future } = assemble(c, built, covNames, futureKnown, covariates.staticCols, seriesWithoutObservations);
  const freq = panelFrequency(c, series);

  const roles: CovariateRoles = { past, futureKnown, static: covariates.staticCols };
  const panel: Panel = {
    series,
    ...(freq ? { freq } : {}),
    covariates: roles,
    ...(future.size ? { future } : {}),
  };
  return { panel, findings, stats };
}

export type Cols = { unique_id: string; ds: string; y: string };

/** What every step reads and reports into. */
interface Conversion {
  readonly table: Table;
  readonly options: TableToPanelOptions;
  readonly cols: Cols;
  readonly findings: ConversionFinding[];
  readonly stats: ConversionStats;
}

/** The id, ds and y of every row, and which rows cannot be used. */
interface Rows {
  readonly n: number;
  readonly ids: string[];
  readonly ds: Float64Array;
  readonly y: Float64Array;
  readonly bad: Uint8Array;
}

interface CovariateColumns {
  readonly declaredRole: Map<string, 'past' | 'futureKnown' | 'static'>;
  readonly policy: CovariatePolicy;
  readonly numeric: Map<string, Float64Array>;
  readonly staticCols: string[];
}

interface Built {
  id: string;
  ds: Float64Array;
  y: Float64Array;
  cov: Record<string, Float64Array>;
  statics: Record<string, number | string>;
  futureStart: number;
  futureEnd: number;
}

// ---- Required columns, row by row ------------------------------------------------------
function readRequiredColumns(c: Conversion): Rows {
  const { table, options, cols, findings } = c;
  const n = table.length;
  const ids: string[] = new Array(n);
  const ds = new Float64Array(n);
  const y = new Float64Array(n);
  const bad = new Uint8Array(n);
  const badId: number[] = [];
  const badDs: number[] = [];
  const badY: number[] = [];
  const infY: number[] = [];
  const idCol = table.columns[cols.unique_id];
  const dsCol = table.columns[cols.ds];
  const yCol = table.columns[cols.y];
  for (let i = 0; i < n; i++) {
    const id = cellAt(idCol, i);
    if (id === null || id === '' || (typeof id === 'number' && !Number.isFinite(id))) {
      badId.push(i);
      bad[i] = 1;
    } else ids[i] = id instanceof Date ? id.toISOString() : String(id);
    ds[i] = toEpochMs(cellAt(dsCol, i));
    if (Number.isNaN(ds[i])) {
      badDs.push(i);
      bad[i] = 1;
    }
    const v = yCol instanceof Float64Array ? { ok: true as const, value: yCol[i] } : cellToNumber(yCol[i], DEFAULT_NA_SET);
    if (!v.ok) {
      badY.push(i);
      bad[i] = 1;
    } else if (v.value === Infinity || v.value === -Infinity) {
      infY.push(i);
      bad[i] = 1;
    } else y[i] = v.value;
  }
  const local = toStatedLocalTime(ds, dsCol, bad);
  if (local) findings.push({ kind: 'statedUtcOffsets', offsets: local.offsets, rows: local.rows });
  const rounded = roundDstMidnights(ds, bad, options.roundToDays);
  if (rounded) findings.push({ kind: 'dstMidnightsRounded', times: rounded.times, rows: rounded.count });
  if (badId.length) findings.push({ kind: 'unreadableId', rows: badId });
  if (badDs.length) findings.push({ kind: 'unreadableDs', rows: badDs });
  if (badY.length) findings.push({ kind: 'nonNumericY', rows: badY });
  if (infY.length) findings.push({ kind: 'infiniteY', rows: infY });

  return { n, ids, ds, y, bad };
}

// ---- Covariate columns ------------------------------------------------------------------
function readCovariateColumns(c: Conversion, rows: Rows): CovariateColumns {
  const { table, options, cols, findings, stats } = c;
  const { n, ids, bad } = rows;
  const names = columnNames(table);
  const declared = options.covariates ?? {};
  const declaredRole = new Map<string, 'past' | 'futureKnown' | 'static'>();
  for (const role of ['past', 'futureKnown', 'static'] as const) for (const c of declared[role] ?? []) declaredRole.set(c, role);
  const policy = options.covariatePolicy ?? 'auto';
  const reserved = new Set<string>([cols.unique_id, cols.ds, cols.y]);
  const otherColumns = names.filter((c) => !reserved.has(c));
  const undeclaredMissing = [...declaredRole.keys()].filter((c) => !(c in table.columns));
  if (undeclaredMissing.length) findings.push({ kind: 'declaredCovariatesMissing', columns: undeclaredMissing });
  const numeric = new Map<string, Float64Array>();
  const staticCols: string[] = [];
  for (const c of otherColumns) {
    // A column named like a canonical field that is not mapped to it would collide with it in outputs.
    if ((CANONICAL as readonly string[]).includes(c)) {
      stats.ignoredColumns.push(c);
      findings.push({ kind: 'canonicalNameReused', column: c });
      continue;
    }
    const role = declaredRole.get(c);
    if (policy === 'ignore' && role === undefined) {
      stats.ignoredColumns.push(c);
      continue;
    }
    const col = table.columns[c];
    if (role === 'static') {
      staticCols.push(c);
      continue;
    }
    const values = toNumericColumn(col);
    if (values) {
      const inf: number[] = [];
      for (let i = 0; i < n; i++) if (values[i] === Infinity || values[i] === -Infinity) inf.push(i);
      if (inf.length) {
        findings.push({ kind: 'infiniteCovariate', column: c, rows: inf });
        // Such rows cannot be forecast from; they leave the panel like rows with an unreadable y.
        for (const i of inf) bad[i] = 1;
      }
      numeric.set(c, values);
    } else if (role !== undefined) {
      findings.push({ kind: 'declaredCovariateNotNumeric', column: c, role });
    } else if (isConstantPerSeries(col, ids, bad)) {
      staticCols.push(c);
    } else {
      stats.ignoredColumns.push(c);
      findings.push({ kind: 'unusableColumn', column: c });
    }
  }
  const noRole = [...numeric.keys()].filter((c) => !declaredRole.has(c));
  if (noRole.length) findings.push({ kind: 'covariatesWithoutRole', columns: noRole });

  return { declaredRole, policy, numeric, staticCols };
}

// ---- Row order and grouping -------------------------------------------------------------
function groupRows(c: Conversion, rows: Rows): Map<string, number[]> {
  const { findings } = c;
  const { n, ids, ds, bad } = rows;
  let unsortedCount = 0;
  let firstUnsorted = -1;
  {
    const seen = new Set<string>();
    let prevId: string | undefined;
    let prevDs = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < n; i++) {
      if (bad[i]) continue;
      const id = ids[i];
      if (id === prevId) {
        if (ds[i] < prevDs) {
          unsortedCount++;
          if (firstUnsorted < 0) firstUnsorted = i;
        }
      } else {
        if (seen.has(id)) {
          unsortedCount++;
          if (firstUnsorted < 0) firstUnsorted = i;
        }
        seen.add(id);
        prevId = id;
      }
      prevDs = ds[i];
    }
  }
  if (unsortedCount > 0) findings.push({ kind: 'unsortedRows', count: unsortedCount, firstRow: firstUnsorted });
  const groups = new Map<string, number[]>();
  for (let i = 0; i < n; i++) {
    if (bad[i]) continue;
    let g = groups.get(ids[i]);
    if (!g) groups.set(ids[i], (g = []));
    g.push(i);
  }
  for (const g of groups.values()) g.sort((a, b) => ds[a] - ds[b] || a - b);

  return groups;
}

// ---- Duplicates ---------------------------------------------------------------------------
function findDuplicates(
  c: Conversion,
  groups: Map<string, number[]>,
  ds: Float64Array,
  duplicatePolicy: DuplicatePolicy,
): Map<string, number[][]> {
  const { findings, stats } = c;
  const dupKeys: { unique_id: string; ds: string; rows: number }[] = [];
  let dupRows = 0;
  const runs = new Map<string, number[][]>();
  for (const [id, g] of groups) {
    const r: number[][] = [];
    for (const i of g) {
      const last = r[r.length - 1];
      if (last && ds[last[0]] === ds[i]) last.push(i);
      else r.push([i]);
    }
    for (const run of r) {
      if (run.length > 1) {
        dupRows += run.length;
        dupKeys.push({ unique_id: id, ds: formatTimestamp(ds[run[0]]), rows: run.length });
      }
    }
    runs.set(id, r);
  }
  if (dupKeys.length) {
    if (duplicatePolicy !== 'reject') stats.mergedRows = dupRows - dupKeys.length;
    findings.push({ kind: 'duplicateKeys', keys: dupKeys, rows: dupRows, policy: duplicatePolicy });
  }

  return runs;
}

// ---- Series, history and future ---------------------------------------------------------
function buildSeries(
  c: Conversion,
  rows: Rows,
  covariates: CovariateColumns,
  runs: Map<string, number[][]>,
  duplicatePolicy: DuplicatePolicy,
) {
  const { table, findings } = c;
  const { ds, y } = rows;
  const { numeric, staticCols } = covariates;
  const covNames = [...numeric.keys()];
  const hasFutureValue = new Map<string, boolean>(covNames.map((c) => [c, false]));
  const built: Built[] = [];
  const staticConflicts: { column: string; unique_id: string }[] = [];
  const seriesWithoutObservations: string[] = [];
  for (const [id, r] of runs) {
    const m = r.length;
    const sds = new Float64Array(m);
    const sy = new Float64Array(m);
    const scov: Record<string, Float64Array> = {};
    for (const c of covNames) scov[c] = new Float64Array(m);
    r.forEach((run, k) => {
      sds[k] = ds[run[0]];
      sy[k] = combine(
        run.map((i) => y[i]),
        duplicatePolicy,
      );
      for (const c of covNames) {
        const src = numeric.get(c)!;
        scov[c][k] = combine(
          run.map((i) => src[i]),
          duplicatePolicy,
        );
      }
    });
    const statics: Record<string, number | string> = {};
    for (const c of staticCols) {
      const col = table.columns[c];
      let value: Cell = null;
      for (const run of r) {
        for (const i of run) {
          const v = cellAt(col, i);
          if (v === null) continue;
          if (value !== null && !sameCell(value, v) && !staticConflicts.some((x) => x.column === c && x.unique_id === id)) {
            staticConflicts.push({ column: c, unique_id: id });
          }
          value = v;
        }
      }
      if (value !== null) statics[c] = value instanceof Date ? value.toISOString() : typeof value === 'boolean' ? Number(value) : value;
    }
    let lastObs = -1;
    for (let k = m - 1; k >= 0; k--) {
      if (!Number.isNaN(sy[k])) {
        lastObs = k;
        break;
      }
    }
    let futureStart = m;
    let futureEnd = m;
    if (lastObs < 0) {
      seriesWithoutObservations.push(id);
    } else {
      futureStart = lastObs + 1;
      futureEnd = futureStart;
      for (let k = m - 1; k >= futureStart; k--) {
        if (covNames.some((c) => !Number.isNaN(scov[c][k]))) {
          futureEnd = k + 1;
          break;
        }
      }
      for (const c of covNames) {
        const v = scov[c];
        for (let k = futureStart; k < futureEnd; k++) {
          if (!Number.isNaN(v[k])) {
            hasFutureValue.set(c, true);
            break;
          }
        }
      }
    }
    built.push({ id, ds: sds, y: sy, cov: scov, statics, futureStart, futureEnd });
  }
  if (staticConflicts.length) findings.push({ kind: 'staticConflicts', conflicts: staticConflicts });

  return { built, covNames, hasFutureValue, seriesWithoutObservations };
}

// ---- Covariate roles ----------------------------------------------------------------------
function assignRoles(c: Conversion, covariates: CovariateColumns, covNames: string[], hasFutureValue: Map<string, boolean>) {
  const { findings } = c;
  const { declaredRole, policy } = covariates;
  const past: string[] = [];
  const futureKnown: string[] = [];
  for (const c of covNames) {
    const role = declaredRole.get(c);
    const r =
      role ?? (policy === 'known' ? 'futureKnown' : policy === 'observed' ? 'past' : hasFutureValue.get(c) ? 'futureKnown' : 'past');
    (r === 'futureKnown' ? futureKnown : past).push(c);
  }
  const leaking = past.filter((c) => hasFutureValue.get(c));
  if (leaking.length) findings.push({ kind: 'pastCovariatesAfterTarget', covariates: leaking });

  return { past, futureKnown };
}

// ---- The panel's series and future covariates ----------------------------------------------
function assemble(
  c: Conversion,
  built: Built[],
  covNames: string[],
  futureKnown: string[],
  staticCols: string[],
  withoutObservations: string[],
) {
  const { findings, stats } = c;
  let seriesWithoutObservations = withoutObservations;
  const series: Series[] = [];
  const future = new Map<string, FutureCovariates>();
  let dropped = 0;
  for (const b of built.sort((a, c) => (a.id < c.id ? -1 : a.id > c.id ? 1 : 0))) {
    const end = b.futureStart;
    const cov: Record<string, Float64Array> = {};
    for (const c of covNames) cov[c] = b.cov[c].slice(0, end);
    series.push({
      id: b.id,
      ds: b.ds.slice(0, end),
      y: b.y.slice(0, end),
      covariates: cov,
      ...(staticCols.length ? { statics: b.statics } : {}),
    });
    stats.historyRows += end;
    for (let k = 0; k < end; k++) if (Number.isNaN(b.y[k])) stats.missingY++;
    if (b.futureEnd > b.futureStart) {
      const values: Record<string, Float64Array> = {};
      for (const c of covNames) {
        const v = b.cov[c].slice(b.futureStart, b.futureEnd);
        if (futureKnown.includes(c) || v.some((x) => !Number.isNaN(x))) values[c] = v;
      }
      future.set(b.id, { ds: b.ds.slice(b.futureStart, b.futureEnd), values });
      stats.futureRows += b.futureEnd - b.futureStart;
    }
    dropped += b.ds.length - b.futureEnd;
  }
  stats.droppedTrailingRows = dropped;
  stats.nSeries = series.length;
  if (stats.missingY > 0) {
    findings.push({ kind: 'missingY', count: stats.missingY, series: series.filter((s) => s.y.some((v) => Number.isNaN(v))).length });
  }
  seriesWithoutObservations = seriesWithoutObservations.sort();
  if (seriesWithoutObservations.length) findings.push({ kind: 'seriesWithoutObservations', series: seriesWithoutObservations });
  if (dropped > 0) findings.push({ kind: 'droppedTrailingRows', count: dropped });

  return { series, future };
}

// ---- Frequency ----------------------------------------------------------------------------
function panelFrequency(c: Conversion, series: Series[]): string | undefined {
  const { options, findings } = c;
  let freq: string | undefined;
  if (options.freq !== undefined) {
    try {
      freq = parseFreq(options.freq).alias;
    } catch (e) {
      findings.push({ kind: 'invalidFreq', error: e as TSAgentKitError });
    }
  } else {
    freq = inferPanelFreq({ series });
  }

  return freq;
}
/**
 * When every timestamp string states a UTC offset ("2024-01-01T00:00:00+09:00"), the data lives in
 * that local calendar: Tokyo's year starts at local midnight, which is Dec 31 15:00 UTC. Calendar
 * inference and arithmetic work in UTC, so such timestamps are moved to their local wall-clock time
 * (epoch + offset); in UTC they would read as year ends on the wrong day. Mixed inputs (some strings
 * without an offset, Dates, numbers) stay UTC.
 */
function toStatedLocalTime(ds: Float64Array, col: Column, bad: Uint8Array): { offsets: string[]; rows: number } | undefined {
  const offsets = new Set<number>();
  let rows = 0;
  const shift = new Float64Array(ds.length);
  for (let i = 0; i < ds.length; i++) {
    if (bad[i]) continue;
    const offset = statedUtcOffset(cellAt(col, i));
    if (offset === undefined) return undefined;
    offsets.add(offset);
    shift[i] = offset * 60_000;
    rows++;
  }
  if (rows === 0 || (offsets.size === 1 && offsets.has(0))) return undefined;
  for (let i = 0; i < ds.length; i++) ds[i] = (ds[i] ?? Number.NaN) + (shift[i] ?? 0);
  const spell = (m: number) =>
    `${m < 0 ? '-' : '+'}${String(Math.floor(Math.abs(m) / 60)).padStart(2, '0')}:${String(Math.abs(m) % 60).padStart(2, '0')}`;
  return { offsets: [...offsets].sort((a, b) => a - b).map(spell), rows };
}

/** Rounds ds to the nearest midnight when asked, or when the times of day reveal a DST shift (see options). */
function roundDstMidnights(ds: Float64Array, bad: Uint8Array, force: boolean | undefined): { times: string[]; count: number } | undefined {
  if (force === false) return undefined;
  const tods = new Set<number>();
  for (let i = 0; i < ds.length && tods.size <= 2; i++) {
    if (bad[i]) continue;
    tods.add(((ds[i] % DAY_MS) + DAY_MS) % DAY_MS);
  }
  const [a, b] = [...tods].sort((x, y) => x - y);
  const dst = tods.size === 2 && b! - a! === 3_600_000;
  if (!force && !dst) return undefined;
  if (tods.size === 1 && a === 0) return undefined;
  let count = 0;
  for (let i = 0; i < ds.length; i++) {
    if (bad[i]) continue;
    const r = Math.round(ds[i] / DAY_MS) * DAY_MS;
    if (r !== ds[i]) count++;
    ds[i] = r;
  }
  const hhmm = (t: number) => new Date(t).toISOString().slice(11, 16);
  return { times: [...tods].sort((x, y) => x - y).map(hhmm), count };
}

function sameCell(a: Cell, b: Cell): boolean {
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  return a === b;
}

/** A numeric view of a column, or undefined when some cell is not a number (text, Dates). */
function toNumericColumn(col: Column): Float64Array | undefined {
  if (col instanceof Float64Array) return col;
  const out = new Float64Array(col.length);
  for (let i = 0; i < col.length; i++) {
    const v = col[i];
    if (v instanceof Date) return undefined;
    const r = cellToNumber(v);
    if (!r.ok) return undefined;
    out[i] = r.value;
  }
  return out;
}

function isConstantPerSeries(col: Column, ids: string[], bad: Uint8Array): boolean {
  const first = new Map<string, Cell>();
  for (let i = 0; i < col.length; i++) {
    if (bad[i]) continue;
    const v = cellAt(col, i);
    if (v === null) continue;
    const prev = first.get(ids[i]);
    if (prev === undefined) first.set(ids[i], v);
    else if (!sameCell(prev, v)) return false;
  }
  return true;
}

/**
 * Combines the values of duplicate rows. Missing values are skipped (as pandas' groupby does), but a
 * group whose values are all missing stays missing — pandas' sum would turn it into 0, silently
 * inventing an observation.
 */
function combine(values: number[], policy: DuplicatePolicy): number {
  if (values.length === 1) return values[0];
  const present = values.filter((v) => !Number.isNaN(v));
  if (present.length === 0) return Number.NaN;
  switch (policy) {
    case 'sum':
      return present.reduce((a, b) => a + b, 0);
    case 'mean':
      return present.reduce((a, b) => a + b, 0) / present.length;
    default:
      // "reject" reaches here only while reporting; "last" takes the last non-missing value like pandas.
      return present[present.length - 1];
  }
}

export interface PanelToTableOptions {
  /** Append the rows of `panel.future` after each series' history; default true. */
  includeFuture?: boolean;
  /** Write the canonical columns under these names. */
  columnMap?: ColumnMap;
}

/** Panel → long table: unique_id, ds (Dates), y, covariates, statics; future rows with y missing. */
export function panelToTable(panel: Panel, options: PanelToTableOptions = {}): Table {
  const includeFuture = options.includeFuture ?? true;
  const covNames = [
    ...new Set([...panel.covariates.past, ...panel.covariates.futureKnown, ...panel.series.flatMap((s) => Object.keys(s.covariates))]),
  ];
  const staticNames = [...new Set([...panel.covariates.static, ...panel.series.flatMap((s) => Object.keys(s.statics ?? {}))])];
  let total = 0;
  for (const s of panel.series) total += s.ds.length + (includeFuture ? (panel.future?.get(s.id)?.ds.length ?? 0) : 0);
  const ids: string[] = new Array(total);
  const dsOut: Date[] = new Array(total);
  const yOut = new Float64Array(total);
  const covOut: Record<string, Float64Array> = {};
  for (const c of covNames) covOut[c] = new Float64Array(total).fill(Number.NaN);
  const staticOut: Record<string, Cell[]> = {};
  for (const c of staticNames) staticOut[c] = new Array(total).fill(null);
  let row = 0;
  for (const s of panel.series) {
    const fut = includeFuture ? panel.future?.get(s.id) : undefined;
    const m = s.ds.length;
    const f = fut?.ds.length ?? 0;
    for (let k = 0; k < m + f; k++, row++) {
      ids[row] = s.id;
      const hist = k < m;
      dsOut[row] = new Date(hist ? s.ds[k] : fut!.ds[k - m]);
      yOut[row] = hist ? s.y[k] : Number.NaN;
      for (const c of covNames) {
        const src = hist ? s.covariates[c] : fut!.values[c];
        if (src) covOut[c][row] = src[hist ? k : k - m];
      }
      for (const c of staticNames) staticOut[c][row] = s.statics?.[c] ?? null;
    }
  }
  const map = options.columnMap ?? {};
  const columns: Record<string, Column> = {
    [map.unique_id ?? 'unique_id']: ids,
    [map.ds ?? 'ds']: dsOut,
    [map.y ?? 'y']: yOut,
  };
  for (const c of covNames) columns[c] = covOut[c];
  for (const c of staticNames) columns[c] = staticOut[c];
  return makeTable(columns);
}
