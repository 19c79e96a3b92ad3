import { describe, expect, it } from 'vitest';
import { tableFromRecords } from '../data/io/table.js';
import { tableToPanel } from '../validation/tableContract.js';
import { panelFromArrays, type Panel } from '../data/panel.js';
import { ECovariateIncompleteKnown, ECovariateLeakage, EQACriticalIssue, EQARepairPeeksFuture } from '../errors/index.js';
import { lastObservedIndex } from './checks.js';
import { qa } from './qa.js';
import type { QAIssue } from './types.js';

const D = (d: number) => Date.UTC(2024, 0, d);
const days = (n: number, from = 1) => Array.from({ length: n }, (_, i) => D(from + i));
const one = (y: number[], ds = days(y.length), freq: string | undefined = 'D', covariates?: Record<string, number[]>) =>
  panelFromArrays([{ id: 's', ds, y, ...(covariates ? { covariates } : {}) }], freq);
const types = (issues: readonly QAIssue[]) => issues.map((i) => `${i.severity}:${i.type}`);
const spec = { h: 2 };
/** A spec whose history requirement does not get in the way of the check under test. */
const loose = { h: 1, backtest: { minTrainSize: 1 } };
const noise = [10, 11, 9, 10, 12, 8, 10, 11, 9, 10];

describe('qa: a clean panel', () => {
  it('reports nothing and returns the same panel', () => {
    const p = one(noise);
    const r = qa(p, spec, { applyRepairs: true });
    expect(r.issues).toEqual([]);
    expect(r.repairs).toEqual([]);
    expect(r.valid).toBe(true);
    expect(r.leakageDetected).toBe(false);
    expect(r.panel).toBe(p);
    expect(r.freq).toBe('D');
    expect(JSON.parse(JSON.stringify(r))).toEqual({
      mode: 'standard',
      valid: true,
      issues: [],
      repairs: [],
      leakageDetected: false,
      freq: 'D',
    });
  });
});

describe('qa: missing values (observed history only)', () => {
  const y = [1, Number.NaN, Number.NaN, 4, 5, Number.NaN];

  it('counts missing values before the last observation, not after', () => {
    const r = qa(one(y), loose);
    expect(types(r.issues)).toEqual(['warning:missing_values']);
    expect(r.issues[0].count).toBe(2);
    expect(r.issues[0].code).toBe('E_CONTRACT_MISSING_VALUE');
  });

  it('forward-fills and records what it did, leaving the input untouched', () => {
    const p = one(y);
    const r = qa(p, spec, { applyRepairs: true });
    expect(Array.from(r.panel.series[0].y)).toEqual([1, 1, 1, 4, 5, Number.NaN]);
    expect(r.repairs).toEqual([
      { seriesId: 's', kind: 'forward_fill', column: 'y', count: 2, indices: [1, 2], pointInTimeSafe: true, where: 'history' },
    ]);
    expect(Array.from(p.series[0].y)).toEqual(y);
  });

  it('leading gaps stay missing under ffill; ffill_bfill and bfill fill them, flagged as not point-in-time safe', () => {
    const lead = [Number.NaN, 2, Number.NaN, 4];
    expect(Array.from(qa(one(lead), spec, { applyRepairs: true }).panel.series[0].y)).toEqual([Number.NaN, 2, 2, 4]);
    const both = qa(one(lead), spec, { applyRepairs: true, repairStrategy: { missing: 'ffill_bfill' } });
    expect(Array.from(both.panel.series[0].y)).toEqual([2, 2, 2, 4]);
    expect(both.repairs.map((x) => [x.kind, x.indices, x.pointInTimeSafe])).toEqual([
      ['forward_fill', [2], true],
      ['back_fill', [0], false],
    ]);
    expect(Array.from(qa(one(lead), spec, { applyRepairs: true, repairStrategy: { missing: 'bfill' } }).panel.series[0].y)).toEqual([
      2, 2, 4, 4,
    ]);
  });

  it('zero fill and linear interpolation', () => {
    const gap = [2, Number.NaN, Number.NaN, 8];
    expect(Array.from(qa(one(gap), spec, { applyRepairs: true, repairStrategy: { missing: 'zero' } }).panel.series[0].y)).toEqual([
      2, 0, 0, 8,
    ]);
    const interp = qa(one(gap), spec, { applyRepairs: true, repairStrategy: { missing: 'interpolate' } });
    expect(Array.from(interp.panel.series[0].y)).toEqual([2, 4, 6, 8]);
    expect(interp.repairs[0]).toMatchObject({ kind: 'interpolate', pointInTimeSafe: false });
  });

  it('strict mode: missing values are critical', () => {
    expect(() => qa(one(y), spec, { mode: 'strict' })).toThrow(EQACriticalIssue);
  });

  it.each(['bfill', 'ffill_bfill', 'interpolate'] as const)('strict mode refuses the future-looking repair %s', (missing) => {
    expect(() => qa(one(noise), spec, { mode: 'strict', applyRepairs: true, repairStrategy: { missing } })).toThrow(EQARepairPeeksFuture);
    // Without repairs nothing is refused, and standard mode allows it.
    expect(() => qa(one(noise), spec, { mode: 'strict', repairStrategy: { missing } })).not.toThrow();
    expect(() => qa(one(noise), spec, { applyRepairs: true, repairStrategy: { missing } })).not.toThrow();
  });
});

