/**
 * Frequencies as pandas spells them, on epoch-millisecond UTC timestamps.
 *
 * Supported aliases (case as pandas; multiples such as `15T`, `2H`, `3M` everywhere):
 *   S (second), T or min (minute), H or h (hour), D (calendar day), B (business day, Mon–Fri),
 *   W / W-SUN … W-SAT (weekly, anchored on a weekday; W = W-SUN),
 *   M / ME (month end), MS (month start),
 *   Q / QE / Q-JAN … Q-DEC (quarter end; Q = Q-DEC), QS / QS-JAN … (quarter start; QS = QS-JAN),
 *   A / Y / YE / A-DEC … (year end; A = A-DEC), AS / YS / AS-JAN … (year start; AS = AS-JAN).
 * Canonical aliases, printed and written, are pandas ≥ 2.2's: `s`, `15min`, `h`, `D`, `B`, `W-SUN`, `ME`,
 * `MS`, `QE-DEC`, `QS-JAN`, `YE-DEC`, `YS-JAN`. The older spellings (`S`, `T`, `H`, `M`, `Q-DEC`, `A-DEC`,
 * `AS-JAN`) are still accepted on input.
 *
 * Calendar offsets (M, Q, A, B, anchored W) follow pandas' DateOffset semantics: a timestamp that is not
 * on the offset first rolls to the next (or previous) anchor, and that roll counts as one step. The time
 * of day is kept, as pandas does for non-normalised offsets.
 */
import { EFreqInvalid, EFreqIrregular, EInvalidArgument } from '../errors/index.js';

export type FreqUnit = 'S' | 'T' | 'H' | 'D' | 'B' | 'W' | 'M' | 'Q' | 'A';

export interface Freq {
  /** Canonical alias, e.g. "15T", "W-SUN", "Q-DEC", "MS". */
  readonly alias: string;
  readonly unit: FreqUnit;
  /** Multiple of the unit (15 in "15T"); always ≥ 1. */
  readonly n: number;
  /**
   * W: anchor weekday, 0 = Sunday … 6 = Saturday (JavaScript's `getUTCDay`).
   * Q and A: anchor month 0 = January … 11 = December; the month a year/quarter ends in for
   * end-anchored aliases (Q-DEC, A-DEC) and starts in for start-anchored ones (QS-JAN, AS-JAN).
   */
  readonly anchor?: number;
  /** M, Q and A: whether timestamps sit on the last or on the first day of the month. */
  readonly position?: 'start' | 'end';
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
export const DAY_MS = 24 * HOUR;
const WEEK = 7 * DAY_MS;

const FIXED_MS: Partial<Record<FreqUnit, number>> = { S: SECOND, T: MINUTE, H: HOUR, D: DAY_MS };

const WEEKDAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] as const;
const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'] as const;

/** Base spellings → unit and month position. Anchors are parsed separately. */
const BASES: Record<string, { unit: FreqUnit; position?: 'start' | 'end' }> = {
  S: { unit: 'S' },
  SEC: { unit: 'S' },
  T: { unit: 'T' },
  MIN: { unit: 'T' },
  H: { unit: 'H' },
  D: { unit: 'D' },
  B: { unit: 'B' },
  W: { unit: 'W' },
  M: { unit: 'M', position: 'end' },
  ME: { unit: 'M', position: 'end' },
  MS: { unit: 'M', position: 'start' },
  Q: { unit: 'Q', position: 'end' },
  QE: { unit: 'Q', position: 'end' },
  QS: { unit: 'Q', position: 'start' },
  A: { unit: 'A', position: 'end' },
  Y: { unit: 'A', position: 'end' },
  YE: { unit: 'A', position: 'end' },
  AS: { unit: 'A', position: 'start' },
  YS: { unit: 'A', position: 'start' },
};

/** pandas' sub-second and other aliases we deliberately do not support; named so the error can say so. */
const UNSUPPORTED: Record<string, string> = {
  ms: 'milliseconds',
  L: 'milliseconds',
  us: 'microseconds',
  U: 'microseconds',
  ns: 'nanoseconds',
  N: 'nanoseconds',
  SM: 'semi-month',
  SMS: 'semi-month',
  BM: 'business month',
  BMS: 'business month',
  BQ: 'business quarter',
  BA: 'business year',
  BH: 'business hour',
  C: 'custom business day',
};

