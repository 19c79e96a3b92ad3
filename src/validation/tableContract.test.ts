import { describe, expect, it } from 'vitest';
import {
  EContractDuplicateKey,
  EContractEmpty,
  EContractInvalidType,
  EContractMissingColumn,
  EContractNonFinite,
  ECovariateStaticInvalid,
  ETaskSpecInvalid,
} from '../errors/index.js';
import { panelFromArrays } from '../data/panel.js';
import { tableFromRecords, tableToRecords } from '../data/io/table.js';
import { panelToTable } from '../data/io/toPanel.js';
import { convertTableToPanel, tableToPanel } from './tableContract.js';

const D = (d: number) => Date.UTC(2024, 0, d);
const iso = (d: number) => new Date(D(d)).toISOString().slice(0, 10);
const codes = (r: { issues: { code: string; severity: string }[] }) => r.issues.map((i) => `${i.severity}:${i.code}`);

describe('tableToPanel: shape', () => {
  it('maps columns, groups and sorts series, infers the frequency', () => {
    const t = tableFromRecords([
      { store: 'b', date: iso(1), sales: 5 },
      { store: 'a', date: iso(1), sales: 1 },
      { store: 'a', date: iso(2), sales: 2 },
      { store: 'b', date: iso(2), sales: 6 },
      { store: 'a', date: iso(3), sales: 3 },
      { store: 'b', date: iso(3), sales: 7 },
    ]);
    const p = tableToPanel(t, { columnMap: { unique_id: 'store', ds: 'date', y: 'sales' } });
    expect(p.series.map((s) => s.id)).toEqual(['a', 'b']);
    expect(Array.from(p.series[0].ds)).toEqual([D(1), D(2), D(3)]);
    expect(Array.from(p.series[1].y)).toEqual([5, 6, 7]);
    expect(p.freq).toBe('D');
    expect(p.covariates).toEqual({ past: [], futureKnown: [], static: [] });
    expect(p.future).toBeUndefined();
  });

  it('accepts Dates, epoch milliseconds and numeric ids', () => {
    const p = tableToPanel(
      tableFromRecords([
        { unique_id: 1, ds: new Date(D(1)), y: '1.5' },
        { unique_id: 1, ds: D(2), y: 2 },
      ]),
      { freq: 'D' },
    );
    expect(p.series[0].id).toBe('1');
    expect(Array.from(p.series[0].ds)).toEqual([D(1), D(2)]);
    expect(Array.from(p.series[0].y)).toEqual([1.5, 2]);
  });

  it('sorts unsorted rows and says so', () => {
    const r = convertTableToPanel(
      tableFromRecords([
        { unique_id: 'a', ds: iso(2), y: 2 },
        { unique_id: 'a', ds: iso(1), y: 1 },
        { unique_id: 'b', ds: iso(1), y: 9 },
        { unique_id: 'a', ds: iso(3), y: 3 },
      ]),
    );
    expect(codes(r)).toEqual(['warning:E_CONTRACT_UNSORTED']);
    expect(r.issues[0].context).toMatchObject({ count: 2, firstRow: 1 });
    expect(Array.from(r.panel!.series[0].y)).toEqual([1, 2, 3]);
  });

  it('rounds daylight-saving-shifted local midnights to dates (vega unemployment data)', () => {
    const rows = [0, 1, 2, 3, 4, 5].map((m) => ({
      unique_id: 'x',
      ds: `2000-0${m + 1}-01T0${m >= 3 ? 7 : 8}:00:00.000Z`,
      y: m,
    }));
    const r = convertTableToPanel(tableFromRecords(rows));
    expect(codes(r)).toEqual(['warning:E_FREQ_IRREGULAR']);
    expect(r.panel!.freq).toBe('MS');
    expect(new Date(r.panel!.series[0].ds[3]).toISOString()).toBe('2000-04-01T00:00:00.000Z');
    expect(convertTableToPanel(tableFromRecords(rows), { roundToDays: false }).panel!.freq).toBeUndefined();
  });
});

