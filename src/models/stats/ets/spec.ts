/**
 * ETS model specifications in the notation of Hyndman et al. (2008) and R's `forecast::ets`:
 * error (A/M), trend (N/A/M, optionally damped) and season (N/A/M).
 */
import { EModelFitFailed } from '../../../errors/index.js';

export type ErrorType = 'A' | 'M';
export type TrendType = 'N' | 'A' | 'M';
export type SeasonType = 'N' | 'A' | 'M';

export interface EtsSpec {
  readonly error: ErrorType;
  readonly trend: TrendType;
  readonly damped: boolean;
  readonly season: SeasonType;
}

/** A model string as R's `ets(model=)` takes it: three letters, "Z" = select automatically. */
export interface EtsModelPattern {
  readonly error: ErrorType | 'Z';
  readonly trend: TrendType | 'Z';
  readonly season: SeasonType | 'Z';
}

/** "ETS(M,Ad,N)" — the label R prints in `fit$method`. */
export function etsSpecName(spec: EtsSpec): string {
  return `ETS(${spec.error},${spec.trend}${spec.damped ? 'd' : ''},${spec.season})`;
}

/** Parses "ZZZ", "ANN", "MAM", … (R's `model` argument). */
export function parseModelPattern(model: string): EtsModelPattern {
  const m = /^([AMZ])([NAMZ])([NAMZ])$/.exec(model);
  if (!m) {
    throw new EModelFitFailed(`Invalid ETS model string "${model}"`, {
      context: { model },
      fixHint: 'Use three letters: error A|M|Z, trend N|A|M|Z, season N|A|M|Z, e.g. "ZZZ" or "MAN".',
    });
  }
  return { error: m[1] as EtsModelPattern['error'], trend: m[2] as EtsModelPattern['trend'], season: m[3] as EtsModelPattern['season'] };
}

/** Numeric codes used by the recursions (same as R's C code: N=0, A=1, M=2). */
export function componentCode(c: 'N' | 'A' | 'M'): 0 | 1 | 2 {
  return c === 'N' ? 0 : c === 'A' ? 1 : 2;
}