const parseCache = new Map<string, Freq>();

/** Parses a pandas-style alias; throws `EFreqInvalid` for anything unknown. */
export function parseFreq(alias: string | Freq): Freq {
  if (typeof alias !== 'string') return alias;
  const cached = parseCache.get(alias);
  if (cached) return cached;
  const m = /^\s*(\d+)?\s*([A-Za-z]+)(?:-([A-Za-z]{3}))?\s*$/.exec(alias);
  if (!m) throw invalid(alias, 'not of the form [multiple]ALIAS[-ANCHOR]');
  const n = m[1] === undefined ? 1 : Number(m[1]);
  const rawBase = m[2];
  const rawAnchor = m[3];
  if (!Number.isSafeInteger(n) || n < 1) throw invalid(alias, 'the multiple must be a positive integer');
  if (rawBase in UNSUPPORTED) throw invalid(alias, `${UNSUPPORTED[rawBase]} are not supported`);
  // "min" is the only lower-case word pandas uses besides sub-second units; everything else is
  // matched case-insensitively (h, d, s, w …). "ms" was excluded above because pandas reads it as
  // milliseconds, not month start.
  const base = BASES[rawBase.toUpperCase()];
  if (!base) throw invalid(alias, `unknown unit "${rawBase}"`);
  let anchor: number | undefined;
  if (base.unit === 'W') {
    anchor = rawAnchor === undefined ? 0 : WEEKDAYS.indexOf(rawAnchor.toUpperCase() as (typeof WEEKDAYS)[number]);
    if (anchor < 0) throw invalid(alias, `unknown weekday anchor "${rawAnchor}" (use SUN … SAT)`);
  } else if (base.unit === 'Q' || base.unit === 'A') {
    const fallback = base.position === 'end' ? 11 : 0;
    anchor = rawAnchor === undefined ? fallback : MONTHS.indexOf(rawAnchor.toUpperCase() as (typeof MONTHS)[number]);
    if (anchor < 0) throw invalid(alias, `unknown month anchor "${rawAnchor}" (use JAN … DEC)`);
  } else if (rawAnchor !== undefined) {
    throw invalid(alias, `"${rawBase}" takes no anchor`);
  }
  const freq = makeFreq(base.unit, n, anchor, base.position);
  parseCache.set(alias, freq);
  return freq;
}

function invalid(alias: string, why: string): EFreqInvalid {
  return new EFreqInvalid(`Unknown frequency "${alias}": ${why}.`, { context: { freq: alias } });
}

/** pandas ≥ 2.2 names of the fixed units (the older upper-case ones are deprecated there). */
const FIXED_NAMES: Partial<Record<FreqUnit, string>> = { S: 's', T: 'min', H: 'h' };

function makeFreq(unit: FreqUnit, n: number, anchor?: number, position?: 'start' | 'end'): Freq {
  let name: string;
  switch (unit) {
    case 'W':
      name = `W-${WEEKDAYS[anchor ?? 0]}`;
      break;
    case 'M':
      name = position === 'start' ? 'MS' : 'ME';
      break;
    case 'Q':
      name = `${position === 'start' ? 'QS' : 'QE'}-${MONTHS[anchor ?? 11]}`;
      break;
    case 'A':
      name = `${position === 'start' ? 'YS' : 'YE'}-${MONTHS[anchor ?? 11]}`;
      break;
    default:
      name = FIXED_NAMES[unit] ?? unit;
  }
  const alias = n === 1 ? name : `${n}${name}`;
  return Object.freeze({
    alias,
    unit,
    n,
    ...(anchor === undefined ? {} : { anchor }),
    ...(position === undefined ? {} : { position }),
  });
}

/** The canonical spelling of an alias: canonicalFreq("15T") === "15min", canonicalFreq("M") === "ME", canonicalFreq("W") === "W-SUN". */
export function canonicalFreq(alias: string): string {
  return parseFreq(alias).alias;
}

