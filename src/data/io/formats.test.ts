import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { afterAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { EContractNonFinite, EDataFormat } from '../../errors/index.js';
import { readCsv, writeCsv } from './csv.js';
import { readJson, writeJson } from './json.js';
import { DateDay, Table as ArrowTable, TimestampMicrosecond, TimestampNanosecond, tableToIPC, vectorFromArray } from 'apache-arrow';
import { readArrow, writeArrow } from './arrow.js';
import { readParquet, writeParquet } from './parquet.js';
import { decodeTable, encodeTable, formatFromPath, readTable, sniffFormat, writeTable, type TableFormat } from './readWrite.js';
import { makeTable, tableToRecords, type Table } from './table.js';
import { tableToPanel } from '../../validation/tableContract.js';

const dir = mkdtempSync(join(tmpdir(), 'tsak-io-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** vega-datasets ships its files under data/, beside build/ (the package's entry point). */
const vegaData = () => join(dirname(createRequire(import.meta.url).resolve('vega-datasets')), '..', 'data');

const day = (d: number) => new Date(Date.UTC(2024, 0, d));

/** A small long-format panel with a missing y, a covariate and text ids with leading zeros. */
function sample(): Table {
  return makeTable({
    unique_id: ['007', '007', '007', 'B', 'B'],
    ds: [day(1), day(2), day(3), day(1), day(2)],
    y: Float64Array.from([1.5, Number.NaN, -2e-3, 10, 1e21]),
    price: Float64Array.from([3, 3.25, 3.5, 9, 9]),
  });
}

describe('CSV', () => {
  it('infers numeric columns, keeps codes with leading zeros as text and reads NA markers as missing', () => {
    const t = readCsv('id,ds,y,flag\n007,2024-01-01,1.5,yes\n008,2024-01-02,NA,\n009,2024-01-03,-inf,no\n');
    expect(t.length).toBe(3);
    expect(t.columns['id']).toEqual(['007', '008', '009']);
    expect(Array.from(t.columns['y'] as Float64Array)).toEqual([1.5, Number.NaN, Number.NEGATIVE_INFINITY]);
    expect(t.columns['flag']).toEqual(['yes', null, 'no']);
    expect(t.columns['ds']).toEqual(['2024-01-01', '2024-01-02', '2024-01-03']);
  });

  it('honours forced column types, quoting and a BOM', () => {
    const t = readCsv('\ufeffid,note\n1,"a, b"\n2,"say ""hi"""\n', { columnTypes: { id: 'string' } });
    expect(t.columns['id']).toEqual(['1', '2']);
    expect(t.columns['note']).toEqual(['a, b', 'say "hi"']);
    expect(() => readCsv('a\nx\n', { columnTypes: { a: 'number' } })).toThrow(EDataFormat);
  });

  it('writes dates as ISO dates, NaN as empty and ±inf as pandas does', () => {
    const text = writeCsv(
      makeTable({ ds: [day(1), new Date(Date.UTC(2024, 0, 1, 6))], y: Float64Array.from([Number.NaN, Infinity]), s: ['x,y', null] }),
    );
    expect(text).toBe('ds,y,s\n2024-01-01T00:00:00Z,,"x,y"\n2024-01-01T06:00:00Z,inf,\n');
    expect(writeCsv(makeTable({ ds: [day(1)] }))).toBe('ds\n2024-01-01\n');
  });

  it('rejects ragged rows, repeated headers and empty input with EDataFormat', () => {
    expect(() => readCsv('a,b\n1,2\n3\n')).toThrow(EDataFormat);
    expect(() => readCsv('a,a\n1,2\n')).toThrow(EDataFormat);
    expect(() => readCsv('')).toThrow(EDataFormat);
    expect(() => readCsv('a,b\n"1,2\n')).toThrow(EDataFormat);
  });
});

describe('JSON', () => {
  const expected = [
    { unique_id: 'a', ds: '2024-01-01', y: 1 },
    { unique_id: 'a', ds: '2024-01-02', y: null },
  ];
  it.each([
    ['records', JSON.stringify(expected)],
    ['columnar', JSON.stringify({ unique_id: ['a', 'a'], ds: ['2024-01-01', '2024-01-02'], y: [1, null] })],
    [
      'pandas split',
      JSON.stringify({
        columns: ['unique_id', 'ds', 'y'],
        index: [0, 1],
        data: [
          ['a', '2024-01-01', 1],
          ['a', '2024-01-02', null],
        ],
      }),
    ],
    ['pandas columns', JSON.stringify({ unique_id: { 0: 'a', 1: 'a' }, ds: { 0: '2024-01-01', 1: '2024-01-02' }, y: { 0: 1, 1: null } })],
  ])('reads %s', (_layout, text) => {
    expect(tableToRecords(readJson(text))).toEqual(expected);
  });

  it('reads JSON Lines and fills absent keys with null', () => {
    const t = readJson('{"a":1}\n\n{"a":2,"b":"x"}\n', { lines: true });
    expect(tableToRecords(t)).toEqual([
      { a: 1, b: null },
      { a: 2, b: 'x' },
    ]);
  });

  it('writes NaN as null and infinities as "inf" strings that read back as numbers', () => {
    const t = makeTable({ y: Float64Array.from([1, Number.NaN, -Infinity]) });
    expect(writeJson(t, 'columnar')).toBe('{"y":[1,null,"-inf"]}');
    const back = readJson(
      writeJson(makeTable({ unique_id: ['a'], ds: [day(1)], y: Float64Array.from([2]), x: Float64Array.from([Infinity]) })),
    );
    expect(back.columns['x']).toEqual(['inf']);
    // ...which the panel conversion reads as +Infinity and rejects as non-finite.
    expect(() => tableToPanel(back)).toThrow(EContractNonFinite);
  });

  it.each([
    ['not JSON', '{"a": '],
    ['a scalar', '42'],
    ['an array of scalars', '[1, 2]'],
    ['ragged columns', '{"a": [1, 2], "b": [1]}'],
    ['mixed object values', '{"a": [1], "b": 2}'],
    ['a bad JSON line', '{"a":1}\nnope\n'],
  ])('rejects %s with EDataFormat', (_name, text) => {
    expect(() => readJson(text, { lines: text.includes('nope') })).toThrow(EDataFormat);
  });
});

describe('Parquet and Arrow', () => {
  it('Parquet keeps numbers, text, Dates and nulls', async () => {
    const t = await readParquet(writeParquet(sample()));
    expect(tableToRecords(t)).toEqual(tableToRecords(sample()));
    expect((t.columns['ds'] as Date[])[0]).toBeInstanceOf(Date);
  });

  it.each(['file', 'stream'] as const)('Arrow IPC %s keeps numbers, text, Dates and nulls', (layout) => {
    const t = readArrow(writeArrow(sample(), layout));
    expect(tableToRecords(t)).toEqual(tableToRecords(sample()));
  });

  it('reads Arrow timestamps of every unit and day dates as Dates', () => {
    const when = new Date(Date.UTC(2024, 0, 2, 3, 4, 5));
    const t = new ArrowTable({
      us: vectorFromArray([when, null], new TimestampMicrosecond()),
      ns: vectorFromArray([when, null], new TimestampNanosecond()),
      day: vectorFromArray([new Date(Date.UTC(2024, 0, 2)), null], new DateDay()),
    });
    const back = readArrow(tableToIPC(t, 'file'));
    expect(back.columns['us']).toEqual([when, null]);
    expect(back.columns['ns']).toEqual([when, null]);
    expect(back.columns['day']).toEqual([new Date(Date.UTC(2024, 0, 2)), null]);
  });

  it('reads an Arrow file written by another library (vega-datasets flights-200k.arrow)', () => {
    const base = vegaData();
    const arrow = readArrow(readFileSync(join(base, 'flights-200k.arrow')));
    const json = JSON.parse(readFileSync(join(base, 'flights-200k.json'), 'utf8')) as Record<string, number>[];
    expect(arrow.length).toBe(json.length);
    for (const i of [0, 1, 12345, json.length - 1]) {
      for (const key of Object.keys(json[0])) {
        expect((arrow.columns[key] as Float64Array)[i]).toBeCloseTo(json[i][key], 4);
      }
    }
  });

  it('reads a zstd Parquet file written by Polars (first rows of vega-datasets flights-3m.parquet)', async () => {
    const path = join(vegaData(), 'flights-3m.parquet');
    const t = await readTable(path, { maxRows: 5 });
    expect(t.length).toBe(5);
    expect(Object.keys(t.columns)).toEqual(['date', 'delay', 'distance', 'origin', 'destination']);
    expect((t.columns['date'] as Date[])[0]).toBeInstanceOf(Date);
    expect(typeof (t.columns['origin'] as string[])[0]).toBe('string');
    expect((t.columns['distance'] as Float64Array)[0]).toBeGreaterThan(0);
  });

  it('rejects corrupt or truncated Parquet and Arrow with EDataFormat', async () => {
    const pq = writeParquet(sample());
    await expect(readParquet(pq.subarray(0, pq.length - 10))).rejects.toThrow(EDataFormat);
    const broken = pq.slice();
    broken.fill(7, 8, pq.length - 40);
    await expect(readParquet(broken)).rejects.toThrow(EDataFormat);
    await expect(readParquet(new Uint8Array([1, 2, 3]))).rejects.toThrow(EDataFormat);
    const ar = writeArrow(sample(), 'file');
    expect(() => readArrow(ar.subarray(0, 40))).toThrow(EDataFormat);
    expect(() => readArrow(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9]))).toThrow(EDataFormat);
  });
});

