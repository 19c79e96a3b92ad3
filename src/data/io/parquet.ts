/**
 * Parquet through hyparquet (read) and hyparquet-writer (write). Numbers are written as nullable DOUBLE
 * with NaN stored as null (what pandas/pyarrow do), text as UTF-8 strings, Dates as millisecond
 * timestamps. Snappy, zstd, gzip, brotli and LZ4 files are read (hyparquet-compressors); LZO is not.
 */
import { parquetMetadata, parquetRead, parquetSchema, type Compressors } from 'hyparquet';
import { compressors as defaultCompressors } from 'hyparquet-compressors';
import { parquetWriteBuffer, type ColumnSource } from 'hyparquet-writer';
import { EDataFormat } from '../../errors/index.js';
import { columnKind, columnNames, makeTable, normalizeColumn, type Column, type Table } from './table.js';

const MAGIC = 'PAR1';

export function isParquet(bytes: Uint8Array): boolean {
  return (
    bytes.length >= 8 &&
    String.fromCharCode(...bytes.subarray(0, 4)) === MAGIC &&
    String.fromCharCode(...bytes.subarray(bytes.length - 4)) === MAGIC
  );
}

function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

export interface ParquetReadOptions {
  /** Decompressors by codec; default hyparquet-compressors' set. */
  compressors?: Compressors;
  /** Read only the first `maxRows` rows (previews of large files). */
  maxRows?: number;
}

export async function readParquet(bytes: Uint8Array, options: ParquetReadOptions = {}): Promise<Table> {
  if (!isParquet(bytes)) {
    throw new EDataFormat('Not a Parquet file: the PAR1 magic bytes are missing at the start or end (truncated or another format).', {
      context: { format: 'parquet', bytes: bytes.length },
    });
  }
  const file = toArrayBuffer(bytes);
  try {
    const metadata = parquetMetadata(file);
    const names = parquetSchema(metadata).children.map((c) => c.element.name);
    const compressors = options.compressors ?? (defaultCompressors as Compressors);
    const codecs = new Set(metadata.row_groups.flatMap((g) => g.columns.map((c) => c.meta_data?.codec ?? 'UNCOMPRESSED')));
    const unsupported = [...codecs].filter((c) => c !== 'UNCOMPRESSED' && c !== 'SNAPPY' && !(c in compressors));
    if (unsupported.length) {
      throw new EDataFormat(`The Parquet file uses an unsupported compression codec: ${unsupported.join(', ')}.`, {
        context: { format: 'parquet', codecs: unsupported },
        fixHint: 'Write the file with snappy, zstd, gzip or no compression.',
      });
    }
    const rows = Math.min(Number(metadata.num_rows), options.maxRows ?? Number.POSITIVE_INFINITY);
    const raw: Record<string, unknown[]> = {};
    for (const name of names) raw[name] = new Array(rows).fill(null);
    await parquetRead({
      file,
      metadata,
      compressors,
      rowEnd: rows,
      onChunk: ({ columnName, columnData, rowStart, rowEnd }) => {
        const target = raw[columnName];
        if (!target) return;
        const end = Math.min(rowEnd, rows);
        for (let i = rowStart; i < end; i++) target[i] = columnData[i - rowStart];
      },
    });
    const columns: Record<string, Column> = {};
    for (const name of names) columns[name] = normalizeColumn(raw[name]);
    return makeTable(columns);
  } catch (e) {
    if (e instanceof EDataFormat) throw e;
    const message = (e as Error).message ?? String(e);
    throw new EDataFormat(`The Parquet file could not be read: ${message}`, {
      context: { format: 'parquet' },
      fixHint: /compression|codec/i.test(message)
        ? 'Write the file with snappy or no compression, or pass compressors (hyparquet-compressors) for other codecs.'
        : 'The file is truncated or corrupt; write it again.',
      cause: e,
    });
  }
}

function columnSource(name: string, column: Column): ColumnSource {
  const kind = columnKind(column);
  if (kind === 'number') {
    const data = Array.from(column as ArrayLike<number | null>, (v) => (v === null || Number.isNaN(v) ? null : v));
    return { name, data, type: 'DOUBLE', nullable: true };
  }
  const cells = column as readonly unknown[];
  if (kind === 'date') return { name, data: [...cells], type: 'TIMESTAMP', nullable: true };
  if (kind === 'boolean') return { name, data: [...cells], type: 'BOOLEAN', nullable: true };
  // Text, mixed and all-null columns are stored as text.
  const data = cells.map((v) => (v === null ? null : v instanceof Date ? v.toISOString() : String(v)));
  return { name, data, type: 'STRING', nullable: true };
}

export function writeParquet(table: Table): Uint8Array {
  const columnData = columnNames(table).map((name) => columnSource(name, table.columns[name]));
  return new Uint8Array(parquetWriteBuffer({ columnData, createdBy: 'tsagentkit' }));
}
