/**
 * Repairs on one series at a time. Each returns the repaired arrays and what it did. Point-in-time
 * safety: forward fill, zero fill, gap insertion, winsorising against a trailing window and dropping
 * leaked values use nothing after the repaired point; back fill and interpolation do (and strict mode
 * refuses them).
 */
import { addPeriods, periodsBetween } from '../data/frequency.js';
import { lastObservedIndex } from './checks.js';
import type { MissingMethod, RepairKind, RepairRecord, WinsorizeOptions } from './types.js';

export interface WorkSeries {
  id: string;
  ds: Float64Array;
  y: Float64Array;
  covariates: Record<string, Float64Array>;
  statics?: Readonly<Record<string, number | string>>;
}

function record(seriesId: string, kind: RepairKind, column: string, indices: number[], pointInTimeSafe: boolean): RepairRecord {
  return { seriesId, kind, column, count: indices.length, indices, pointInTimeSafe, where: 'history' };
}

function take(a: Float64Array, order: readonly number[]): Float64Array {
  return Float64Array.from(order, (i) => a[i]);
}

/**
 * Sorts by timestamp (stable) and keeps the last row of each repeated timestamp, as the original's
 * `repair()` does. Both look only at the rows themselves, not at later values.
 */
export function sortAndDedupe(s: WorkSeries): { series: WorkSeries; records: RepairRecord[] } {
  const n = s.ds.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => s.ds[a] - s.ds[b] || a - b);
  const moved = order.filter((src, pos) => src !== pos);
  const keep: number[] = [];
  const dropped: number[] = [];
  for (let k = 0; k < n; k++) {
    if (k + 1 < n && s.ds[order[k + 1]] === s.ds[order[k]]) dropped.push(order[k]);
    else keep.push(order[k]);
  }
  const records: RepairRecord[] = [];
  if (moved.length) records.push(record(s.id, 'sort', 'ds', moved, true));
  if (dropped.length) records.push(record(s.id, 'dedupe', 'ds', dropped, true));
  const covariates: Record<string, Float64Array> = {};
  for (const [c, v] of Object.entries(s.covariates)) covariates[c] = take(v, keep);
  return { series: { ...s, ds: take(s.ds, keep), y: take(s.y, keep), covariates }, records };
}

/** Inserts the absent timestamps of the grid (y and covariates missing there). The series must be on the grid. */
export function insertGridGaps(s: WorkSeries, freq: string): { series: WorkSeries; records: RepairRecord[]; inserted: number[] } {
  const n = s.ds.length;
  if (n < 2) return { series: s, records: [], inserted: [] };
  const total = periodsBetween(s.ds[0], s.ds[n - 1], freq) + 1;
  if (!Number.isInteger(total) || total === n) return { series: s, records: [], inserted: [] };
  const ds = new Float64Array(total);
  const y = new Float64Array(total).fill(Number.NaN);
  const covariates: Record<string, Float64Array> = {};
  for (const c of Object.keys(s.covariates)) covariates[c] = new Float64Array(total).fill(Number.NaN);
  const inserted: number[] = [];
  let src = 0;
  for (let k = 0; k < total; k++) {
    const t = addPeriods(s.ds[0], freq, k);
    ds[k] = t;
    if (src < n && s.ds[src] === t) {
      y[k] = s.y[src];
      for (const c of Object.keys(s.covariates)) covariates[c][k] = s.covariates[c][src];
      src++;
    } else inserted.push(k);
  }
  return { series: { ...s, ds, y, covariates }, records: [record(s.id, 'gap_fill', 'ds', inserted, true)], inserted };
}

const METHOD_KIND: Record<Exclude<MissingMethod, 'none'>, RepairKind> = {
  ffill: 'forward_fill',
  zero: 'zero_fill',
  bfill: 'back_fill',
  ffill_bfill: 'forward_fill',
  interpolate: 'interpolate',
};

/**
 * Fills missing y in the observed history (up to the last non-missing y). Forward fill leaves leading
 * gaps (before the first observation) missing: filling them needs a later value.
 */
