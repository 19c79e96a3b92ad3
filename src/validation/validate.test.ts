import { describe, expect, it } from 'vitest';
import { makeTable } from '../data/io/table.js';
import {
  EContractDuplicateKey,
  EContractMissingColumn,
  EContractNonFinite,
  EFreqIrregular,
  ESeriesTooShort,
  TSAgentKitError,
} from '../errors/index.js';
import { validate } from './validate.js';

const D = (d: number) => Date.UTC(2024, 0, d);
const iso = (d: number) => new Date(D(d)).toISOString().slice(0, 10);
const daily = (id: string, days: number[], y: (d: number) => number | null = (d) => d) =>
  days.map((d) => ({ unique_id: id, ds: iso(d), y: y(d) }));
const codes = (issues: readonly { code: string }[]) => issues.map((i) => i.code);

describe('validate: a clean panel', () => {
  it('is valid, carries the panel and statistics', () => {
    const r = validate([...daily('a', [1, 2, 3, 4]), ...daily('b', [1, 2, 3, 4], (d) => 10 * d)]);
    expect(r.valid).toBe(true);
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([]);
    expect(r.panel!.series).toHaveLength(2);
    expect(r.stats).toMatchObject({
      nRows: 8,
      nSeries: 2,
      rows: { history: 8, future: 0, merged: 0, droppedTrailing: 0, invalid: 0 },
      dateRange: { start: '2024-01-01T00:00:00Z', end: '2024-01-04T00:00:00Z' },
      y: { mean: 13.75, min: 1, max: 40, missing: 0 },
      seriesLengths: { min: 4, max: 4, mean: 4 },
      freq: 'D',
      inferredFreq: 'D',
      freqCounts: { D: 2 },
    });
    // Sample std of [1..4, 10..40].
    const ys = [1, 2, 3, 4, 10, 20, 30, 40];
    const m = ys.reduce((a, b) => a + b) / 8;
    expect(r.stats.y.std).toBeCloseTo(Math.sqrt(ys.reduce((a, b) => a + (b - m) ** 2, 0) / 7), 12);
    expect(r.throwIfErrors()).toBe(r.panel);
    expect(JSON.parse(JSON.stringify(r))).toMatchObject({ valid: true, errors: [], warnings: [] });
  });

  it('accepts a Table and an object of columns', () => {
    const t = makeTable({ unique_id: ['a', 'a', 'a'], ds: [iso(1), iso(2), iso(3)], y: Float64Array.from([1, 2, 3]) });
    expect(validate(t).valid).toBe(true);
    expect(validate({ unique_id: ['a', 'a', 'a'], ds: [D(1), D(2), D(3)], y: [1, 2, 3] }).valid).toBe(true);
  });
});

