/**
 * Per-series statistics the router decides on, and the resulting class:
 * cold_start → intermittent → sparse → regular (first match wins, as the Python original).
 */
import type { Series } from '../data/panel.js';
import { seasonalityTest } from './seasonality.js';
import type { RouterThresholds } from './thresholds.js';

export type SeriesClass = 'cold_start' | 'intermittent' | 'sparse' | 'regular';

export const SERIES_CLASSES: readonly SeriesClass[] = ['cold_start', 'intermittent', 'sparse', 'regular'];

export interface SeriesProfile {
  readonly id: string;
  /** Rows (timestamps) in the series. */
  readonly length: number;
  /** Rows with an observed (non-NaN) target. */
  readonly observed: number;
  /** Missing points: NaN targets plus timestamps missing from the regular grid. */
  readonly missing: number;
  readonly missingRatio: number;
  /** Share of observed values that are exactly 0. */
  readonly zeroRatio: number;
  /** Average interval between non-zero observations; null with fewer than two of them (treated as ∞). */
  readonly adi: number | null;
  /** Squared coefficient of variation of the non-zero values; null when undefined (treated as ∞). */
  readonly cv2: number | null;
  readonly hasNegative: boolean;
  /** ACF at the season lag; null when the seasonality test was not run. */
  readonly seasonalAcf: number | null;
  readonly seasonal: boolean;
  readonly seriesClass: SeriesClass;
  /** One line on why the class (and seasonality) was chosen. */
  readonly reason: string;
}

/**
 * Missing timestamps estimated from the modal step (robust to calendar months: a step more than
 * 1.5 modal steps long counts round(step / modal) − 1 missing points).
 */
export function missingTimestamps(ds: Float64Array): number {
  if (ds.length < 3) return 0;
  const counts = new Map<number, number>();
  for (let i = 1; i < ds.length; i++) {
    const d = ds[i] - ds[i - 1];
    counts.set(d, (counts.get(d) ?? 0) + 1);
  }
  let modal = 0;
  let best = -1;
  for (const [d, c] of counts) {
    if (c > best || (c === best && d < modal)) {
      best = c;
      modal = d;
    }
  }
  if (!(modal > 0)) return 0;
  let missing = 0;
  for (let i = 1; i < ds.length; i++) {
    const d = ds[i] - ds[i - 1];
    if (d > 1.5 * modal) missing += Math.max(0, Math.round(d / modal) - 1);
  }
  return missing;
}

/** ADI and CV² of the non-zero observations (NaN skipped), the Syntetos–Boylan statistics. */
export function demandStatistics(y: ArrayLike<number>): { adi: number | null; cv2: number | null; zeroRatio: number } {
  const positions: number[] = [];
  const sizes: number[] = [];
  let observed = 0;
  for (let t = 0; t < y.length; t++) {
    const v = y[t];
    if (Number.isNaN(v)) continue;
    if (v !== 0) {
      positions.push(observed);
      sizes.push(v);
    }
    observed += 1;
  }
  const zeroRatio = observed === 0 ? 0 : (observed - sizes.length) / observed;
  if (sizes.length <= 1) return { adi: null, cv2: null, zeroRatio };
  const adi = (positions[positions.length - 1] - positions[0]) / (positions.length - 1);
  const mean = sizes.reduce((a, b) => a + b, 0) / sizes.length;
  const variance = sizes.reduce((a, b) => a + (b - mean) ** 2, 0) / sizes.length;
  const cv2 = mean === 0 ? null : variance / (mean * mean);
  return { adi, cv2, zeroRatio };
}

export function profileSeries(series: Series, seasonLength: number, th: RouterThresholds): SeriesProfile {
  const y = series.y;
  let observed = 0;
  let hasNegative = false;
  for (let t = 0; t < y.length; t++) {
    const v = y[t];
    if (!Number.isNaN(v)) {
      observed += 1;
      if (v < 0) hasNegative = true;
    }
  }
  const gapPoints = missingTimestamps(series.ds);
  const missing = y.length - observed + gapPoints;
  const gridLength = y.length + gapPoints;
  const missingRatio = gridLength === 0 ? 0 : missing / gridLength;
  const { adi, cv2, zeroRatio } = demandStatistics(y);
  const season = seasonalityTest(y, seasonLength, { method: th.seasonalityMethod, threshold: th.seasonalityThreshold });
  const seasonal = season.seasonal;
  const seasonalAcf = Number.isNaN(season.acf) ? null : season.acf;

  const base = { id: series.id, length: y.length, observed, missing, missingRatio, zeroRatio, adi, cv2, hasNegative, seasonalAcf };
  // Syntetos–Boylan: demand arriving on average every ≥ 1.32 periods is intermittent whatever its
  // size variability; CV² only splits it into "intermittent" (steady sizes) and "lumpy". Both are
  // what Croston/SBA/TSB are for. (The original also required CV² ≥ 0.49, which sent steady
  // intermittent demand to smoothing models.) Fewer than two demands: ADI is unbounded.
  const isIntermittent = !hasNegative && (adi ?? Infinity) >= th.intermittentAdi;
  const demandType = (cv2 ?? Infinity) >= th.intermittentCv2 ? 'lumpy' : 'intermittent';
  const seasonNote = season.skipped
    ? `no seasonality test (${season.skipped})`
    : `ACF at lag ${seasonLength} = ${season.acf.toFixed(3)} ${seasonal ? '>' : '≤'} ${season.limit.toFixed(3)}: ${seasonal ? 'seasonal' : 'not seasonal'}`;

  if (observed < th.coldStartObservations) {
    return { ...base, seasonal: false, seriesClass: 'cold_start', reason: `${observed} observations < ${th.coldStartObservations}` };
  }
  if (isIntermittent) {
    return {
      ...base,
      seasonal: false,
      seriesClass: 'intermittent',
      reason: `ADI ${fmt(adi)} ≥ ${th.intermittentAdi}; CV² ${fmt(cv2)} ${demandType === 'lumpy' ? '≥' : '<'} ${th.intermittentCv2}: ${demandType} demand`,
    };
  }
  if (missingRatio > th.sparseMissingRatio) {
    return {
      ...base,
      seasonal,
      seriesClass: 'sparse',
      reason: `missing ratio ${missingRatio.toFixed(3)} > ${th.sparseMissingRatio}; ${seasonNote}`,
    };
  }
  return { ...base, seasonal, seriesClass: 'regular', reason: seasonNote };
}

function fmt(v: number | null): string {
  return v === null ? '∞' : v.toFixed(3);
}