describe('qa: non-monotonic timestamps', () => {
  const p = () => one([1, 2, 3, 30], [D(1), D(3), D(2), D(3)]);
  it('warns, then sorts and keeps the last of repeated timestamps', () => {
    const r = qa(p(), spec, { applyRepairs: true });
    expect(types(r.issues)).toContain('warning:non_monotonic');
    const s = r.panel.series[0];
    expect(Array.from(s.ds)).toEqual([D(1), D(2), D(3)]);
    expect(Array.from(s.y)).toEqual([1, 3, 30]);
    expect(r.repairs.map((x) => x.kind)).toEqual(['sort', 'dedupe']);
  });
  it('is critical in strict mode', () => {
    expect(() => qa(p(), spec, { mode: 'strict' })).toThrow(EQACriticalIssue);
  });
});

describe('qa: gaps against the frequency grid', () => {
  it('finds absent timestamps, inserts them and forward-fills y and covariates', () => {
    const ds = [D(1), D(2), D(5), D(6)];
    const p = one([1, 2, 5, 6], ds, 'D', { price: [10, 20, 50, 60] });
    const r = qa(p, spec, { applyRepairs: true });
    expect(types(r.issues)).toEqual(['warning:gaps']);
    expect(r.issues[0]).toMatchObject({ count: 2, context: { freq: 'D' } });
    const s = r.panel.series[0];
    expect(Array.from(s.ds)).toEqual(days(6));
    expect(Array.from(s.y)).toEqual([1, 2, 2, 2, 5, 6]);
    expect(Array.from(s.covariates['price'])).toEqual([10, 20, 20, 20, 50, 60]);
    expect(r.repairs.map((x) => [x.kind, x.column, x.indices])).toEqual([
      ['gap_fill', 'ds', [2, 3]],
      ['forward_fill', 'y', [2, 3]],
      ['forward_fill', 'price', [2, 3]],
    ]);
  });

  it('uses calendar months (a missing leap-year February)', () => {
    const ds = ['2024-01-31', '2024-03-31', '2024-04-30'].map((x) => Date.parse(`${x}T00:00:00Z`));
    const r = qa(panelFromArrays([{ id: 's', ds, y: [1, 3, 4] }]), { h: 1, freq: 'M' }, { applyRepairs: true });
    expect(r.freq).toBe('ME');
    expect(r.panel.series[0].ds[1]).toBe(Date.UTC(2024, 1, 29));
  });

  it('flags series off the grid (not filled) and panels with no known frequency', () => {
    const off = qa(one([1, 2, 3], [D(1), D(2), D(3) + 3_600_000], 'D'), loose, { applyRepairs: true });
    expect(types(off.issues)).toEqual(['warning:irregular_timestamps']);
    expect(off.repairs).toEqual([]);
    const unknown = qa(panelFromArrays([{ id: 's', ds: [0, 1000, 1_000_000], y: [1, 2, 3] }]), loose);
    expect(types(unknown.issues)).toEqual(['warning:unknown_frequency']);
  });

  it('quick mode skips the grid check and gap filling', () => {
    const r = qa(one([1, 2, 5, 6], [D(1), D(2), D(5), D(6)]), spec, { mode: 'quick', applyRepairs: true });
    expect(r.issues).toEqual([]);
    expect(r.panel.series[0].ds).toHaveLength(4);
  });
});

