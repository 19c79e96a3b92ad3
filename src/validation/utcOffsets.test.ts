/**
 * Timestamps with a stated UTC offset are read in the data's own calendar, as pandas does for a
 * tz-aware index. The cases are pandas' own `test_infer_freq_tz` (pandas/tests/tseries/frequencies/
 * test_inference.py): the same dates must give the same frequency in every offset.
 */
import { describe, expect, it } from 'vitest';
import { tableFromRecords } from '../data/io/table.js';
import { convertTableToPanel } from './tableContract.js';

const PANDAS_TZ_CASES: Record<string, string[]> = {
  'YS-JAN': ['2009-01-01', '2010-01-01', '2011-01-01', '2012-01-01'],
  'QE-OCT': ['2009-01-31', '2009-04-30', '2009-07-31', '2009-10-31'],
  ME: ['2010-11-30', '2010-12-31', '2011-01-31', '2011-02-28'],
  'W-SAT': ['2010-12-25', '2011-01-01', '2011-01-08', '2011-01-15'],
  D: ['2011-01-01', '2011-01-02', '2011-01-03', '2011-01-04'],
  h: ['2011-12-31 22:00', '2011-12-31 23:00', '2012-01-01 00:00', '2012-01-01 01:00'],
};
const OFFSETS = ['', 'Z', '+00:00', '+05:00', '+09:00', '+05:30', '-05:00', '-08:00'];

function convert(dates: string[], offset: string) {
  const iso = dates.map((d) => `${d.includes(' ') ? d.replace(' ', 'T') : `${d}T00:00`}:00${offset}`);
  return convertTableToPanel(tableFromRecords(iso.map((ds, i) => ({ unique_id: 'a', ds, y: i }))));
}

describe('timestamps with a UTC offset', () => {
  for (const offset of OFFSETS) {
    for (const [expected, dates] of Object.entries(PANDAS_TZ_CASES)) {
      it(`${expected} in "${offset || 'no offset'}"`, () => {
        expect(convert(dates, offset).panel?.freq).toBe(expected);
      });
    }
  }

  it('are read as local wall-clock time, with a warning naming the offset', () => {
    const c = convert(PANDAS_TZ_CASES['YS-JAN'] ?? [], '+09:00');
    expect(Array.from(c.panel?.series[0]?.ds ?? [], (t) => new Date(t).toISOString().slice(0, 10))).toEqual([
      '2009-01-01',
      '2010-01-01',
      '2011-01-01',
      '2012-01-01',
    ]);
    expect(c.issues.map((i) => i.message)).toEqual([
      expect.stringMatching(/^Timestamps carry UTC offsets \(\+09:00\); they are read in that local time/),
    ]);
  });

  it('stay UTC when only some strings state an offset', () => {
    const c = convertTableToPanel(
      tableFromRecords([
        { unique_id: 'a', ds: '2024-01-01T00:00:00+09:00', y: 1 },
        { unique_id: 'a', ds: '2024-01-02T00:00:00Z', y: 2 },
      ]),
    );
    expect(c.panel?.series[0]?.ds[0]).toBe(Date.UTC(2023, 11, 31, 15));
    expect(c.issues).toEqual([]);
  });
});
