/**
 * Arrow IPC through apache-arrow, in both the file layout (ARROW1 magic, `.arrow`/`.feather`) and the
 * stream layout (`.arrows`). Timestamp and date columns are read as Dates; 64-bit integers as numbers.
 */
import {
  Bool,
  DataType,
  Float64,
  Table as ArrowTable,
  TimestampMillisecond,
  Utf8,
  tableFromIPC,
  tableToIPC,
  vectorFromArray,
  type Vector,
} from 'apache-arrow';
import { EDataFormat } from '../../errors/index.js';
import { columnKind, columnNames, makeTable, normalizeColumn, type Column, type Table } from './table.js';

export type ArrowLayout = 'file' | 'stream';

export function isArrowFile(bytes: Uint8Array): boolean {
  return bytes.length >= 6 && String.fromCharCode(...bytes.subarray(0, 6)) === 'ARROW1';
}

/** An IPC stream starts with a message: the 0xFFFFFFFF continuation marker (or, before Arrow 0.15, a length). */
export function isArrowStream(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && bytes[0] === 0xff && bytes[1] === 0xff && bytes[2] === 0xff && bytes[3] === 0xff;
}

export function readArrow(bytes: Uint8Array): Table {
  if (!isArrowFile(bytes) && !isArrowStream(bytes)) {
    throw new EDataFormat('Not an Arrow IPC file or stream (no ARROW1 magic and no stream continuation marker).', {
      context: { format: 'arrow', bytes: bytes.length },
    });
  }
  let table: ArrowTable;
  try {
    table = tableFromIPC(bytes);
  } catch (e) {
    throw new EDataFormat(`The Arrow IPC data could not be read: ${(e as Error).message}`, {
      context: { format: 'arrow' },
      fixHint: 'The file is truncated or corrupt; write it again.',
      cause: e,
    });
  }
  if (table.schema.fields.length === 0) {
    throw new EDataFormat('The Arrow IPC data has no schema (empty or truncated).', { context: { format: 'arrow' } });
  }
  return tableFromArrow(table);
}

/** An in-memory apache-arrow Table as our Table: timestamps and dates become Dates, int64 numbers. */
export function tableFromArrow(table: ArrowTable): Table {
  const columns: Record<string, Column> = {};
  for (const field of table.schema.fields) {
    const vector = table.getChild(field.name)!;
    columns[field.name] = readVector(vector, field.type);
  }
  return makeTable(columns);
}

function readVector(vector: Vector, type: DataType): Column {
  const n = vector.length;
  const temporal = DataType.isTimestamp(type) || DataType.isDate(type);
  const values: unknown[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const v = vector.get(i);
    values[i] = temporal && v !== null && v !== undefined ? new Date(Number(v instanceof Date ? v.getTime() : v)) : v;
  }
  return normalizeColumn(values);
}

function toVector(column: Column): Vector {
  const kind = columnKind(column);
  if (kind === 'number') {
    return vectorFromArray(
      Array.from(column as ArrayLike<number | null>, (v) => (v === null || Number.isNaN(v) ? null : v)),
      new Float64(),
    );
  }
  const cells = column as readonly unknown[];
  if (kind === 'date') return vectorFromArray([...cells] as (Date | null)[], new TimestampMillisecond());
  if (kind === 'boolean') return vectorFromArray([...cells] as (boolean | null)[], new Bool());
  return vectorFromArray(
    cells.map((v) => (v === null ? null : v instanceof Date ? v.toISOString() : String(v))),
    new Utf8(),
  );
}

export function writeArrow(table: Table, layout: ArrowLayout = 'file'): Uint8Array {
  const vectors: Record<string, Vector> = {};
  for (const name of columnNames(table)) vectors[name] = toVector(table.columns[name]);
  return tableToIPC(new ArrowTable(vectors), layout);
}
