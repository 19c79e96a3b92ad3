import { describe, expect, it } from 'vitest';
import { formatTimestamp, parseTimestampString, toEpochMs } from './timestamps.js';

describe('parseTimestampString', () => {
  it.each([
    ['2024-01-31', Date.UTC(2024, 0, 31)],
    ['2024-1-5', Date.UTC(2024, 0, 5)],
    ['2024/01/31', Date.UTC(2024, 0, 31)],
    ['2024-01', Date.UTC(2024, 0, 1)],
    ['2024', Date.UTC(2024, 0, 1)],
    // No zone means UTC, never the machine's local time.
    ['2024-01-31T10:30:00', Date.UTC(2024, 0, 31, 10, 30)],
    ['2024-01-31 10:30', Date.UTC(2024, 0, 31, 10, 30)],
    ['2024-01-31T10:30:00.250Z', Date.UTC(2024, 0, 31, 10, 30, 0, 250)],
    ['2024-01-31T10:30:00.123456', Date.UTC(2024, 0, 31, 10, 30, 0, 123)],
    ['2024-01-31T10:30:00+02:00', Date.UTC(2024, 0, 31, 8, 30)],
    ['2024-01-31T10:30:00-0530', Date.UTC(2024, 0, 31, 16, 0)],
    ['2024-01-31 10:30:00 UTC', Date.UTC(2024, 0, 31, 10, 30)],
    ['2000-01-01T08:00:00.000Z', Date.UTC(2000, 0, 1, 8)],
    ['Jan 1 2000', Date.UTC(2000, 0, 1)],
    ['January 15, 2001', Date.UTC(2001, 0, 15)],
    ['Sept 3 2001', Date.UTC(2001, 8, 3)],
    ['3 Mar 2002', Date.UTC(2002, 2, 3)],
    ['Mar 2002', Date.UTC(2002, 2, 1)],
    ['2024-02-29', Date.UTC(2024, 1, 29)],
  ])('%s', (text, expected) => {
    expect(parseTimestampString(text)).toBe(expected);
  });

  it.each(['2023-02-29', '2024-13-01', '2024-01-32', '2024-01-01T25:00', 'hello', '', 'Foo 1 2000', '1/2/2024'])('rejects %j', (text) => {
    expect(parseTimestampString(text)).toBeNaN();
  });
});

describe('toEpochMs / formatTimestamp', () => {
  it('reads Dates, epoch numbers, bigints and strings; rejects the rest', () => {
    expect(toEpochMs(new Date(Date.UTC(2020, 5, 1)))).toBe(Date.UTC(2020, 5, 1));
    expect(toEpochMs(1_700_000_000_000)).toBe(1_700_000_000_000);
    expect(toEpochMs(5n)).toBe(5);
    expect(toEpochMs('2020-06-01')).toBe(Date.UTC(2020, 5, 1));
    for (const v of [null, undefined, true, {}, Number.NaN, Infinity, new Date('nope')]) expect(toEpochMs(v)).toBeNaN();
  });
  it('formats dates and datetimes', () => {
    expect(formatTimestamp(Date.UTC(2024, 1, 29), true)).toBe('2024-02-29');
    expect(formatTimestamp(Date.UTC(2024, 1, 29, 13, 5))).toBe('2024-02-29T13:05:00Z');
    expect(formatTimestamp(Date.UTC(2024, 1, 29, 13, 5, 1, 7))).toBe('2024-02-29T13:05:01.007Z');
    expect(formatTimestamp(Number.NaN)).toBe('');
  });
});
