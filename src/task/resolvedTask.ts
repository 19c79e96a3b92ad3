/**
 * The task a run works on, resolved once: the parsed TaskSpec plus what the spec leaves to the data
 * (the frequency, the season length) and the quantile levels every forecast must carry. A session's
 * run builds one after validation and hands the same object to qa, plan, backtest, fit and predict,
 * so no step parses the spec again or applies its own variant of the frequency rule.
 *
 * This module owns the two rules; every other place that needs a frequency or a season length
 * calls `resolveFreq` / `resolveSeasonLength` instead of spelling them out.
 */
import { canonicalFreq, inferPanelFreq, seasonLengthFor, type SeriesTimestamps } from '../data/frequency.js';
import { EFreqInferFailed } from '../errors/index.js';
import type { ForecastTask } from '../models/contract.js';
import { requiredQuantiles, type TaskSpec } from './taskSpec.js';

/** What the frequency rule reads from a panel: its own frequency, else its timestamps. */
export interface FreqSource {
  readonly freq?: string;
  readonly series: readonly SeriesTimestamps[];
}

/**
 * The frequency rule: an explicit frequency (the TaskSpec's, a caller's option) wins, then the
 * panel's own, then the one inferred from its timestamps. The answer is as written (not
 * canonicalised: the router records the spec's spelling); undefined when there is none.
 */
export function resolveFreq(given: string | undefined, panel: FreqSource): string | undefined {
  return given ?? panel.freq ?? inferPanelFreq(panel);
}

/**
 * The season-length rule: the given one, else the frequency's natural cycle, else 1 (no frequency,
 * no season); always a whole number of at least one period.
 */
export function resolveSeasonLength(given: number | undefined, freq: string | null | undefined): number {
  return Math.max(1, Math.floor(given ?? (freq ? seasonLengthFor(freq) : 1)));
}

export interface ResolvedTask {
  readonly spec: TaskSpec;
  readonly h: number;
  /** The frequency rule's answer as written (the spec's spelling when it names one); what the plan records. */
  readonly freqAlias: string | undefined;
  /** The same frequency, canonical (e.g. "W" → "W-SUN"); undefined when none could be resolved. */
  readonly freq: string | undefined;
  readonly seasonLength: number;
  /** Every quantile level a forecast must carry: the spec's plus both ends of each interval level. */
  readonly quantiles: readonly number[];
  readonly levels: readonly number[];
}

/**
 * Resolves a parsed spec against a panel. It does not throw when the frequency is unknown: QA still
 * runs without one, and `forecastTaskOf` refuses it where a forecast needs it.
 */
export function resolveTask(spec: TaskSpec, panel: FreqSource): ResolvedTask {
  const freqAlias = resolveFreq(spec.freq, panel);
  const freq = freqAlias === undefined ? undefined : canonicalFreq(freqAlias);
  return {
    spec,
    h: spec.h,
    freqAlias,
    freq,
    seasonLength: resolveSeasonLength(spec.seasonLength, freq),
    quantiles: requiredQuantiles(spec),
    levels: spec.levels,
  };
}

/** The models' view of the task; throws EFreqInferFailed when no frequency was given or inferable. */
export function forecastTaskOf(resolved: ResolvedTask, nSeries: number): ForecastTask {
  if (resolved.freq === undefined) {
    throw new EFreqInferFailed('Cannot infer the frequency of the panel.', { context: { series: nSeries } });
  }
  return { h: resolved.h, freq: resolved.freq, seasonLength: resolved.seasonLength, quantiles: resolved.quantiles };
}