describe('qa: zero density', () => {
  it('flags series with more than 30% zeros (configurable)', () => {
    const p = panelFromArrays(
      [
        { id: 'a', ds: days(10), y: [0, 0, 0, 0, 5, 0, 0, 3, 0, 0] },
        { id: 'b', ds: days(10), y: noise },
      ],
      'D',
    );
    const r = qa(p, spec);
    // The two non-zero values of a are outliers too, as R's tsoutliers says (index 5 and 8).
    expect(types(r.issues)).toEqual(['warning:zero_density', 'warning:outliers']);
    expect(r.issues[0]).toMatchObject({ seriesIds: ['a'], seriesCount: 1, context: { threshold: 0.3, overallRatio: 0.4 } });
    expect(r.issues[1].context.points).toMatchObject([
      { unique_id: 'a', index: 4 },
      { unique_id: 'a', index: 7 },
    ]);
    expect(qa(p, spec, { zeroThreshold: 0.9 }).issues.map((i) => i.type)).toEqual(['outliers']);
  });
});

describe('qa: outliers and trailing winsorising', () => {
  const spiky = [...noise, 100, 10, 11];

  it('flags the spike (R tsoutliers: outside q25 − 3·IQR … q75 + 3·IQR of the smoothed residuals)', () => {
    const r = qa(one(spiky), spec);
    expect(types(r.issues)).toEqual(['warning:outliers']);
    const mean = spiky.reduce((a, b) => a + b) / spiky.length;
    const sd = Math.sqrt(spiky.reduce((a, b) => a + (b - mean) ** 2, 0) / (spiky.length - 1));
    expect((100 - mean) / sd).toBeGreaterThan(3);
    expect(r.issues[0].count).toBe(1);
    expect(qa(one(spiky), spec, { mode: 'quick' }).issues).toEqual([]);
  });

  it('clips the spike to median + 3·1.4826·MAD of the 10 points before it', () => {
    // Window [10,11,9,10,12,8,10,11,9,10]: median 10; absolute deviations 0,1,1,0,2,2,0,1,1,0 → MAD 1.
    // Opt-in: by default the spike is reported and kept.
    expect(qa(one(spiky), spec, { applyRepairs: true }).repairs).toEqual([]);
    const r = qa(one(spiky), spec, { applyRepairs: true, outlierRepair: 'winsorize' });
    const y = r.panel.series[0].y;
    expect(y[10]).toBeCloseTo(10 + 3 * 1.4826, 12);
    expect(Array.from(y).filter((_, i) => i !== 10)).toEqual(spiky.filter((_, i) => i !== 10));
    expect(r.repairs).toEqual([
      { seriesId: 's', kind: 'winsorize', column: 'y', count: 1, indices: [10], pointInTimeSafe: true, where: 'history' },
    ]);
    expect(qa(one(spiky), spec, { applyRepairs: true, outlierRepair: 'winsorize', repairStrategy: { winsorize: false } }).repairs).toEqual(
      [],
    );
  });

  it('a genuine level shift stops being clipped once it fills half the window', () => {
    const shifted = [...noise, ...noise.map((v) => v + 100)];
    const r = qa(one(shifted), spec, { applyRepairs: true, outlierRepair: 'winsorize', repairStrategy: { winsorize: { window: 10 } } });
    const clipped = r.repairs[0].indices!;
    expect(clipped[0]).toBe(10);
    expect(clipped.every((i) => i < 16)).toBe(true);
    expect(r.panel.series[0].y[19]).toBe(shifted[19]);
  });

  it('repairs are point-in-time safe: values up to t do not depend on anything after t', () => {
    const full = [5, Number.NaN, 7, 6, 8, 7, 6, 7, 8, 6, 7, 60, Number.NaN, 7, 90, 6];
    const ds = days(full.length).filter((_, i) => i !== 4);
    const y = full.filter((_, i) => i !== 4);
    const whole = qa(one(y, ds), spec, { applyRepairs: true }).panel.series[0];
    for (let t = 3; t < y.length; t++) {
      // A value missing at the cut is the future, not a gap, so compare up to the cut's last observation.
      const cut = qa(one(y.slice(0, t + 1), ds.slice(0, t + 1)), spec, { applyRepairs: true }).panel.series[0];
      const n = lastObservedIndex(cut.y) + 1;
      expect(n).toBeGreaterThan(0);
      expect(Array.from(whole.y.subarray(0, n))).toEqual(Array.from(cut.y.subarray(0, n)));
      expect(Array.from(whole.ds.subarray(0, n))).toEqual(Array.from(cut.ds.subarray(0, n)));
    }
  });
});

