/**
 * Timestamps at the edges: cells from files and records (ISO strings, `Date`s, epoch-millisecond numbers)
 * become epoch milliseconds UTC, and back. Strings without a zone are read as UTC (never as the local
 * time of the machine, which `Date.parse` would do), so results do not depend on where the code runs.
 */
import { DAY_MS } from './frequency.js';

const ISO =
  /^([+-]?\d{4,6})[-/](\d{1,2})(?:[-/](\d{1,2}))?(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?$/i;
const YEAR_ONLY = /^(\d{4})$/;
const MONTH_FIRST = /^([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$/;
const DAY_FIRST = /^(\d{1,2})\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})$/;
const MONTH_YEAR = /^([A-Za-z]{3,9})\.?\s+(\d{4})$/;
const MONTH_NAMES = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

function monthFromName(name: string): number {
  const key = name.slice(0, 3).toLowerCase();
  const i = MONTH_NAMES.indexOf(key);
  // Accept "Sept" and full names, but not arbitrary words starting with a month's letters.
  if (i < 0) return -1;
  const full = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'][
    i
  ];
  const lower = name.toLowerCase();
  return full.startsWith(lower) || lower === 'sept' ? i : -1;
}

function utc(year: number, month: number, day: number, h = 0, mi = 0, s = 0, ms = 0): number {
  if (month < 0 || month > 11 || day < 1 || h > 23 || mi > 59 || s > 59) return Number.NaN;
  const dim = new Date(Date.UTC(2000, month + 1, 0)).getUTCDate();
  if (day > dim) return Number.NaN;
  const d = new Date(0);
  d.setUTCFullYear(year, month, day);
  d.setUTCHours(h, mi, s, ms);
  // Feb 29 in a non-leap year rolls over; reject it.
  return d.getUTCDate() === day ? d.getTime() : Number.NaN;
}

/** Parses an ISO-like, year-only or month-name date string; NaN when the string is not a date. */
export function parseTimestampString(text: string): number {
  const s = text.trim();
  let m = ISO.exec(s);
  if (m) {
    const fraction = m[7] ? Math.round(Number(`0.${m[7]}`) * 1000) : 0;
    let t = utc(Number(m[1]), Number(m[2]) - 1, m[3] ? Number(m[3]) : 1, Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0), fraction);
    const zone = m[8]?.toUpperCase();
    if (zone && zone !== 'Z' && zone !== 'UTC' && zone !== 'GMT') {
      const sign = zone[0] === '-' ? -1 : 1;
      const digits = zone.slice(1).replace(':', '');
      const offset = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || 0);
      t -= sign * offset * 60_000;
    }
    return t;
  }
  if ((m = YEAR_ONLY.exec(s))) return utc(Number(m[1]), 0, 1);
  if ((m = MONTH_FIRST.exec(s))) return utc(Number(m[3]), monthFromName(m[1]), Number(m[2]));
  if ((m = DAY_FIRST.exec(s))) return utc(Number(m[3]), monthFromName(m[2]), Number(m[1]));
  if ((m = MONTH_YEAR.exec(s))) return utc(Number(m[2]), monthFromName(m[1]), 1);
  return Number.NaN;
}

/**
 * The UTC offset a timestamp string states, in minutes east of UTC ("+09:00" → 540, "-05:00" → -300,
 * "+00:00" → 0); undefined for strings without one, for "Z"/"UTC"/"GMT", and for non-strings.
 */
export function statedUtcOffset(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const zone = ISO.exec(value.trim())?.[8]?.toUpperCase();
  if (!zone || zone === 'Z' || zone === 'UTC' || zone === 'GMT') return undefined;
  const sign = zone[0] === '-' ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || 0));
}

/**
 * Epoch milliseconds for a cell: `Date` → its time, finite number → itself (epoch ms), bigint → number,
 * string → `parseTimestampString`. Anything else (null, booleans, objects, invalid dates) → NaN.
 */
export function toEpochMs(value: unknown): number {
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'number') return Number.isFinite(value) ? value : Number.NaN;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'string') return parseTimestampString(value);
  return Number.NaN;
}

/** True when every finite timestamp is at midnight UTC, i.e. the column holds dates. */
export function allMidnight(values: ArrayLike<number>): boolean {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isFinite(v) && v % DAY_MS !== 0) return false;
  }
  return true;
}

/** ISO text: `2024-01-31` when `dateOnly`, else `2024-01-31T10:00:00Z` (milliseconds only when non-zero). */
export function formatTimestamp(ms: number, dateOnly = false): string {
  if (!Number.isFinite(ms)) return '';
  const iso = new Date(ms).toISOString();
  if (dateOnly) return iso.slice(0, iso.indexOf('T'));
  return iso.endsWith('.000Z') ? `${iso.slice(0, -5)}Z` : iso;
}