// ---- Season length ------------------------------------------------------------------------

/**
 * Natural cycles per unit, in units, tried in order. The first entry is the Python original's mapping
 * (D 7, B 5, H 24, T 60, M 12, Q 4, W 52, A 1, S 60); the later ones only serve multiples that do not
 * divide the first (60T → 1440/60 = 24 per day, 45T → 32 per day).
 */
const CYCLES: Record<FreqUnit, readonly number[]> = {
  S: [60, 3600, 86400],
  T: [60, 1440],
  H: [24, 168],
  D: [7],
  B: [5],
  W: [52],
  M: [12],
  Q: [4],
  A: [1],
};

/**
 * Season length for a frequency. For a multiple n the first natural cycle c of the unit with c divisible
 * by n and c/n ≥ 2 gives c/n periods (15T → 4 per hour, 2H → 12 per day, 3M → 4 per year, 2W → 26);
 * when none divides (2D, 5H) there is no whole-period season and the answer is 1 (non-seasonal).
 * The Python original ignored multiples (15T → 60) and anchors (W-SUN → none); we do not copy that.
 */
export function seasonLengthFor(freq: string | Freq): number {
  const f = parseFreq(freq);
  const cycles = CYCLES[f.unit];
  if (f.n === 1) return cycles[0];
  for (const c of cycles) {
    if (c % f.n === 0 && c / f.n >= 2) return c / f.n;
  }
  return 1;
}

/** Average length of one period in milliseconds (months 30.44 days, business days 7/5 days). For sizing only. */
export function approxPeriodMs(freq: string | Freq): number {
  const f = parseFreq(freq);
  const fixed = FIXED_MS[f.unit];
  if (fixed !== undefined) return fixed * f.n;
  const perUnit: Record<string, number> = {
    B: (7 / 5) * DAY_MS,
    W: WEEK,
    M: (365.2425 / 12) * DAY_MS,
    Q: (365.2425 / 4) * DAY_MS,
    A: 365.2425 * DAY_MS,
  };
  return perUnit[f.unit] * f.n;
}

// ---- Calendar helpers (UTC) ---------------------------------------------------------------

function timeOfDay(ts: number): number {
  return ((ts % DAY_MS) + DAY_MS) % DAY_MS;
}

function dayNumber(ts: number): number {
  return Math.floor(ts / DAY_MS);
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
}

/** Months since year 0 (year·12 + month). */
function monthIndex(ts: number): number {
  const d = new Date(ts);
  return d.getUTCFullYear() * 12 + d.getUTCMonth();
}

function isMonthEnd(ts: number): boolean {
  const d = new Date(ts);
  return d.getUTCDate() === daysInMonth(d.getUTCFullYear(), d.getUTCMonth());
}

function isMonthStart(ts: number): boolean {
  return new Date(ts).getUTCDate() === 1;
}

function fromMonthIndex(mi: number, position: 'start' | 'end', tod: number): number {
  const year = Math.floor(mi / 12);
  const month = mi - year * 12;
  const day = position === 'start' ? 1 : daysInMonth(year, month);
  return Date.UTC(year, month, day) + tod;
}

/** JavaScript weekday, 0 = Sunday. 1970-01-01 was a Thursday. */
function weekday(ts: number): number {
  return (((dayNumber(ts) + 4) % 7) + 7) % 7;
}

/**
 * Business-day index: consecutive integers over Mondays–Fridays. Saturdays and Sundays map to the
 * following Monday's index (they are not on the offset; see `isOnOffset`).
 */
function businessIndex(ts: number): number {
  const d = dayNumber(ts) + 3; // day 0 = Monday 1969-12-29
  const week = Math.floor(d / 7);
  const dow = d - week * 7; // 0 = Monday
  return week * 5 + Math.min(dow, 5);
}

function fromBusinessIndex(bi: number, tod: number): number {
  const week = Math.floor(bi / 5);
  const dow = bi - week * 5;
  return (week * 7 + dow - 3) * DAY_MS + tod;
}

