/**
 * JSON tables: records (`[{unique_id, ds, y}, …]`), columnar (`{unique_id: […], ds: […], y: […]}`),
 * pandas' `orient="split"` and `orient="columns"` layouts, and JSON Lines (one record per line).
 * JSON has no NaN or Infinity: NaN is written as null and ±Infinity as the strings "inf" / "-inf",
 * which the numeric readers accept, so nothing is lost on a round trip.
 */
import { EDataFormat } from '../../errors/index.js';
import { allMidnight, formatTimestamp } from '../timestamps.js';
import { columnNames, makeTable, normalizeColumn, tableFromRecords, type Column, type Table } from './table.js';

export type JsonLayout = 'records' | 'columnar' | 'lines';

function badJson(message: string, context: Record<string, unknown> = {}, cause?: unknown): EDataFormat {
  return new EDataFormat(message, {
    context: { format: 'json', ...context },
    fixHint: 'Use records [{"unique_id": …, "ds": …, "y": …}], columnar {"unique_id": […], …} or JSON Lines.',
    ...(cause === undefined ? {} : { cause }),
  });
}

function toText(input: string | Uint8Array): string {
  const text = typeof input === 'string' ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength).toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

export function readJson(input: string | Uint8Array, options: { lines?: boolean } = {}): Table {
  const text = toText(input);
  if (options.lines) return readJsonLines(text);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw badJson(`The JSON could not be parsed: ${(e as Error).message}`, { reason: 'parse_error' }, e);
  }
  return tableFromJsonValue(value);
}

function readJsonLines(text: string): Table {
  const records: Record<string, unknown>[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch (e) {
      throw badJson(`JSON Lines: line ${i + 1} is not valid JSON: ${(e as Error).message}`, { line: i + 1 }, e);
    }
    if (v === null || typeof v !== 'object' || Array.isArray(v))
      throw badJson(`JSON Lines: line ${i + 1} is not an object.`, { line: i + 1 });
    records.push(v as Record<string, unknown>);
  });
  return tableFromRecords(records);
}

/** A parsed JSON value in any supported layout → table. */
export function tableFromJsonValue(value: unknown): Table {
  if (Array.isArray(value)) {
    try {
      return tableFromRecords(value as Record<string, unknown>[]);
    } catch (e) {
      throw badJson('A JSON array must hold one object per row.', { layout: 'records' }, e);
    }
  }
  if (value === null || typeof value !== 'object')
    throw badJson('JSON must be an array of records or an object of columns.', { received: typeof value });
  const obj = value as Record<string, unknown>;
  if (Array.isArray(obj['columns']) && Array.isArray(obj['data'])) return fromSplit(obj['columns'] as unknown[], obj['data'] as unknown[]);
  const entries = Object.entries(obj);
  if (entries.every(([, v]) => Array.isArray(v))) {
    const columns: Record<string, Column> = {};
    for (const [k, v] of entries) columns[k] = normalizeColumn(v as unknown[]);
    try {
      return makeTable(columns);
    } catch (e) {
      throw badJson('Columnar JSON needs arrays of equal length.', { layout: 'columnar' }, e);
    }
  }
  if (entries.every(([, v]) => v !== null && typeof v === 'object' && !Array.isArray(v))) {
    // pandas orient="columns": {column: {rowLabel: value}}.
    const labels: string[] = [];
    const seen = new Set<string>();
    for (const [, v] of entries) {
      for (const label of Object.keys(v as object)) {
        if (!seen.has(label)) {
          seen.add(label);
          labels.push(label);
        }
      }
    }
    const columns: Record<string, Column> = {};
    for (const [k, v] of entries) columns[k] = normalizeColumn(labels.map((l) => (v as Record<string, unknown>)[l]));
    return makeTable(columns);
  }
  throw badJson('JSON object values must all be arrays (columnar) or all be objects (pandas orient="columns").', { layout: 'unknown' });
}

function fromSplit(names: unknown[], data: unknown[]): Table {
  const columns: Record<string, Column> = {};
  names.forEach((name, j) => {
    columns[String(name)] = normalizeColumn(
      data.map((row) => {
        if (!Array.isArray(row) || row.length !== names.length)
          throw badJson('pandas split JSON: every data row must have one value per column.', { layout: 'split' });
        return row[j];
      }),
    );
  });
  return makeTable(columns);
}

function jsonColumn(column: Column): unknown[] {
  const num = (v: number) => (Number.isNaN(v) ? null : v === Infinity ? 'inf' : v === -Infinity ? '-inf' : v);
  if (column instanceof Float64Array) return Array.from(column, num);
  const dates: number[] = [];
  for (const v of column) if (v instanceof Date) dates.push(v.getTime());
  const dateOnly = allMidnight(dates);
  return column.map((v) => (v instanceof Date ? formatTimestamp(v.getTime(), dateOnly) : typeof v === 'number' ? num(v) : v));
}

export function writeJson(table: Table, layout: JsonLayout = 'records'): string {
  const names = columnNames(table);
  const cols = names.map((n) => jsonColumn(table.columns[n]));
  if (layout === 'columnar') {
    const obj: Record<string, unknown[]> = {};
    names.forEach((n, j) => (obj[n] = cols[j]));
    return JSON.stringify(obj);
  }
  const records: Record<string, unknown>[] = new Array(table.length);
  for (let i = 0; i < table.length; i++) {
    const r: Record<string, unknown> = {};
    names.forEach((n, j) => (r[n] = cols[j][i]));
    records[i] = r;
  }
  if (layout === 'lines') return records.map((r) => JSON.stringify(r)).join('\n') + (records.length ? '\n' : '');
  return JSON.stringify(records);
}