describe('readTable / writeTable', () => {
  const formats: [string, TableFormat][] = [
    ['p.csv', 'csv'],
    ['p.tsv', 'tsv'],
    ['p.json', 'json'],
    ['p.jsonl', 'jsonl'],
    ['p.parquet', 'parquet'],
    ['p.arrow', 'arrow'],
    ['p.arrows', 'arrows'],
    ['p.csv.gz', 'csv'],
  ];

  it.each(formats)('round-trips a panel through %s', async (file, format) => {
    expect(formatFromPath(file)).toBe(format);
    const path = join(dir, file);
    const original = tableToPanel(sample());
    await writeTable(sample(), path);
    const back = tableToPanel(await readTable(path));
    expect(back).toEqual(original);
    expect(back.series.map((s) => s.id)).toEqual(['007', 'B']);
  });

  it('round-trips columnar JSON and sniffs the format of bytes', async () => {
    const path = join(dir, 'columnar.json');
    await writeTable(sample(), path, { jsonLayout: 'columnar' });
    expect(readFileSync(path, 'utf8').startsWith('{"unique_id":[')).toBe(true);
    expect(tableToPanel(await readTable(path))).toEqual(tableToPanel(sample()));
    for (const format of ['csv', 'json', 'jsonl', 'parquet', 'arrow', 'arrows'] as const) {
      const bytes = encodeTable(sample(), format);
      expect(sniffFormat(bytes)).toBe(format);
      expect(tableToPanel(await readTable(bytes))).toEqual(tableToPanel(sample()));
      expect(tableToPanel(await decodeTable(bytes, format))).toEqual(tableToPanel(sample()));
    }
  });

  it('reports missing files, unknown extensions and mislabelled content as EDataFormat', async () => {
    await expect(readTable(join(dir, 'nope.csv'))).rejects.toThrow(EDataFormat);
    await expect(writeTable(sample(), join(dir, 'out.xlsx'))).rejects.toThrow(EDataFormat);
    const fake = join(dir, 'fake.parquet');
    writeFileSync(fake, 'unique_id,ds,y\na,2024-01-01,1\n');
    await expect(readTable(fake)).rejects.toThrow(EDataFormat);
    const fakeArrow = join(dir, 'fake.arrow');
    writeFileSync(fakeArrow, '{"a": 1}');
    await expect(readTable(fakeArrow)).rejects.toThrow(EDataFormat);
    await expect(readTable(new Uint8Array([0x1f, 0x8b, 1, 2, 3]))).rejects.toThrow(EDataFormat);
    await expect(decodeTable(new Uint8Array(), 'xlsx' as TableFormat)).rejects.toThrow(EDataFormat);
  });
});
