/**
 * Statistical candidate ladders per bucket (after any TSFMs). Names are the statistical model
 * registry's names (the output's `model` column). Every ladder ends with Naive, the model that
 * cannot fail on a non-empty history.
 *
 * Why these orders: AutoETS and Theta are the strongest classical methods on regular data (M3/M4);
 * SeasonalNaive is the robust seasonal floor; intermittent demand gets Croston-SBA and TSB (the
 * original used Croston then Naive); cold starts get the historic mean (original: HistoricAverage,
 * Naive); sparse series, whose gaps QA filled, get the original's default ladder.
 */
import type { SeriesClass } from './profile.js';

export const NAIVE = 'Naive';

export type BucketKey = 'regular_seasonal' | 'regular' | 'sparse_seasonal' | 'sparse' | 'intermittent' | 'cold_start';

export const STATISTICAL_LADDERS: Readonly<Record<BucketKey, readonly string[]>> = Object.freeze({
  regular_seasonal: ['AutoETS', 'Theta', 'SeasonalNaive', NAIVE],
  regular: ['AutoETS', 'Theta', NAIVE],
  sparse_seasonal: ['SeasonalNaive', 'HistoricAverage', NAIVE],
  sparse: ['SES', 'HistoricAverage', NAIVE],
  intermittent: ['CrostonSBA', 'TSB', NAIVE],
  cold_start: ['HistoricAverage', NAIVE],
});

/** Buckets in the order they are listed (and break ties) in a plan. */
export const BUCKET_ORDER: readonly BucketKey[] = [
  'regular_seasonal',
  'regular',
  'sparse_seasonal',
  'sparse',
  'intermittent',
  'cold_start',
];

export function bucketKey(seriesClass: SeriesClass, seasonal: boolean): BucketKey {
  if (seriesClass === 'regular' || seriesClass === 'sparse') return seasonal ? `${seriesClass}_seasonal` : seriesClass;
  return seriesClass;
}
