/**
 * Dates on the time axis in the data's frequency: a monthly series reads "Mar 2010", an hourly one
 * "05 Mar 14:00", a yearly one "2010". Formats are d3-time-format patterns (what Vega uses), applied
 * in UTC because every timestamp of the toolkit is UTC epoch ms.
 */
import { parseFreq, type FreqUnit } from '../data/frequency.js';

const AXIS_FORMAT: Record<FreqUnit, string> = {
  A: '%Y',
  Q: '%Y Q%q',
  M: '%b %Y',
  W: '%d %b %Y',
  D: '%d %b %Y',
  B: '%d %b %Y',
  H: '%d %b %H:%M',
  T: '%H:%M',
  S: '%H:%M:%S',
};

/** Tooltips name the exact period, so they carry the date even for intraday data. */
const TOOLTIP_FORMAT: Record<FreqUnit, string> = {
  ...AXIS_FORMAT,
  W: '%Y-%m-%d',
  D: '%Y-%m-%d',
  B: '%Y-%m-%d',
  H: '%Y-%m-%d %H:%M',
  T: '%Y-%m-%d %H:%M',
  S: '%Y-%m-%d %H:%M:%S',
};

export interface TimeFormats {
  readonly axis: string;
  readonly tooltip: string;
}

/** Formats for a frequency alias; an unknown alias gets plain ISO dates. */
export function timeFormatsFor(freq: string): TimeFormats {
  let unit: FreqUnit;
  try {
    unit = parseFreq(freq).unit;
  } catch {
    return { axis: '%Y-%m-%d', tooltip: '%Y-%m-%d %H:%M' };
  }
  return { axis: AXIS_FORMAT[unit], tooltip: TOOLTIP_FORMAT[unit] };
}