function monthsPerStep(unit: FreqUnit): number {
  return unit === 'M' ? 1 : unit === 'Q' ? 3 : 12;
}

/** The anchor month residue mod `s` for calendar units. */
function anchorResidue(f: Freq): number {
  return f.unit === 'M' ? 0 : f.anchor! % monthsPerStep(f.unit);
}

function mod(a: number, b: number): number {
  return ((a % b) + b) % b;
}

/** Whether `ts` lies on the offset's anchor (fixed-length units: always, like pandas' Tick offsets). */
export function isOnOffset(ts: number, freq: string | Freq): boolean {
  const f = parseFreq(freq);
  switch (f.unit) {
    case 'B': {
      const wd = weekday(ts);
      return wd !== 0 && wd !== 6;
    }
    case 'W':
      return weekday(ts) === f.anchor;
    case 'M':
    case 'Q':
    case 'A': {
      const dayOk = f.position === 'start' ? isMonthStart(ts) : isMonthEnd(ts);
      return dayOk && mod(monthIndex(ts) - anchorResidue(f), monthsPerStep(f.unit)) === 0;
    }
    default:
      return true;
  }
}

/**
 * `ts` moved by `n` periods of `freq` (negative n moves back), calendar-correct in UTC:
 * addPeriods(Jan 31, "M", 1) = Feb 29 in a leap year; addPeriods(Fri, "B", 1) = Mon.
 */
export function addPeriods(ts: number, freq: string | Freq, n: number): number {
  if (!Number.isInteger(n)) throw new EInvalidArgument(`addPeriods needs a whole number of periods, got ${n}`);
  const f = parseFreq(freq);
  if (n === 0) return ts;
  const steps = n * f.n;
  const fixed = FIXED_MS[f.unit];
  if (fixed !== undefined) return ts + steps * fixed;
  const tod = timeOfDay(ts);
  switch (f.unit) {
    case 'B': {
      let bi = businessIndex(ts);
      if (isOnOffset(ts, f)) bi += steps;
      // A weekend day rolls to Monday (forward) or Friday (back); the roll is the first step.
      else bi = steps > 0 ? bi + steps - 1 : bi - 1 + steps + 1;
      return fromBusinessIndex(bi, tod);
    }
    case 'W': {
      if (isOnOffset(ts, f)) return ts + steps * WEEK;
      const wd = weekday(ts);
      if (steps > 0) return ts + mod(f.anchor! - wd, 7) * DAY_MS + (steps - 1) * WEEK;
      return ts - mod(wd - f.anchor!, 7) * DAY_MS + (steps + 1) * WEEK;
    }
    default: {
      const s = monthsPerStep(f.unit);
      const r = anchorResidue(f);
      const position = f.position!;
      const mi = monthIndex(ts);
      let target: number;
      if (isOnOffset(ts, f)) {
        target = mi + steps * s;
      } else if (steps > 0) {
        // First anchor after ts: an end anchor may be in ts's own month; a start anchor is in a later one.
        const from = position === 'end' ? mi : mi + 1;
        const first = from + mod(r - from, s);
        target = first + (steps - 1) * s;
      } else {
        const from = position === 'end' ? mi - 1 : mi;
        const last = from - mod(from - r, s);
        target = last + (steps + 1) * s;
      }
      return fromMonthIndex(target, position, tod);
    }
  }
}

/** The first timestamp on the offset at or after `ts`. */
export function rollForward(ts: number, freq: string | Freq): number {
  const f = parseFreq(freq);
  if (isOnOffset(ts, f)) return ts;
  return addPeriods(ts, { ...f, n: 1 }, 1);
}

/** The h timestamps after `lastDs`, one period apart (calendar-correct). */
export function futureTimestamps(lastDs: number, freq: string | Freq, h: number): Float64Array {
  const f = parseFreq(freq);
  const out = new Float64Array(h);
  for (let i = 0; i < h; i++) out[i] = addPeriods(lastDs, f, i + 1);
  return out;
}

