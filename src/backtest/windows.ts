/**
 * Rolling-origin window positions on the panel's date index (the sorted union of every series'
 * timestamps), as the Python original's `_generate_cutoffs`.
 *
 * Window i trains on the dates before index c_i and tests on dates [c_i, c_i + h). With the
 * original's anchoring ("start") c_i = minTrainSize + i·step, so the first window trains on exactly
 * minTrainSize dates; with "end" the last window ends on the last date (statsforecast's
 * `cross_validation` placement). Both need minTrainSize + (n − 1)·step + h dates.
 * A sliding window trains on the minTrainSize dates before c_i only.
 */
import { EBacktestInsufficientData } from '../errors/index.js';

export type WindowStrategy = 'expanding' | 'sliding';
export type WindowAnchor = 'start' | 'end';

export interface WindowSpec {
  readonly index: number;
  /** Index (into the date index) of the first training date. */
  readonly trainStartIdx: number;
  /** Index of the first test date; training uses dates before it. */
  readonly testStartIdx: number;
  /** One past the last test date. */
  readonly testEndIdx: number;
}

export interface WindowPlanOptions {
  readonly h: number;
  readonly nWindows: number;
  readonly step: number;
  readonly minTrainSize: number;
  readonly strategy: WindowStrategy;
  readonly anchor: WindowAnchor;
}

export function requiredDates(o: Pick<WindowPlanOptions, 'h' | 'nWindows' | 'step' | 'minTrainSize'>): number {
  return o.minTrainSize + (o.nWindows - 1) * o.step + o.h;
}

export function planWindows(nDates: number, o: WindowPlanOptions): WindowSpec[] {
  for (const [name, v, min] of [
    ['h', o.h, 1],
    ['nWindows', o.nWindows, 1],
    ['step', o.step, 1],
    ['minTrainSize', o.minTrainSize, 1],
  ] as const) {
    if (!Number.isInteger(v) || v < min) {
      throw new EBacktestInsufficientData(`Backtest setting ${name} must be an integer ≥ ${min}, got ${v}.`, {
        context: { [name]: v },
        fixHint: `Set ${name} to a positive integer.`,
      });
    }
  }
  const need = requiredDates(o);
  if (nDates < need) {
    throw new EBacktestInsufficientData(
      `Insufficient data for ${o.nWindows} windows. Have ${nDates} dates, need at least ${need} (minTrainSize ${o.minTrainSize} + (${o.nWindows} − 1)·step ${o.step} + h ${o.h}).`,
      { context: { nDates, minRequired: need, nWindowsRequested: o.nWindows, step: o.step, h: o.h, minTrainSize: o.minTrainSize } },
    );
  }
  const first = o.anchor === 'start' ? o.minTrainSize : nDates - o.h - (o.nWindows - 1) * o.step;
  const out: WindowSpec[] = [];
  for (let i = 0; i < o.nWindows; i++) {
    const testStartIdx = first + i * o.step;
    out.push({
      index: i,
      trainStartIdx: o.strategy === 'sliding' ? testStartIdx - o.minTrainSize : 0,
      testStartIdx,
      testEndIdx: testStartIdx + o.h,
    });
  }
  return out;
}

/** Sorted union of timestamps over series. */
export function dateIndex(series: ReadonlyArray<{ readonly ds: Float64Array }>): Float64Array {
  const all = new Set<number>();
  for (const s of series) for (const t of s.ds) all.add(t);
  return Float64Array.from([...all].sort((a, b) => a - b));
}

/** First index i with sorted[i] >= value. */
export function lowerBound(sorted: Float64Array, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
