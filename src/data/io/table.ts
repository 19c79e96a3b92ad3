/**
 * A columnar table: the in-between shape of every file format and of row records. Columns are either a
 * `Float64Array` (numbers, NaN = missing) or an array of cells (strings, numbers, booleans, Dates, null).
 * Column order is the object's key order (as read from the file).
 */
import { EDataFormat } from '../../errors/index.js';

export type Cell = number | string | boolean | Date | null;
export type Column = Float64Array | readonly Cell[];

export interface Table {
  readonly columns: Readonly<Record<string, Column>>;
  /** Number of rows; every column has this length. */
  readonly length: number;
}

export type ColumnKind = 'number' | 'string' | 'date' | 'boolean' | 'mixed' | 'empty';

/** Builds a table, checking that every column has the same length. */
export function makeTable(columns: Record<string, Column>): Table {
  const names = Object.keys(columns);
  const length = names.length === 0 ? 0 : columns[names[0]].length;
  for (const name of names) {
    if (columns[name].length !== length) {
      throw new EDataFormat(`Column "${name}" has ${columns[name].length} values but "${names[0]}" has ${length}.`, {
        context: { column: name, length: columns[name].length, expected: length },
        fixHint: 'Give every column the same number of values.',
      });
    }
  }
  return { columns, length };
}

export function columnNames(table: Table): string[] {
  return Object.keys(table.columns);
}

/** The kind of values a column holds, ignoring nulls (and NaN in numeric columns). */
export function columnKind(column: Column): ColumnKind {
  if (column instanceof Float64Array) return 'number';
  let kind: ColumnKind = 'empty';
  for (const v of column) {
    if (v === null) continue;
    const k: ColumnKind = typeof v === 'number' ? 'number' : typeof v === 'string' ? 'string' : typeof v === 'boolean' ? 'boolean' : 'date';
    if (kind === 'empty') kind = k;
    else if (kind !== k) return 'mixed';
  }
  return kind;
}

/**
 * Normalises raw values from a reader into a column: bigint → number, undefined → null, objects → JSON
 * text; an all-numeric column (nulls allowed) becomes a Float64Array with NaN for null.
 */
export function normalizeColumn(values: ArrayLike<unknown>): Column {
  const n = values.length;
  let numeric = true;
  const cells: Cell[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const cell = toCell(values[i]);
    cells[i] = cell;
    if (cell !== null && typeof cell !== 'number') numeric = false;
  }
  if (!numeric) return cells;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = cells[i] === null ? Number.NaN : (cells[i] as number);
  return out;
}

function toCell(v: unknown): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v;
  if (v instanceof Uint8Array) return Buffer.from(v).toString('base64');
  return JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? Number(x) : x));
}

/** Records (array of row objects) → table; keys in first-seen order, absent keys → null. */
export function tableFromRecords(records: ReadonlyArray<Record<string, unknown>>): Table {
  const names: string[] = [];
  const seen = new Set<string>();
  for (const r of records) {
    if (r === null || typeof r !== 'object' || Array.isArray(r)) {
      throw new EDataFormat('Every record must be an object of column values.', {
        context: { received: Array.isArray(r) ? 'array' : r === null ? 'null' : typeof r },
      });
    }
    for (const k of Object.keys(r)) {
      if (!seen.has(k)) {
        seen.add(k);
        names.push(k);
      }
    }
  }
  const columns: Record<string, Column> = {};
  for (const name of names) columns[name] = normalizeColumn(records.map((r) => r[name]));
  return makeTable(columns);
}

/** Table → records; NaN in numeric columns becomes null. */
export function tableToRecords(table: Table): Record<string, Cell>[] {
  const names = columnNames(table);
  const out: Record<string, Cell>[] = new Array(table.length);
  for (let i = 0; i < table.length; i++) {
    const row: Record<string, Cell> = {};
    for (const name of names) row[name] = cellAt(table.columns[name], i);
    out[i] = row;
  }
  return out;
}

/** The cell at row i; NaN in a Float64Array reads as null. */
export function cellAt(column: Column, i: number): Cell {
  if (column instanceof Float64Array) {
    const v = column[i];
    return Number.isNaN(v) ? null : v;
  }
  return column[i] ?? null;
}