/**
 * Whole periods from `a` to `b` when `b` lies on the grid of `freq` started at `a`; NaN otherwise
 * (off-grid, a different time of day for calendar units, or a weekend for B).
 */
export function periodsBetween(a: number, b: number, freq: string | Freq): number {
  const f = parseFreq(freq);
  const fixed = FIXED_MS[f.unit];
  if (fixed !== undefined || f.unit === 'W') {
    const k = (b - a) / ((fixed ?? WEEK) * f.n);
    return Number.isInteger(k) ? k : Number.NaN;
  }
  if (timeOfDay(a) !== timeOfDay(b)) return Number.NaN;
  if (!isOnOffset(a, f) || !isOnOffset(b, f)) return Number.NaN;
  const units = f.unit === 'B' ? businessIndex(b) - businessIndex(a) : (monthIndex(b) - monthIndex(a)) / monthsPerStep(f.unit);
  const k = units / f.n;
  return Number.isInteger(k) ? k : Number.NaN;
}

export interface GridOptions {
  /** Refuse grids longer than this (a mistaken "S" over years would exhaust memory). Default 10 million. */
  maxPoints?: number;
}

/** Every timestamp of `freq` from `start` (rolled forward onto the offset) up to and including `end`. */
export function regularGrid(start: number, end: number, freq: string | Freq, options: GridOptions = {}): Float64Array {
  const f = parseFreq(freq);
  const maxPoints = options.maxPoints ?? 10_000_000;
  const first = rollForward(start, f);
  if (first > end) return new Float64Array(0);
  const estimate = Math.floor((end - first) / approxPeriodMs(f)) + 2;
  if (estimate > maxPoints) {
    throw new EFreqIrregular(`A ${f.alias} grid from ${isoString(start)} to ${isoString(end)} would have about ${estimate} points.`, {
      context: { freq: f.alias, start: isoString(start), end: isoString(end), estimate, maxPoints },
      fixHint: 'Check that the frequency matches the data (e.g. "D" rather than "S"), or raise maxPoints.',
    });
  }
  const fixed = FIXED_MS[f.unit];
  if (fixed !== undefined || f.unit === 'W') {
    const step = (fixed ?? WEEK) * f.n;
    const count = Math.floor((end - first) / step) + 1;
    const out = new Float64Array(count);
    for (let i = 0; i < count; i++) out[i] = first + i * step;
    return out;
  }
  const out: number[] = [];
  for (let i = 0; ; i++) {
    const t = addPeriods(first, f, i);
    if (t > end) break;
    out.push(t);
  }
  return Float64Array.from(out);
}

function isoString(ts: number): string {
  return Number.isFinite(ts) ? new Date(ts).toISOString() : String(ts);
}

// ---- Inference ----------------------------------------------------------------------------

export type FreqStatus = 'regular' | 'gaps' | 'irregular' | 'too_short' | 'non_monotonic';

export interface FreqInference {
  /** Canonical alias; set when status is "regular" or "gaps". */
  freq?: string;
  /**
   * regular: every step is exactly one period. gaps: every timestamp is on the grid of `freq` but
   * `missing` grid points are absent (at least half of the grid is present). irregular: no supported
   * frequency fits. too_short: fewer than `minPoints` timestamps. non_monotonic: not strictly increasing.
   */
  status: FreqStatus;
  /** Grid points between the first and last timestamp that are absent (status "gaps"). */
  missing?: number;
}

export interface InferFreqOptions {
  /** Fewest timestamps to infer from; pandas needs 3, which is the default. */
  minPoints?: number;
  /** Smallest share of the grid that must be present for "gaps" rather than "irregular". Default 0.5. */
  minGridCoverage?: number;
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return Math.abs(a);
}

/**
 * Infers the frequency of one series' timestamps, in pandas' order of preference: yearly, quarterly and
 * monthly anchors first (month starts/ends at one time of day), then a fixed step (W, D, H, T, S), then
 * business days. Unlike pandas it also recognises a regular grid with missing points (status "gaps").
 */
