/**
 * What the library accepts as data: row records, a columnar object, our `Table`, an apache-arrow
 * `Table`, or a `Panel` (already per-series typed arrays). Everything but a Panel becomes a `Table`
 * here; a Panel is checked as it is (no round trip through rows).
 */
import { Table as ArrowTable } from 'apache-arrow';
import { EDataFormat } from '../errors/index.js';
import { tableFromArrow } from './io/arrow.js';
import { makeTable, normalizeColumn, tableFromRecords, type Column, type Table } from './io/table.js';
import type { Panel } from './panel.js';

/** Rows such as `[{ unique_id, ds, y, ...covariates }]`. */
export type RecordsInput = ReadonlyArray<Record<string, unknown>>;
/** Columns such as `{ unique_id: [...], ds: [...], y: [...] }`. */
export type ColumnarInput = Readonly<Record<string, readonly unknown[] | ArrayLike<number>>>;

export type ForecastInput = RecordsInput | ColumnarInput | Table | ArrowTable | Panel;

export function isPanel(x: unknown): x is Panel {
  return typeof x === 'object' && x !== null && Array.isArray((x as Panel).series) && typeof (x as Panel).covariates === 'object';
}

export function isTable(x: unknown): x is Table {
  return (
    typeof x === 'object' &&
    x !== null &&
    !Array.isArray(x) &&
    !(x instanceof ArrowTable) &&
    typeof (x as Table).length === 'number' &&
    typeof (x as Table).columns === 'object' &&
    (x as Table).columns !== null
  );
}

function isColumnLike(v: unknown): boolean {
  return Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView));
}

/** Any input but a Panel as a Table; EDataFormat for anything else (e.g. a path string). */
export function inputToTable(input: unknown): Table {
  if (input instanceof ArrowTable) return tableFromArrow(input);
  if (isTable(input)) return input;
  if (Array.isArray(input)) return tableFromRecords(input as Record<string, unknown>[]);
  if (typeof input === 'object' && input !== null && !isPanel(input) && Object.values(input).every(isColumnLike)) {
    const columns: Record<string, Column> = {};
    for (const [k, v] of Object.entries(input)) columns[k] = normalizeColumn(v as ArrayLike<unknown>);
    return makeTable(columns);
  }
  throw new EDataFormat(
    `Expected rows, an object of columns, a Table, an Arrow Table or a Panel, not ${typeof input === 'string' ? 'a string (read files with readTable first)' : input === null ? 'null' : typeof input}.`,
    { context: { received: input === null ? 'null' : typeof input } },
  );
}