describe('qa: short history', () => {
  it('uses backtest.minTrainSize, else two horizons', () => {
    const r = qa(one(noise), { h: 2, backtest: { minTrainSize: 12 } });
    expect(types(r.issues)).toEqual(['warning:short_history']);
    expect(r.issues[0]).toMatchObject({
      code: 'E_SERIES_TOO_SHORT',
      context: { minLength: 12, source: 'backtest.minTrainSize', shortest: 10 },
    });
    expect(types(qa(one(noise), { h: 6 }).issues)).toEqual(['warning:short_history']);
    expect(qa(one(noise), { h: 5 }).issues).toEqual([]);
  });
  it('is critical in strict mode', () => {
    expect(() => qa(one(noise), { h: 6 }, { mode: 'strict' })).toThrow(EQACriticalIssue);
  });
});

describe('qa: covariates', () => {
  const rows = (withFuture: boolean) => [
    ...[1, 2, 3, 4, 5].map((d) => ({ unique_id: 'a', ds: new Date(D(d)), y: d, promo: d % 2, temp: 20 + d })),
    ...(withFuture ? [6, 7].map((d) => ({ unique_id: 'a', ds: new Date(D(d)), y: null, promo: d % 2, temp: 20 + d })) : []),
  ];

  it('future values of a covariate not declared known are leakage (critical), and are dropped by repair', () => {
    const p = tableToPanel(tableFromRecords(rows(true)), { covariates: { futureKnown: ['promo'], past: ['temp'] } });
    const r = qa(p, spec);
    expect(types(r.issues)).toEqual(['critical:covariate_leakage']);
    expect(r.leakageDetected).toBe(true);
    expect(r.valid).toBe(false);
    expect(r.issues[0].context['covariates']).toEqual(['temp']);
    const fixed = qa(p, spec, { applyRepairs: true });
    expect(Object.keys(fixed.panel.future!.get('a')!.values)).toEqual(['promo']);
    expect(fixed.repairs).toEqual([
      { seriesId: 'a', kind: 'drop_leaked_covariate', column: 'temp', count: 2, indices: [0, 1], pointInTimeSafe: true, where: 'future' },
    ]);
    expect(() => qa(p, spec, { mode: 'strict' })).toThrow(ECovariateLeakage);
  });

  it('past covariates with values in trailing history rows leak too', () => {
    const p = one([1, 2, 3, Number.NaN], days(4), 'D', { temp: [1, 2, 3, 4] });
    const r = qa(p, spec, { applyRepairs: true });
    expect(r.leakageDetected).toBe(true);
    expect(r.repairs).toEqual([
      { seriesId: 's', kind: 'drop_leaked_covariate', column: 'temp', count: 1, indices: [3], pointInTimeSafe: true, where: 'history' },
    ]);
    expect(r.panel.series[0].covariates['temp'][3]).toBeNaN();
  });

  it('declared-known covariates must cover the horizon', () => {
    const p = tableToPanel(tableFromRecords(rows(true)), { covariates: { futureKnown: ['promo', 'temp'] } });
    const h = (n: number) => ({ h: n, backtest: { minTrainSize: 1 } });
    expect(qa(p, h(2)).issues).toEqual([]);
    const r = qa(p, h(3));
    expect(types(r.issues)).toEqual(['critical:covariate_incomplete']);
    expect(r.issues[0].count).toBe(2);
    expect(() => qa(p, h(3), { mode: 'strict' })).toThrow(ECovariateIncompleteKnown);
    const none: Panel = tableToPanel(tableFromRecords(rows(false)), { covariates: { futureKnown: ['promo'] } });
    expect(types(qa(none, h(1)).issues)).toEqual(['critical:covariate_incomplete']);
  });
});

describe('qa: several series', () => {
  it('reports ids and counts across series and repairs each one', () => {
    const p = panelFromArrays(
      [
        { id: 'a', ds: days(6), y: [1, Number.NaN, 3, 4, 5, 6] },
        { id: 'b', ds: days(6), y: [1, 2, 3, Number.NaN, 5, 6] },
        { id: 'c', ds: days(6), y: [1, 2, 3, 4, 5, 6] },
      ],
      'D',
    );
    const r = qa(p, spec, { applyRepairs: true });
    expect(r.issues[0]).toMatchObject({ type: 'missing_values', count: 2, seriesIds: ['a', 'b'], seriesCount: 2 });
    expect(r.repairs.map((x) => [x.seriesId, x.indices])).toEqual([
      ['a', [1]],
      ['b', [3]],
    ]);
    expect(Array.from(r.panel.series[2].y)).toEqual([1, 2, 3, 4, 5, 6]);
  });
});