export function describeFreq(ds: ArrayLike<number>, options: InferFreqOptions = {}): FreqInference {
  const minPoints = Math.max(2, options.minPoints ?? 3);
  const coverage = options.minGridCoverage ?? 0.5;
  const n = ds.length;
  if (n < minPoints) return { status: 'too_short' };
  for (let i = 1; i < n; i++) {
    if (!(ds[i] > ds[i - 1])) return { status: 'non_monotonic' };
  }
  // A grid with gaps is only believed when its step is seen at least twice: otherwise the gcd of
  // two unequal steps invents a frequency (13 and 26 weeks → "13W-MON" from three points).
  const judge = (f: Freq, gridSteps: number, stepsSeen: number): FreqInference => {
    if (gridSteps === n - 1) return { freq: f.alias, status: 'regular' };
    if (stepsSeen >= 2 && n / (gridSteps + 1) >= coverage) return { freq: f.alias, status: 'gaps', missing: gridSteps + 1 - n };
    return { status: 'irregular' };
  };

  const tod0 = timeOfDay(ds[0]);
  let sameTime = true;
  for (let i = 1; i < n && sameTime; i++) sameTime = timeOfDay(ds[i]) === tod0;

  // Month-anchored (M/MS, Q, A).
  if (sameTime) {
    let allEnd = true;
    let allStart = true;
    for (let i = 0; i < n && (allEnd || allStart); i++) {
      if (allEnd && !isMonthEnd(ds[i])) allEnd = false;
      if (allStart && !isMonthStart(ds[i])) allStart = false;
    }
    if (allEnd !== allStart) {
      let g = 0;
      const m0 = monthIndex(ds[0]);
      const monthSteps: number[] = [];
      for (let i = 1; i < n; i++) monthSteps.push(monthIndex(ds[i]) - monthIndex(ds[i - 1]));
      for (const d of monthSteps) g = gcd(g, d);
      const position = allEnd ? 'end' : 'start';
      const month = mod(m0, 12);
      let f: Freq;
      if (g % 12 === 0) f = makeFreq('A', g / 12, month, position);
      else if (g % 3 === 0) {
        // Canonical quarter anchor: for ends the anchor in OCT–DEC (Q-DEC for Mar/Jun/Sep/Dec), for starts JAN–MAR.
        f = makeFreq('Q', g / 3, position === 'end' ? 9 + (month % 3) : month % 3, position);
      } else f = makeFreq('M', g, undefined, position);
      return judge(f, (monthIndex(ds[n - 1]) - m0) / g, monthSteps.filter((d) => d === g).length);
    }
  }

  // A fixed step.
  let g = 0;
  let equal = true;
  const d0 = ds[1] - ds[0];
  for (let i = 1; i < n; i++) {
    const d = ds[i] - ds[i - 1];
    if (d !== d0) equal = false;
    g = gcd(g, d);
  }
  const fixedFreq = (step: number): Freq | undefined => {
    if (step % WEEK === 0) return makeFreq('W', step / WEEK, weekday(ds[0]));
    for (const unit of ['D', 'H', 'T', 'S'] as const) {
      if (step % FIXED_MS[unit]! === 0) return makeFreq(unit, step / FIXED_MS[unit]!);
    }
    return undefined; // sub-second
  };
  if (equal) {
    const f = fixedFreq(d0);
    return f ? { freq: f.alias, status: 'regular' } : { status: 'irregular' };
  }

  // Business days: weekdays only at one time of day, with steps of one business day over weekends.
  if (sameTime) {
    let weekdaysOnly = true;
    for (let i = 0; i < n && weekdaysOnly; i++) {
      const wd = weekday(ds[i]);
      weekdaysOnly = wd !== 0 && wd !== 6;
    }
    if (weekdaysOnly) {
      let bg = 0;
      let crossesWeekend = false;
      for (let i = 1; i < n; i++) {
        const bd = businessIndex(ds[i]) - businessIndex(ds[i - 1]);
        bg = gcd(bg, bd);
        if (dayNumber(ds[i]) - dayNumber(ds[i - 1]) !== bd) crossesWeekend = true;
      }
      if (crossesWeekend && bg === 1) {
        let ones = 0;
        for (let i = 1; i < n; i++) if (businessIndex(ds[i]) - businessIndex(ds[i - 1]) === 1) ones++;
        return judge(makeFreq('B', 1), businessIndex(ds[n - 1]) - businessIndex(ds[0]), ones);
      }
    }
  }

  const f = fixedFreq(g);
  if (!f) return { status: 'irregular' };
  let seen = 0;
  for (let i = 1; i < n; i++) if (ds[i] - ds[i - 1] === g) seen++;
  return judge(f, (ds[n - 1] - ds[0]) / g, seen);
}