export function fillMissing(s: WorkSeries, method: MissingMethod): { series: WorkSeries; records: RepairRecord[] } {
  if (method === 'none') return { series: s, records: [] };
  const last = lastObservedIndex(s.y);
  const y = s.y.slice();
  const forward: number[] = [];
  const backward: number[] = [];
  const other: number[] = [];
  if (method === 'ffill' || method === 'ffill_bfill') {
    let prev = Number.NaN;
    for (let i = 0; i <= last; i++) {
      if (Number.isNaN(y[i])) {
        if (!Number.isNaN(prev)) {
          y[i] = prev;
          forward.push(i);
        }
      } else prev = y[i];
    }
  }
  if (method === 'bfill' || method === 'ffill_bfill') {
    let next = Number.NaN;
    for (let i = last; i >= 0; i--) {
      if (Number.isNaN(y[i])) {
        y[i] = next;
        backward.push(i);
      } else next = y[i];
    }
    backward.reverse();
  }
  if (method === 'zero') {
    for (let i = 0; i <= last; i++) {
      if (Number.isNaN(y[i])) {
        y[i] = 0;
        other.push(i);
      }
    }
  }
  if (method === 'interpolate') {
    let prevIdx = -1;
    for (let i = 0; i <= last; i++) {
      if (Number.isNaN(y[i])) continue;
      if (prevIdx >= 0 && i - prevIdx > 1) {
        for (let k = prevIdx + 1; k < i; k++) {
          y[k] = y[prevIdx] + ((y[i] - y[prevIdx]) * (k - prevIdx)) / (i - prevIdx);
          other.push(k);
        }
      }
      prevIdx = i;
    }
  }
  const records: RepairRecord[] = [];
  if (forward.length) records.push(record(s.id, 'forward_fill', 'y', forward, true));
  if (backward.length) records.push(record(s.id, 'back_fill', 'y', backward, false));
  if (other.length) records.push(record(s.id, METHOD_KIND[method], 'y', other, method === 'zero'));
  return { series: { ...s, y }, records };
}

/** Forward-fills covariates at the given rows (rows inserted for gaps). */
export function forwardFillCovariatesAt(s: WorkSeries, rows: readonly number[]): { series: WorkSeries; records: RepairRecord[] } {
  if (rows.length === 0) return { series: s, records: [] };
  const covariates: Record<string, Float64Array> = {};
  const records: RepairRecord[] = [];
  for (const [c, v] of Object.entries(s.covariates)) {
    const out = v.slice();
    const filled: number[] = [];
    for (const i of rows) {
      if (Number.isNaN(out[i]) && i > 0 && !Number.isNaN(out[i - 1])) {
        out[i] = out[i - 1];
        filled.push(i);
      }
    }
    covariates[c] = out;
    if (filled.length) records.push(record(s.id, 'forward_fill', c, filled, true));
  }
  return { series: { ...s, covariates }, records };
}

function median(sorted: number[]): number {
  const m = sorted.length >> 1;
  return sorted.length % 2 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
}

/**
 * Winsorising on a trailing window: y[t] is clipped to median ± z · 1.4826 · MAD of the `window`
 * observed values before t (the raw values, so a genuine level shift stops being clipped once it fills
 * half the window). Nothing at or after t is used. The original clipped to the trailing 1%/99%
 * quantiles from the second point on, which flattens every new high of a trending series; a robust
 * band does not. Windows with MAD = 0 (flat) clip nothing.
 */
export function winsorizeTrailing(s: WorkSeries, options: Required<WinsorizeOptions>): { series: WorkSeries; records: RepairRecord[] } {
  const { window, minPeriods, z } = options;
  const raw = s.y;
  const last = lastObservedIndex(raw);
  const y = raw.slice();
  const clipped: number[] = [];
  const past: number[] = [];
  for (let t = 0; t <= last; t++) {
    const v = raw[t];
    if (!Number.isNaN(v) && past.length >= minPeriods) {
      const sorted = [...past].sort((a, b) => a - b);
      const med = median(sorted);
      const mad = median(sorted.map((x) => Math.abs(x - med)).sort((a, b) => a - b));
      const half = z * 1.4826 * mad;
      if (half > 0) {
        const lo = med - half;
        const hi = med + half;
        if (v < lo || v > hi) {
          y[t] = v < lo ? lo : hi;
          clipped.push(t);
        }
      }
    }
    if (!Number.isNaN(v)) {
      past.push(v);
      if (past.length > window) past.shift();
    }
  }
  return { series: { ...s, y }, records: clipped.length ? [record(s.id, 'winsorize', 'y', clipped, true)] : [] };
}

/** Blanks past-covariate values after the last observed y (the future leaking into history rows). */
export function dropLeakedHistory(s: WorkSeries, covariates: readonly string[]): { series: WorkSeries; records: RepairRecord[] } {
  const last = lastObservedIndex(s.y);
  const out: Record<string, Float64Array> = { ...s.covariates };
  const records: RepairRecord[] = [];
  for (const c of covariates) {
    const v = s.covariates[c].slice();
    const idx: number[] = [];
    for (let i = last + 1; i < v.length; i++) {
      if (!Number.isNaN(v[i])) {
        v[i] = Number.NaN;
        idx.push(i);
      }
    }
    out[c] = v;
    if (idx.length) records.push(record(s.id, 'drop_leaked_covariate', c, idx, true));
  }
  return { series: { ...s, covariates: out }, records };
}