describe('tableToPanel: bad input is reported, never dropped', () => {
  it('missing required columns (after mapping)', () => {
    const r = convertTableToPanel(tableFromRecords([{ id: 'a', ds: iso(1), y: 1 }]));
    expect(codes(r)).toEqual(['error:E_CONTRACT_MISSING_COLUMN']);
    expect(r.issues[0].context).toMatchObject({ missing: ['unique_id'], available: ['id', 'ds', 'y'] });
    expect(r.panel).toBeUndefined();
    expect(() => tableToPanel(tableFromRecords([{ id: 'a', ds: iso(1), y: 1 }]))).toThrow(EContractMissingColumn);
  });

  it('empty input', () => {
    const t = { columns: { unique_id: [], ds: [], y: new Float64Array(0) }, length: 0 };
    expect(() => tableToPanel(t)).toThrow(EContractEmpty);
  });

  it('unreadable ids, timestamps and targets, each with row numbers', () => {
    const r = convertTableToPanel(
      tableFromRecords([
        { unique_id: 'a', ds: iso(1), y: 1 },
        { unique_id: null, ds: iso(2), y: 2 },
        { unique_id: 'a', ds: 'yesterday', y: 3 },
        { unique_id: 'a', ds: iso(4), y: 'lots' },
        { unique_id: 'a', ds: iso(5), y: Infinity },
      ]),
    );
    expect(codes(r)).toEqual([
      'error:E_CONTRACT_INVALID_TYPE',
      'error:E_CONTRACT_INVALID_TYPE',
      'error:E_CONTRACT_INVALID_TYPE',
      'error:E_CONTRACT_NON_FINITE',
    ]);
    expect(r.issues.map((i) => i.context['rows'])).toEqual([
      [{ row: 1, value: null }],
      [{ row: 2, value: 'yesterday' }],
      [{ row: 3, value: 'lots' }],
      [{ row: 4, value: Infinity }],
    ]);
    expect(r.stats.invalidRows).toBe(4);
    try {
      tableToPanel(tableFromRecords([{ unique_id: 'a', ds: 'x', y: 'y' }]));
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(EContractInvalidType);
      expect((e as EContractInvalidType).message).toMatch(/and 1 more errors/);
      expect(((e as EContractInvalidType).context['issues'] as unknown[]).length).toBe(2);
    }
  });

  it('infinite covariate values are errors', () => {
    expect(() => tableToPanel(tableFromRecords([{ unique_id: 'a', ds: iso(1), y: 1, x: -Infinity }]))).toThrow(EContractNonFinite);
  });
});

describe('tableToPanel: duplicates', () => {
  const rows = [
    { unique_id: 'a', ds: iso(1), y: 1, x: 10 },
    { unique_id: 'a', ds: iso(2), y: 2, x: 20 },
    { unique_id: 'a', ds: iso(2), y: 4, x: null },
    { unique_id: 'a', ds: iso(2), y: null, x: 40 },
    { unique_id: 'a', ds: iso(3), y: 3, x: 30 },
  ];
  it('rejects by default, naming the keys', () => {
    const r = convertTableToPanel(tableFromRecords(rows));
    expect(codes(r)).toEqual(['error:E_CONTRACT_DUPLICATE_KEY']);
    expect(r.issues[0].context).toMatchObject({ count: 1, rows: 3, keys: [{ unique_id: 'a', ds: '2024-01-02T00:00:00Z', rows: 3 }] });
    expect(() => tableToPanel(tableFromRecords(rows))).toThrow(EContractDuplicateKey);
  });
  it.each([
    ['sum', 6, 60],
    ['mean', 3, 30],
    ['last', 4, 40],
  ] as const)('%s combines y and covariates, skipping missing values', (policy, y, x) => {
    const r = convertTableToPanel(tableFromRecords(rows), { duplicatePolicy: policy });
    expect(codes(r)).toEqual(['warning:E_CONTRACT_DUPLICATE_KEY']);
    expect(r.stats.mergedRows).toBe(2);
    const s = r.panel!.series[0];
    expect(Array.from(s.y)).toEqual([1, y, 3]);
    expect(Array.from(s.covariates['x'])).toEqual([10, x, 30]);
  });
  it('a key whose values are all missing stays missing under sum', () => {
    const r = convertTableToPanel(
      tableFromRecords([
        { unique_id: 'a', ds: iso(1), y: null },
        { unique_id: 'a', ds: iso(1), y: null },
        { unique_id: 'a', ds: iso(2), y: 1 },
      ]),
      { duplicatePolicy: 'sum' },
    );
    expect(r.panel!.series[0].y[0]).toBeNaN();
  });
});

