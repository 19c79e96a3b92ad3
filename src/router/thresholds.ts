/**
 * Routing thresholds. Defaults are the Python tsagentkit's (`RouterThresholds`, `build_dataset`'s
 * sparsity profile), so plans are comparable across the two implementations.
 */
export interface RouterThresholds {
  /** Fewer observed points than this makes a series "cold_start" (original: 10). */
  readonly coldStartObservations: number;
  /** Average demand interval at or above which a series is intermittent (Syntetos–Boylan 1.32). */
  readonly intermittentAdi: number;
  /** Squared coefficient of variation of non-zero sizes splitting intermittent (below) from lumpy (0.49). */
  readonly intermittentCv2: number;
  /** Share of missing points (NaN values plus missing timestamps) above which a series is "sparse" (0.15). */
  readonly sparseMissingRatio: number;
  /** Histories shorter than this are reported as short (original `min_train_size` 56). */
  readonly shortHistory: number;
  /** Seasonality test: "m4" (90% ACF test, default) or "threshold" (|ACF| ≥ seasonalityThreshold, original). */
  readonly seasonalityMethod: 'm4' | 'threshold';
  readonly seasonalityThreshold: number;
  /** TSFM size guardrail: above these, TSFM adapters are not planned (original: 20 000 series, 5 000 points). */
  readonly maxSeriesForTsfm: number;
  readonly maxPointsPerSeriesForTsfm: number;
}

export const DEFAULT_THRESHOLDS: RouterThresholds = Object.freeze({
  coldStartObservations: 10,
  intermittentAdi: 1.32,
  intermittentCv2: 0.49,
  sparseMissingRatio: 0.15,
  shortHistory: 56,
  seasonalityMethod: 'm4',
  seasonalityThreshold: 0.7,
  maxSeriesForTsfm: 20_000,
  maxPointsPerSeriesForTsfm: 5_000,
});
