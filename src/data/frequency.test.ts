import { describe, expect, it } from 'vitest';
import { EFreqInvalid, EFreqIrregular } from '../errors/index.js';
import {
  addPeriods,
  canonicalFreq,
  describeFreq,
  describePanelFreq,
  futureTimestamps,
  inferFreq,
  inferPanelFreq,
  isOnOffset,
  parseFreq,
  periodsBetween,
  regularGrid,
  seasonLengthFor,
} from './frequency.js';

const t = (iso: string) => Date.parse(iso.length === 10 ? `${iso}T00:00:00Z` : `${iso}Z`);
const iso = (ts: number) => new Date(ts).toISOString().replace('T00:00:00.000Z', '').replace('.000Z', '');
const isos = (a: ArrayLike<number>) => Array.from(a, iso);

describe('parseFreq / canonicalFreq', () => {
  it.each([
    ['S', 's'],
    ['s', 's'],
    ['T', 'min'],
    ['min', 'min'],
    ['15min', '15min'],
    ['15T', '15min'],
    ['H', 'h'],
    ['h', 'h'],
    ['2H', '2h'],
    ['D', 'D'],
    ['B', 'B'],
    ['W', 'W-SUN'],
    ['W-MON', 'W-MON'],
    ['w-sat', 'W-SAT'],
    ['M', 'ME'],
    ['ME', 'ME'],
    ['3M', '3ME'],
    ['MS', 'MS'],
    ['Q', 'QE-DEC'],
    ['QE', 'QE-DEC'],
    ['Q-NOV', 'QE-NOV'],
    ['QS', 'QS-JAN'],
    ['QS-FEB', 'QS-FEB'],
    ['A', 'YE-DEC'],
    ['Y', 'YE-DEC'],
    ['YE-JUN', 'YE-JUN'],
    ['AS', 'YS-JAN'],
    ['YS-JUL', 'YS-JUL'],
    ['2A', '2YE-DEC'],
  ])('%s → %s', (alias, canonical) => {
    expect(canonicalFreq(alias)).toBe(canonical);
  });

  it('exposes unit, multiple, anchor and position', () => {
    expect(parseFreq('15T')).toMatchObject({ unit: 'T', n: 15 });
    expect(parseFreq('W-WED')).toMatchObject({ unit: 'W', n: 1, anchor: 3 });
    expect(parseFreq('Q-NOV')).toMatchObject({ unit: 'Q', anchor: 10, position: 'end' });
    expect(parseFreq('MS')).toMatchObject({ unit: 'M', position: 'start' });
  });

  it.each(['X', '0D', 'D-MON', 'W-XYZ', 'Q-FOO', 'ms', 'L', '1.5H', '', 'SM'])('rejects %j with EFreqInvalid', (alias) => {
    expect(() => parseFreq(alias)).toThrow(EFreqInvalid);
  });
});

describe('seasonLengthFor', () => {
  it.each([
    ['D', 7],
    ['B', 5],
    ['H', 24],
    ['T', 60],
    ['M', 12],
    ['MS', 12],
    ['Q-DEC', 4],
    ['QS-JAN', 4],
    ['W-SUN', 52],
    ['A-DEC', 1],
    ['S', 60],
    ['15T', 4],
    ['60T', 24],
    ['2H', 12],
    ['3M', 4],
    ['2W', 26],
    ['2D', 1],
    ['5H', 1],
  ])('%s → %d', (freq, m) => {
    expect(seasonLengthFor(freq)).toBe(m);
  });
});

