/**
 * Reading and writing tables by path or from bytes, with the format taken from the file extension
 * (or sniffed from the bytes when there is none). Gzipped files (`.csv.gz`, `.json.gz`, …) are
 * decompressed transparently.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { gunzipSync, gzipSync } from 'node:zlib';
import { EDataFormat } from '../../errors/index.js';
import { isArrowFile, isArrowStream, readArrow, writeArrow } from './arrow.js';
import { readCsv, writeCsv, type CsvReadOptions } from './csv.js';
import { readJson, writeJson, type JsonLayout } from './json.js';
import { isParquet, readParquet, writeParquet, type ParquetReadOptions } from './parquet.js';
import type { Table } from './table.js';

export type TableFormat = 'csv' | 'tsv' | 'json' | 'jsonl' | 'parquet' | 'arrow' | 'arrows';

const EXTENSIONS: Record<string, TableFormat> = {
  csv: 'csv',
  txt: 'csv',
  tsv: 'tsv',
  tab: 'tsv',
  json: 'json',
  jsonl: 'jsonl',
  ndjson: 'jsonl',
  parquet: 'parquet',
  pq: 'parquet',
  arrow: 'arrow',
  feather: 'arrow',
  ipc: 'arrow',
  arrows: 'arrows',
};

export const TABLE_FORMATS: readonly TableFormat[] = ['csv', 'tsv', 'json', 'jsonl', 'parquet', 'arrow', 'arrows'];

/** The format named by a path's extension (ignoring a trailing .gz), or undefined. */
export function formatFromPath(path: string): TableFormat | undefined {
  const name = path.toLowerCase().replace(/\.gz$/, '');
  const dot = name.lastIndexOf('.');
  if (dot < 0) return undefined;
  return EXTENSIONS[name.slice(dot + 1)];
}

/** Guesses the format from the first bytes: Parquet and Arrow by magic, JSON by its first character, else CSV. */
export function sniffFormat(bytes: Uint8Array): TableFormat {
  if (isParquet(bytes)) return 'parquet';
  if (isArrowFile(bytes)) return 'arrow';
  if (isArrowStream(bytes)) return 'arrows';
  let i = 0;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) i = 3;
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x0a || bytes[i] === 0x0d || bytes[i] === 0x09)) i++;
  if (bytes[i] === 0x5b /* [ */) return 'json';
  if (bytes[i] === 0x7b /* { */) {
    // One object per line is JSON Lines; a single object is columnar JSON.
    const text = Buffer.from(bytes.subarray(i, Math.min(bytes.length, i + (1 << 20)))).toString('utf8');
    const firstLine = text.split(/\r?\n/, 1)[0].trim();
    try {
      JSON.parse(firstLine);
      return text.trim().includes('\n') ? 'jsonl' : 'json';
    } catch {
      return 'json';
    }
  }
  return 'csv';
}

function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

export interface ReadTableOptions extends CsvReadOptions, ParquetReadOptions {
  /** Overrides the extension / sniffing. */
  format?: TableFormat;
}

/** Reads a table from a path or from bytes. Unreadable, corrupt or unsupported input → EDataFormat. */
export async function readTable(source: string | Uint8Array | ArrayBuffer, options: ReadTableOptions = {}): Promise<Table> {
  let bytes: Uint8Array;
  let format = options.format;
  if (typeof source === 'string') {
    try {
      bytes = await readFile(source);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new EDataFormat(`Cannot read "${source}": ${code === 'ENOENT' ? 'no such file' : (e as Error).message}.`, {
        context: { path: source, reason: code ?? 'io_error' },
        fixHint: 'Check the path and that the file is readable.',
        cause: e,
      });
    }
    format ??= formatFromPath(source);
  } else {
    bytes = source instanceof Uint8Array ? source : new Uint8Array(source);
  }
  if (isGzip(bytes)) {
    try {
      bytes = gunzipSync(bytes);
    } catch (e) {
      throw new EDataFormat('The gzip data is corrupt or truncated.', { context: { format: 'gzip' }, cause: e });
    }
  }
  format ??= sniffFormat(bytes);
  return decodeTable(bytes, format, options);
}

/** Decodes bytes of a known format. */
export async function decodeTable(bytes: Uint8Array, format: TableFormat, options: ReadTableOptions = {}): Promise<Table> {
  switch (format) {
    case 'csv':
      return readCsv(bytes, options);
    case 'tsv':
      return readCsv(bytes, { ...options, delimiter: options.delimiter ?? '\t' });
    case 'json':
      return readJson(bytes);
    case 'jsonl':
      return readJson(bytes, { lines: true });
    case 'parquet':
      return readParquet(bytes, options);
    case 'arrow':
    case 'arrows':
      return readArrow(bytes);
    default:
      throw new EDataFormat(`Unsupported table format "${String(format)}".`, { context: { format, supported: TABLE_FORMATS } });
  }
}

export interface WriteTableOptions {
  format?: TableFormat;
  /** JSON layout for format "json": records (default) or columnar. */
  jsonLayout?: Exclude<JsonLayout, 'lines'>;
  /** Gzip the output; default: when the path ends in .gz. */
  gzip?: boolean;
}

/** Encodes a table in a format. */
export function encodeTable(table: Table, format: TableFormat, options: WriteTableOptions = {}): Uint8Array {
  switch (format) {
    case 'csv':
      return Buffer.from(writeCsv(table), 'utf8');
    case 'tsv':
      return Buffer.from(writeCsv(table, { delimiter: '\t' }), 'utf8');
    case 'json':
      return Buffer.from(writeJson(table, options.jsonLayout ?? 'records'), 'utf8');
    case 'jsonl':
      return Buffer.from(writeJson(table, 'lines'), 'utf8');
    case 'parquet':
      return writeParquet(table);
    case 'arrow':
      return writeArrow(table, 'file');
    case 'arrows':
      return writeArrow(table, 'stream');
    default:
      throw new EDataFormat(`Unsupported table format "${String(format)}".`, { context: { format, supported: TABLE_FORMATS } });
  }
}

/** Writes a table to a path; the format comes from options or the extension. */
export async function writeTable(table: Table, path: string, options: WriteTableOptions = {}): Promise<void> {
  const format = options.format ?? formatFromPath(path);
  if (!format) {
    throw new EDataFormat(`Cannot tell the format of "${path}" from its extension.`, {
      context: { path, supported: TABLE_FORMATS },
      fixHint: 'Use an extension such as .csv, .json, .jsonl, .parquet or .arrow, or pass { format }.',
    });
  }
  let bytes = encodeTable(table, format, options);
  if (options.gzip ?? path.toLowerCase().endsWith('.gz')) bytes = gzipSync(bytes);
  await writeFile(path, bytes);
}