/**
 * The frequency of one series (canonical alias), or undefined when it cannot be inferred.
 * A regular grid with some missing points still yields its frequency (see `describeFreq` for the status).
 */
export function inferFreq(ds: ArrayLike<number>, options: InferFreqOptions = {}): string | undefined {
  return describeFreq(ds, options).freq;
}

export interface PanelFreqInference {
  /** Most common frequency among the series (regular ones preferred over ones with gaps). */
  freq?: string;
  /**
   * regular: every series long enough to tell is regular at `freq`. gaps: all agree on `freq` but some have
   * missing points. mixed: series disagree (or some are irregular) — `freq` is the majority.
   * irregular: no series has an inferable frequency. too_short: no series is long enough to tell.
   */
  status: 'regular' | 'gaps' | 'mixed' | 'irregular' | 'too_short';
  /** Series count per inferred frequency. */
  counts: Record<string, number>;
  /** Ids of series whose timestamps fit no frequency or are not strictly increasing. */
  irregularSeries: string[];
  /** Ids of series inferred at a frequency other than `freq`. */
  conflictingSeries: string[];
  /** Ids of series on the `freq` grid with missing points. */
  seriesWithGaps: string[];
}

export interface SeriesTimestamps {
  readonly id: string;
  readonly ds: ArrayLike<number>;
}

/**
 * Infers one frequency for a panel: the most common across series (ties → the alias first in sort order,
 * for determinism). Series with fewer than 3 points are only used when no series has more.
 */
export function describePanelFreq(panel: { readonly series: readonly SeriesTimestamps[] }): PanelFreqInference {
  let results = panel.series.map((s) => ({ id: s.id, r: describeFreq(s.ds) }));
  if (results.every((x) => x.r.status === 'too_short')) {
    results = panel.series.map((s) => ({ id: s.id, r: describeFreq(s.ds, { minPoints: 2 }) }));
  }
  const counts: Record<string, number> = {};
  const regularCounts: Record<string, number> = {};
  const irregularSeries: string[] = [];
  for (const { id, r } of results) {
    if (r.freq) {
      counts[r.freq] = (counts[r.freq] ?? 0) + 1;
      if (r.status === 'regular') regularCounts[r.freq] = (regularCounts[r.freq] ?? 0) + 1;
    } else if (r.status === 'irregular' || r.status === 'non_monotonic') irregularSeries.push(id);
  }
  const pick = (c: Record<string, number>) =>
    Object.entries(c).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))[0]?.[0];
  const freq = pick(regularCounts) ?? pick(counts);
  const empty = { counts, irregularSeries, conflictingSeries: [], seriesWithGaps: [] };
  if (!freq) {
    const status = irregularSeries.length > 0 ? 'irregular' : 'too_short';
    return { status, ...empty };
  }
  const conflictingSeries = results.filter((x) => x.r.freq !== undefined && x.r.freq !== freq).map((x) => x.id);
  const seriesWithGaps = results.filter((x) => x.r.freq === freq && x.r.status === 'gaps').map((x) => x.id);
  const status = conflictingSeries.length > 0 || irregularSeries.length > 0 ? 'mixed' : seriesWithGaps.length > 0 ? 'gaps' : 'regular';
  return { freq, status, counts, irregularSeries, conflictingSeries, seriesWithGaps };
}

/** The panel's most common frequency, or undefined when no series has an inferable one. */
export function inferPanelFreq(panel: { readonly series: readonly SeriesTimestamps[] }): string | undefined {
  return describePanelFreq(panel).freq;
}