describe('addPeriods (pandas DateOffset semantics, UTC)', () => {
  it('month ends: leap years, short months and time of day', () => {
    expect(iso(addPeriods(t('2020-01-31'), 'M', 1))).toBe('2020-02-29');
    expect(iso(addPeriods(t('2019-01-31'), 'M', 1))).toBe('2019-02-28');
    expect(iso(addPeriods(t('2100-01-31'), 'M', 1))).toBe('2100-02-28');
    expect(iso(addPeriods(t('2000-01-31'), 'M', 1))).toBe('2000-02-29');
    expect(iso(addPeriods(t('2020-02-29'), 'M', 1))).toBe('2020-03-31');
    expect(iso(addPeriods(t('2020-03-31'), 'M', -1))).toBe('2020-02-29');
    expect(iso(addPeriods(t('2020-01-31T12:30:00'), 'M', 1))).toBe('2020-02-29T12:30:00');
    expect(iso(addPeriods(t('2020-01-31'), '3M', 1))).toBe('2020-04-30');
  });

  it('a date off the offset rolls to the anchor, which counts as one step', () => {
    expect(iso(addPeriods(t('2020-01-15'), 'M', 1))).toBe('2020-01-31');
    expect(iso(addPeriods(t('2020-01-15'), 'M', 3))).toBe('2020-03-31');
    expect(iso(addPeriods(t('2020-01-15'), 'M', -1))).toBe('2019-12-31');
    expect(iso(addPeriods(t('2020-01-15'), 'MS', 1))).toBe('2020-02-01');
    expect(iso(addPeriods(t('2020-01-15'), 'MS', -1))).toBe('2020-01-01');
  });

  it('quarters and years with anchors', () => {
    expect(iso(addPeriods(t('2020-02-15'), 'Q-DEC', 1))).toBe('2020-03-31');
    expect(iso(addPeriods(t('2020-03-31'), 'Q-DEC', 1))).toBe('2020-06-30');
    expect(iso(addPeriods(t('2020-02-29'), 'Q-NOV', 1))).toBe('2020-05-31');
    expect(iso(addPeriods(t('2020-02-15'), 'QS-JAN', 1))).toBe('2020-04-01');
    expect(iso(addPeriods(t('2020-04-01'), 'QS', -1))).toBe('2020-01-01');
    expect(iso(addPeriods(t('2020-06-15'), 'A-DEC', 1))).toBe('2020-12-31');
    expect(iso(addPeriods(t('2020-12-31'), 'A-DEC', 1))).toBe('2021-12-31');
    expect(iso(addPeriods(t('2020-06-15'), 'AS-JAN', 1))).toBe('2021-01-01');
    expect(iso(addPeriods(t('2020-02-29'), 'A-FEB', 1))).toBe('2021-02-28');
    expect(iso(addPeriods(t('2020-02-29'), 'A-FEB', 4))).toBe('2024-02-29');
  });

  it('business days skip weekends (2024-01-05 is a Friday)', () => {
    expect(iso(addPeriods(t('2024-01-05'), 'B', 1))).toBe('2024-01-08');
    expect(iso(addPeriods(t('2024-01-06'), 'B', 1))).toBe('2024-01-08');
    expect(iso(addPeriods(t('2024-01-06'), 'B', 2))).toBe('2024-01-09');
    expect(iso(addPeriods(t('2024-01-06'), 'B', -1))).toBe('2024-01-05');
    expect(iso(addPeriods(t('2024-01-08'), 'B', -1))).toBe('2024-01-05');
    expect(iso(addPeriods(t('2024-01-01'), 'B', 10))).toBe('2024-01-15');
  });

  it('anchored weeks and fixed units', () => {
    expect(iso(addPeriods(t('2024-01-03'), 'W-SUN', 1))).toBe('2024-01-07');
    expect(iso(addPeriods(t('2024-01-07'), 'W', 1))).toBe('2024-01-14');
    expect(iso(addPeriods(t('2024-01-03'), 'W-SUN', -1))).toBe('2023-12-31');
    expect(iso(addPeriods(t('2024-01-01T23:45:00'), '15T', 2))).toBe('2024-01-02T00:15:00');
    expect(iso(addPeriods(t('2024-02-28'), 'D', 2))).toBe('2024-03-01');
    expect(iso(addPeriods(t('2023-02-28'), 'D', 1))).toBe('2023-03-01');
  });

  it('isOnOffset', () => {
    expect(isOnOffset(t('2020-02-29'), 'M')).toBe(true);
    expect(isOnOffset(t('2020-02-28'), 'M')).toBe(false);
    expect(isOnOffset(t('2020-06-30'), 'Q-DEC')).toBe(true);
    expect(isOnOffset(t('2020-05-31'), 'Q-DEC')).toBe(false);
    expect(isOnOffset(t('2024-01-06'), 'B')).toBe(false);
  });
});

describe('futureTimestamps', () => {
  it('continues month ends across a leap February', () => {
    expect(isos(futureTimestamps(t('2023-11-30'), 'M', 4))).toEqual(['2023-12-31', '2024-01-31', '2024-02-29', '2024-03-31']);
  });
  it('month starts, quarters, years, business days, hours', () => {
    expect(isos(futureTimestamps(t('2023-12-01'), 'MS', 3))).toEqual(['2024-01-01', '2024-02-01', '2024-03-01']);
    expect(isos(futureTimestamps(t('2023-12-31'), 'Q', 2))).toEqual(['2024-03-31', '2024-06-30']);
    expect(isos(futureTimestamps(t('2023-01-01'), 'AS', 2))).toEqual(['2024-01-01', '2025-01-01']);
    expect(isos(futureTimestamps(t('2024-01-04'), 'B', 3))).toEqual(['2024-01-05', '2024-01-08', '2024-01-09']);
    expect(isos(futureTimestamps(t('2024-01-01T22:00:00'), 'H', 3))).toEqual(['2024-01-01T23:00:00', '2024-01-02', '2024-01-02T01:00:00']);
    expect(futureTimestamps(0, 'D', 0)).toHaveLength(0);
  });
});

