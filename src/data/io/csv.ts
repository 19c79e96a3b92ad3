/**
 * CSV (and TSV) through csv-parse / csv-stringify. Reading infers column types like pandas: a column whose
 * every non-missing cell is a number becomes numeric, except integers with leading zeros ("007"), which
 * are codes; everything else stays text (timestamps are parsed later, when the column's role is known).
 */
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { EDataFormat } from '../../errors/index.js';
import { allMidnight, formatTimestamp } from '../timestamps.js';
import { DEFAULT_NA_VALUES, hasLeadingZero, parseNumber } from './cells.js';
import { columnNames, makeTable, type Cell, type Column, type Table } from './table.js';

export interface CsvReadOptions {
  /** Field delimiter; default ",". */
  delimiter?: string;
  /** Force a column's type instead of inferring it. */
  columnTypes?: Record<string, 'string' | 'number'>;
  /** Strings read as missing; default pandas' `na_values`. */
  naValues?: readonly string[];
}

export function readCsv(input: string | Uint8Array, options: CsvReadOptions = {}): Table {
  const text = typeof input === 'string' ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength).toString('utf8');
  let rows: string[][];
  try {
    rows = parse(text, {
      bom: true,
      delimiter: options.delimiter ?? ',',
      skip_empty_lines: true,
      relax_column_count: false,
    }) as string[][];
  } catch (e) {
    const err = e as Error & { code?: string; lines?: number };
    throw new EDataFormat(`The CSV could not be parsed: ${err.message}`, {
      context: { format: 'csv', reason: err.code ?? 'parse_error', ...(err.lines ? { line: err.lines } : {}) },
      fixHint: 'Check quoting and that every row has as many fields as the header.',
      cause: e,
    });
  }
  if (rows.length === 0) throw new EDataFormat('The CSV is empty: it has no header row.', { context: { format: 'csv' } });
  const header = rows[0];
  const duplicates = header.filter((h, i) => header.indexOf(h) !== i);
  if (duplicates.length > 0) {
    throw new EDataFormat(`The CSV header repeats column names: ${[...new Set(duplicates)].join(', ')}.`, {
      context: { format: 'csv', duplicates: [...new Set(duplicates)] },
      fixHint: 'Give every column a distinct name.',
    });
  }
  const na = new Set(options.naValues ?? DEFAULT_NA_VALUES);
  const body = rows.slice(1);
  const columns: Record<string, Column> = {};
  header.forEach((name, j) => {
    const raw = body.map((r) => r[j]);
    columns[name] = typeColumn(name, raw, na, options.columnTypes?.[name]);
  });
  return makeTable(columns);
}

function typeColumn(name: string, raw: string[], na: ReadonlySet<string>, forced?: 'string' | 'number'): Column {
  const isNa = (s: string) => na.has(s) || na.has(s.trim());
  if (forced !== 'string') {
    const out = new Float64Array(raw.length);
    let numeric = true;
    for (let i = 0; i < raw.length && numeric; i++) {
      const s = raw[i];
      if (isNa(s)) {
        out[i] = Number.NaN;
        continue;
      }
      const v = parseNumber(s);
      if (v === undefined || (forced !== 'number' && hasLeadingZero(s))) {
        numeric = false;
        if (forced === 'number') {
          throw new EDataFormat(`Column "${name}" was declared numeric but row ${i + 1} holds "${s}".`, {
            context: { format: 'csv', column: name, row: i, value: s },
          });
        }
      } else out[i] = v;
    }
    if (numeric) return out;
  }
  return raw.map((s): Cell => (isNa(s) ? null : s));
}

export interface CsvWriteOptions {
  delimiter?: string;
}

/** Writes a table as CSV text; Dates as ISO (date only when every one is at midnight), NaN/null empty. */
export function writeCsv(table: Table, options: CsvWriteOptions = {}): string {
  const names = columnNames(table);
  const formatters = names.map((name) => cellFormatter(table.columns[name]));
  const rows: string[][] = new Array(table.length);
  for (let i = 0; i < table.length; i++) rows[i] = formatters.map((f) => f(i));
  return stringify(rows, { header: true, columns: names, delimiter: options.delimiter ?? ',', record_delimiter: 'unix' });
}

function formatNumber(v: number): string {
  if (Number.isNaN(v)) return '';
  if (v === Number.POSITIVE_INFINITY) return 'inf';
  if (v === Number.NEGATIVE_INFINITY) return '-inf';
  return String(v);
}

export function cellFormatter(column: Column): (i: number) => string {
  if (column instanceof Float64Array) return (i) => formatNumber(column[i]);
  const dates: number[] = [];
  for (const v of column) if (v instanceof Date) dates.push(v.getTime());
  const dateOnly = allMidnight(dates);
  return (i) => {
    const v = column[i];
    if (v === null || v === undefined) return '';
    if (v instanceof Date) return formatTimestamp(v.getTime(), dateOnly);
    if (typeof v === 'number') return formatNumber(v);
    return String(v);
  };
}