describe('tableToPanel: covariates, future rows and missing values', () => {
  const rows = [
    { unique_id: 'a', ds: iso(1), y: 1, promo: 0, temp: 20, region: 'north' },
    { unique_id: 'a', ds: iso(2), y: null, promo: 1, temp: 21, region: 'north' },
    { unique_id: 'a', ds: iso(3), y: 3, promo: 0, temp: 19, region: 'north' },
    { unique_id: 'a', ds: iso(4), y: null, promo: 1, temp: null, region: 'north' },
    { unique_id: 'a', ds: iso(5), y: null, promo: 0, temp: null, region: 'north' },
    { unique_id: 'a', ds: iso(6), y: null, promo: null, temp: null, region: 'north' },
    { unique_id: 'b', ds: iso(1), y: 5, promo: 1, temp: 15, region: 'south' },
    { unique_id: 'b', ds: iso(2), y: 6, promo: 0, temp: 16, region: 'south' },
    { unique_id: 'b', ds: iso(3), y: 7, promo: 1, temp: 17, region: 'south' },
  ];

  it('auto roles: values after the last y → future-known; text constant per series → static', () => {
    const r = convertTableToPanel(tableFromRecords(rows));
    const p = r.panel!;
    expect(p.covariates).toEqual({ past: ['temp'], futureKnown: ['promo'], static: ['region'] });
    const a = p.series[0];
    expect(Array.from(a.ds)).toEqual([D(1), D(2), D(3)]);
    expect(Array.from(a.y)).toEqual([1, Number.NaN, 3]);
    expect(Array.from(a.covariates['promo'])).toEqual([0, 1, 0]);
    expect(a.statics).toEqual({ region: 'north' });
    expect(p.future!.get('a')).toEqual({ ds: Float64Array.from([D(4), D(5)]), values: { promo: Float64Array.from([1, 0]) } });
    expect(p.future!.has('b')).toBe(false);
    // Every row accounted for: 6 history + 2 future + 1 dropped trailing row.
    expect(r.stats).toMatchObject({ historyRows: 6, futureRows: 2, droppedTrailingRows: 1, missingY: 1, nSeries: 2 });
    expect(codes(r)).toEqual(['warning:E_CONTRACT_MISSING_VALUE', 'warning:E_CONTRACT_MISSING_VALUE']);
    expect(r.issues[1].context).toMatchObject({ count: 1 });
  });

  it('explicit past role with future values keeps them visible and warns of leakage', () => {
    const r = convertTableToPanel(tableFromRecords(rows), { covariates: { past: ['promo'] } });
    expect(r.panel!.covariates.past).toEqual(['promo', 'temp']);
    expect(r.panel!.future!.get('a')!.values['promo']).toEqual(Float64Array.from([1, 0]));
    expect(codes(r)).toContain('warning:E_COVARIATE_LEAKAGE');
  });

  it('policies known / observed / ignore / spec', () => {
    expect(convertTableToPanel(tableFromRecords(rows), { covariatePolicy: 'known' }).panel!.covariates.futureKnown).toEqual([
      'promo',
      'temp',
    ]);
    expect(convertTableToPanel(tableFromRecords(rows), { covariatePolicy: 'observed' }).panel!.covariates.past).toEqual(['promo', 'temp']);
    const ignored = convertTableToPanel(tableFromRecords(rows), { covariatePolicy: 'ignore' });
    expect(ignored.panel!.covariates).toEqual({ past: [], futureKnown: [], static: [] });
    expect(ignored.stats.ignoredColumns).toEqual(['promo', 'temp', 'region']);
    expect(() => tableToPanel(tableFromRecords(rows), { covariatePolicy: 'spec', covariates: { past: ['temp'] } })).toThrow(
      ETaskSpecInvalid,
    );
  });

  it('declared statics must be constant; declared covariates must exist and be numeric', () => {
    expect(() => tableToPanel(tableFromRecords(rows), { covariates: { static: ['temp'] } })).toThrow(ECovariateStaticInvalid);
    expect(() => tableToPanel(tableFromRecords(rows), { covariates: { past: ['nope'] } })).toThrow(EContractMissingColumn);
    expect(() => tableToPanel(tableFromRecords(rows), { covariates: { futureKnown: ['region'] } })).toThrow(EContractInvalidType);
  });

  it('text that varies within a series is not used, with a warning', () => {
    const r = convertTableToPanel(
      tableFromRecords([
        { unique_id: 'a', ds: iso(1), y: 1, note: 'x' },
        { unique_id: 'a', ds: iso(2), y: 2, note: 'z' },
      ]),
    );
    expect(codes(r)).toEqual(['warning:E_CONTRACT_INVALID_TYPE']);
    expect(r.stats.ignoredColumns).toEqual(['note']);
  });

  it('an invalid explicit freq is an error', () => {
    const r = convertTableToPanel(tableFromRecords([{ unique_id: 'a', ds: iso(1), y: 1 }]), { freq: 'fortnightly' });
    expect(codes(r)).toEqual(['error:E_FREQ_INVALID']);
  });
});

describe('panelToTable', () => {
  it('writes history then future rows, and converts back to the same panel', () => {
    const rows = [
      { unique_id: 'a', ds: iso(1), y: 1, promo: 0, region: 'n' },
      { unique_id: 'a', ds: iso(2), y: 2, promo: 1, region: 'n' },
      { unique_id: 'a', ds: iso(3), y: null, promo: 1, region: 'n' },
    ];
    const p = tableToPanel(tableFromRecords(rows));
    const t = panelToTable(p);
    expect(tableToRecords(t)).toEqual([
      { unique_id: 'a', ds: new Date(D(1)), y: 1, promo: 0, region: 'n' },
      { unique_id: 'a', ds: new Date(D(2)), y: 2, promo: 1, region: 'n' },
      { unique_id: 'a', ds: new Date(D(3)), y: null, promo: 1, region: 'n' },
    ]);
    expect(tableToPanel(t)).toEqual(p);
    expect(panelToTable(p, { includeFuture: false }).length).toBe(2);
    expect(Object.keys(panelToTable(p, { columnMap: { y: 'sales' } }).columns)).toEqual(['unique_id', 'ds', 'sales', 'promo', 'region']);
  });

  it('works for panels built from arrays', () => {
    const p = panelFromArrays([{ id: 's', ds: [D(1), D(2)], y: [1, 2], covariates: { x: [5, 6] } }]);
    expect(tableToRecords(panelToTable(p))).toEqual([
      { unique_id: 's', ds: new Date(D(1)), y: 1, x: 5 },
      { unique_id: 's', ds: new Date(D(2)), y: 2, x: 6 },
    ]);
  });
});