describe('regularGrid and periodsBetween', () => {
  it('builds calendar grids between two dates', () => {
    expect(isos(regularGrid(t('2024-01-31'), t('2024-04-30'), 'M'))).toEqual(['2024-01-31', '2024-02-29', '2024-03-31', '2024-04-30']);
    expect(isos(regularGrid(t('2024-01-05'), t('2024-01-09'), 'B'))).toEqual(['2024-01-05', '2024-01-08', '2024-01-09']);
    // A start off the offset rolls forward, as pandas.date_range does.
    expect(isos(regularGrid(t('2024-01-15'), t('2024-03-31'), 'MS'))).toEqual(['2024-02-01', '2024-03-01']);
    expect(isos(regularGrid(t('2024-01-01'), t('2024-01-01T01:00:00'), '30T'))).toEqual([
      '2024-01-01',
      '2024-01-01T00:30:00',
      '2024-01-01T01:00:00',
    ]);
    expect(regularGrid(t('2024-02-01'), t('2024-01-01'), 'D')).toHaveLength(0);
  });
  it('refuses absurdly long grids with EFreqIrregular', () => {
    expect(() => regularGrid(t('2000-01-01'), t('2020-01-01'), 'S', { maxPoints: 1000 })).toThrow(EFreqIrregular);
  });
  it('counts whole periods or says NaN off the grid', () => {
    expect(periodsBetween(t('2024-01-31'), t('2024-04-30'), 'M')).toBe(3);
    expect(periodsBetween(t('2024-01-31'), t('2024-04-29'), 'M')).toBeNaN();
    expect(periodsBetween(t('2024-01-05'), t('2024-01-15'), 'B')).toBe(6);
    expect(periodsBetween(t('2024-01-01'), t('2024-01-01T02:00:00'), '30T')).toBe(4);
    expect(periodsBetween(t('2024-01-01'), t('2024-01-01T02:10:00'), '30T')).toBeNaN();
    expect(periodsBetween(t('2020-01-01'), t('2024-01-01'), '2AS')).toBe(2);
  });
});