describe('validate: every bad-input class', () => {
  it('non-tabular input', () => {
    const r = validate('data.csv' as never);
    expect(r.valid).toBe(false);
    expect(codes(r.errors)).toEqual(['E_DATA_FORMAT']);
  });

  it('missing required columns, with the column map', () => {
    const r = validate([{ store: 'a', date: iso(1), sales: 1 }], { columnMap: { unique_id: 'store', ds: 'date' } });
    expect(codes(r.errors)).toEqual(['E_CONTRACT_MISSING_COLUMN']);
    expect(r.errors[0].context['missing']).toEqual(['y']);
    expect(r.errors[0].fixHint).toMatch(/columnMap/);
    expect(() => r.throwIfErrors()).toThrow(EContractMissingColumn);
  });

  it('empty input', () => {
    expect(codes(validate([]).errors)).toEqual(['E_CONTRACT_MISSING_COLUMN']);
    expect(codes(validate({ unique_id: [], ds: [], y: [] }).errors)).toEqual(['E_CONTRACT_EMPTY']);
  });

  it('types: y not numeric, ds not a date', () => {
    const r = validate([
      { unique_id: 'a', ds: iso(1), y: 1 },
      { unique_id: 'a', ds: 'soon', y: 2 },
      { unique_id: 'a', ds: iso(3), y: 'x' },
    ]);
    expect(codes(r.errors)).toEqual(['E_CONTRACT_INVALID_TYPE', 'E_CONTRACT_INVALID_TYPE']);
    expect(r.stats.rows.invalid).toBe(2);
    expect(r.panel).toBeUndefined();
  });

  it('duplicates: reject is an error, the other policies combine with a warning', () => {
    const rows = [...daily('a', [1, 2, 3]), { unique_id: 'a', ds: iso(2), y: 5 }];
    const rejected = validate(rows);
    expect(codes(rejected.errors)).toEqual(['E_CONTRACT_DUPLICATE_KEY']);
    expect(() => rejected.throwIfErrors()).toThrow(EContractDuplicateKey);
    const summed = validate(rows, { duplicatePolicy: 'sum' });
    expect(summed.valid).toBe(true);
    expect(codes(summed.warnings)).toEqual(['E_CONTRACT_UNSORTED', 'E_CONTRACT_DUPLICATE_KEY']);
    expect(Array.from(summed.panel!.series[0].y)).toEqual([1, 7, 3]);
    expect(summed.stats.rows).toMatchObject({ history: 3, merged: 1 });
  });

  it('unsorted rows are sorted with a warning', () => {
    const r = validate([daily('a', [3])[0], ...daily('a', [1, 2])]);
    expect(r.valid).toBe(true);
    expect(codes(r.warnings)).toEqual(['E_CONTRACT_UNSORTED']);
    expect(Array.from(r.panel!.series[0].y)).toEqual([1, 2, 3]);
  });

  it('non-finite: ±Infinity is an error, missing y a counted warning', () => {
    const inf = validate(daily('a', [1, 2, 3], (d) => (d === 2 ? -Infinity : d)));
    expect(codes(inf.errors)).toEqual(['E_CONTRACT_NON_FINITE']);
    expect(() => inf.throwIfErrors()).toThrow(EContractNonFinite);
    const nan = validate(daily('a', [1, 2, 3, 4], (d) => (d === 2 ? null : d)));
    expect(nan.valid).toBe(true);
    expect(codes(nan.warnings)).toEqual(['E_CONTRACT_MISSING_VALUE']);
    expect(nan.warnings[0].context['count']).toBe(1);
    expect(nan.stats.y.missing).toBe(1);
  });

  it('unknown frequency is a warning (as the original), off-grid series an error, gaps a warning', () => {
    const unknown = validate([
      { unique_id: 'a', ds: '2024-01-01T00:00:00', y: 1 },
      { unique_id: 'a', ds: '2024-01-01T00:00:07', y: 2 },
      { unique_id: 'a', ds: '2024-01-03T05:00:00', y: 3 },
    ]);
    expect(unknown.valid).toBe(true);
    expect(codes(unknown.warnings)).toEqual(['E_FREQ_INFER_FAILED']);
    expect(unknown.stats.freq).toBeUndefined();

    const mixed = validate([
      ...daily('a', [1, 2, 3, 4]),
      ...daily('b', [1, 2, 3, 4]),
      { unique_id: 'c', ds: '2024-01-01', y: 1 },
      { unique_id: 'c', ds: '2024-01-01T12:00:00', y: 1 },
    ]);
    expect(codes(mixed.errors)).toEqual(['E_FREQ_IRREGULAR']);
    expect(mixed.errors[0].context).toMatchObject({ freq: 'D', count: 1, examples: [{ unique_id: 'c', ds: '2024-01-01T12:00:00Z' }] });
    expect(() => mixed.throwIfErrors()).toThrow(EFreqIrregular);

    const gaps = validate(daily('a', [1, 2, 5, 6, 7]));
    expect(gaps.valid).toBe(true);
    expect(codes(gaps.warnings)).toEqual(['E_FREQ_IRREGULAR']);
    expect(gaps.warnings[0].context).toMatchObject({ freq: 'D', missingTimestamps: 2 });
  });

  it('an explicit freq is checked: dates off the anchor are errors', () => {
    const r = validate(
      ['2024-01-15', '2024-02-15', '2024-03-15'].map((ds, i) => ({ unique_id: 'a', ds, y: i })),
      { freq: 'M' },
    );
    expect(codes(r.errors)).toEqual(['E_FREQ_IRREGULAR']);
    const ok = validate(
      ['2024-01-31', '2024-02-29', '2024-03-31'].map((ds, i) => ({ unique_id: 'a', ds, y: i })),
      { freq: 'ME' },
    );
    expect(ok.valid).toBe(true);
    expect(ok.panel!.freq).toBe('ME');
    expect(codes(validate(daily('a', [1, 2, 3]), { freq: 'weird' }).errors)).toEqual(['E_FREQ_INVALID']);
  });

  it('series too short: minLength is an error, h a warning, no observation at all an error', () => {
    const rows = [...daily('a', [1, 2, 3, 4, 5]), ...daily('b', [1, 2])];
    const byMin = validate(rows, { minLength: 3 });
    expect(codes(byMin.errors)).toEqual(['E_SERIES_TOO_SHORT']);
    expect(byMin.errors[0].context).toMatchObject({ count: 1, series: [{ unique_id: 'b', observed: 2 }] });
    expect(() => byMin.throwIfErrors()).toThrow(ESeriesTooShort);
    const byH = validate(rows, { h: 3 });
    expect(byH.valid).toBe(true);
    expect(codes(byH.warnings)).toEqual(['E_SERIES_TOO_SHORT']);
    const none = validate([...daily('a', [1, 2, 3]), ...daily('z', [1, 2, 3], () => null)]);
    expect(codes(none.errors)).toEqual(['E_SERIES_TOO_SHORT']);
    expect(codes(none.warnings)).toContain('E_CONTRACT_MISSING_VALUE');
  });

  it('throwIfErrors carries every issue in the context of the first error', () => {
    const r = validate([
      { unique_id: 'a', ds: iso(1), y: Infinity },
      { unique_id: 'a', ds: iso(1), y: 1 },
      { unique_id: 'a', ds: iso(1), y: 2 },
    ]);
    try {
      r.throwIfErrors();
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(TSAgentKitError);
      const err = e as TSAgentKitError;
      expect(err.code).toBe(r.errors[0].code);
      expect(codes(err.context['issues'] as { code: string }[])).toEqual(codes(r.issues));
    }
  });
});

describe('validate: nothing silently dropped', () => {
  it('accounts for every row', () => {
    const rows = [
      ...daily('a', [1, 2, 3]),
      { unique_id: 'a', ds: iso(3), y: 9 }, // duplicate → merged
      { unique_id: 'a', ds: iso(4), y: null, promo: 1 }, // future row with a known covariate
      { unique_id: 'a', ds: iso(5), y: null }, // empty trailing row → dropped, reported
      { unique_id: 'b', ds: 'bad', y: 1 }, // invalid → error
    ];
    const r = validate(rows, { duplicatePolicy: 'last' });
    const { history, future, merged, droppedTrailing, invalid } = r.stats.rows;
    expect(history + future + merged + droppedTrailing + invalid).toBe(rows.length);
    expect(r.stats.rows).toEqual({ history: 3, future: 1, merged: 1, droppedTrailing: 1, invalid: 1 });
  });
});