describe('inferFreq', () => {
  const days = (start: string, n: number, stepDays = 1) => Array.from({ length: n }, (_, i) => t(start) + i * stepDays * 86_400_000);

  it.each([
    ['daily', days('2024-01-01', 10), 'D'],
    ['every 3 days', days('2024-01-01', 5, 3), '3D'],
    ['weekly on Sundays', days('2024-01-07', 6, 7), 'W-SUN'],
    ['weekly on Mondays', days('2024-01-01', 6, 7), 'W-MON'],
    ['fortnightly', days('2024-01-07', 6, 14), '2W-SUN'],
    ['hourly', Array.from({ length: 30 }, (_, i) => t('2024-01-01') + i * 3_600_000), 'h'],
    ['15 minutes', Array.from({ length: 8 }, (_, i) => t('2024-01-01') + i * 900_000), '15min'],
    ['seconds', [0, 1000, 2000, 3000], 's'],
    ['month ends', ['2023-11-30', '2023-12-31', '2024-01-31', '2024-02-29'].map(t), 'ME'],
    ['month starts', ['2023-11-01', '2023-12-01', '2024-01-01', '2024-02-01'].map(t), 'MS'],
    ['quarter ends Mar/Jun/Sep', ['2023-03-31', '2023-06-30', '2023-09-30', '2023-12-31'].map(t), 'QE-DEC'],
    ['quarter ends Feb/May/Aug', ['2023-02-28', '2023-05-31', '2023-08-31'].map(t), 'QE-NOV'],
    ['quarter starts', ['2023-01-01', '2023-04-01', '2023-07-01'].map(t), 'QS-JAN'],
    ['year ends', ['2021-12-31', '2022-12-31', '2023-12-31'].map(t), 'YE-DEC'],
    // Equal 365-day steps must still read as yearly, not "365D".
    ['year starts', ['2021-01-01', '2022-01-01', '2023-01-01'].map(t), 'YS-JAN'],
    ['bimonthly', ['2023-01-31', '2023-03-31', '2023-05-31'].map(t), '2ME'],
    ['business days', ['2024-01-04', '2024-01-05', '2024-01-08', '2024-01-09'].map(t), 'B'],
  ])('%s → %s', (_name, ds, freq) => {
    expect(describeFreq(ds)).toEqual({ freq, status: 'regular' });
    expect(inferFreq(ds)).toBe(freq);
  });

  it('recognises a regular grid with missing points', () => {
    const ds = days('2024-01-01', 10).filter((_, i) => i !== 3 && i !== 4);
    expect(describeFreq(ds)).toEqual({ freq: 'D', status: 'gaps', missing: 2 });
    expect(describeFreq(['2024-01-31', '2024-02-29', '2024-04-30', '2024-05-31'].map(t))).toEqual({
      freq: 'ME',
      status: 'gaps',
      missing: 1,
    });
  });

  it('does not invent a grid from three points with unequal steps (pandas infers nothing there either)', () => {
    // Mondays 13 and 26 weeks apart: the gcd rule alone would say "13W-MON" with one point missing.
    const mondays = ['2024-01-01', '2024-04-01', '2024-09-30'].map(t);
    expect(describeFreq(mondays)).toEqual({ status: 'irregular' });
    expect(describeFreq(['2024-01-31', '2024-02-29', '2024-04-30'].map(t))).toEqual({ status: 'irregular' });
    // Once the step is seen twice the gaps are believed.
    expect(describeFreq([...mondays, t('2024-12-30')])).toEqual({ freq: '13W-MON', status: 'gaps', missing: 1 });
  });

  it('reports irregular, too short and non-monotonic timestamps', () => {
    expect(describeFreq([0, 1000, 60_000, 3_600_000, 3_600_007]).status).toBe('irregular');
    expect(describeFreq(['2024-01-15', '2024-02-15', '2024-03-15', '2024-04-15'].map(t)).status).toBe('irregular');
    expect(describeFreq([0, 86_400_000])).toEqual({ status: 'too_short' });
    expect(describeFreq([0, 86_400_000], { minPoints: 2 })).toEqual({ freq: 'D', status: 'regular' });
    expect(describeFreq([0, 2, 1])).toEqual({ status: 'non_monotonic' });
    expect(describeFreq([0, 1, 1])).toEqual({ status: 'non_monotonic' });
    expect(inferFreq([0, 2, 1])).toBeUndefined();
  });
});

describe('inferPanelFreq', () => {
  const hourly = (n: number, start = 0) => Array.from({ length: n }, (_, i) => start + i * 3_600_000);

  it('takes the most common frequency and names the dissenters', () => {
    const panel = {
      series: [
        { id: 'a', ds: hourly(10) },
        { id: 'b', ds: hourly(20) },
        { id: 'c', ds: [0, 86_400_000, 2 * 86_400_000] },
        { id: 'd', ds: [0, 1, 5, 1000] },
        { id: 'e', ds: [0] },
      ],
    };
    const r = describePanelFreq(panel);
    expect(r.freq).toBe('h');
    expect(r.status).toBe('mixed');
    expect(r.counts).toEqual({ h: 2, D: 1 });
    expect(r.conflictingSeries).toEqual(['c']);
    expect(r.irregularSeries).toEqual(['d']);
    expect(inferPanelFreq(panel)).toBe('h');
  });

  it('regular, gaps, too short and irregular panels', () => {
    expect(describePanelFreq({ series: [{ id: 'a', ds: hourly(5) }] }).status).toBe('regular');
    const gappy = hourly(6).filter((_, i) => i !== 2);
    expect(
      describePanelFreq({
        series: [
          { id: 'a', ds: hourly(5) },
          { id: 'b', ds: gappy },
        ],
      }),
    ).toMatchObject({
      freq: 'h',
      status: 'gaps',
      seriesWithGaps: ['b'],
    });
    // Only 2-point series: fall back to a 2-point inference.
    expect(describePanelFreq({ series: [{ id: 'a', ds: hourly(2) }] })).toMatchObject({ freq: 'h', status: 'regular' });
    expect(describePanelFreq({ series: [{ id: 'a', ds: [0] }] })).toMatchObject({ status: 'too_short' });
    expect(describePanelFreq({ series: [{ id: 'a', ds: [0, 7, 1000, 1003] }] })).toMatchObject({ status: 'irregular' });
    expect(inferPanelFreq({ series: [] })).toBeUndefined();
  });
});
