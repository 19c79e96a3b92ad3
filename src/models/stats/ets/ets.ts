/**
 * Automatic ETS — R's `forecast::ets(y, model = "ZZZ")` with its defaults: every admissible
 * combination of error (A, M), trend (N, A, Ad; M only on request) and season (N, A, M) is fitted
 * and the lowest AICc wins. Restrictions as R: no multiplicative season/trend with additive
 * errors, no M,M,A; multiplicative components only for strictly positive data; seasonality only
 * for 1 < m <= 24 and more than m observations. Very short series go to Holt–Winters with simple
 * starting values, constant series to SES with alpha = 0.99999, exactly as R.
 */
import { EModelFitFailed, ESeriesTooShort } from '../../../errors/index.js';
import { fitEtsModel, type EtsFit, type EtsFitOptions } from './fitModel.js';
import { holtWintersFit } from './holtWinters.js';
import { parseModelPattern, type ErrorType, type SeasonType, type TrendType } from './spec.js';

export interface EtsOptions extends EtsFitOptions {
  /** R's `model`: three letters, "Z" = select (default "ZZZ"). */
  model?: string | undefined;
  /** true/false forces (no) damping; undefined tries both (R's NULL). */
  damped?: boolean | undefined;
  additiveOnly?: boolean | undefined;
  allowMultiplicativeTrend?: boolean | undefined;
  /** Disallow the unstable combinations (R default true). */
  restrict?: boolean | undefined;
  ic?: 'aicc' | 'aic' | 'bic' | undefined;
  /** Called with R's warnings (e.g. seasonality dropped for m > 24). */
  onWarning?: ((message: string) => void) | undefined;
}

/** R's `is.constant`: all.equal(x, rep(x[1], n)) with tolerance sqrt(eps). */
export function isConstantSeries(y: ArrayLike<number>): boolean {
  const x0 = y[0];
  let sumAbs = 0;
  let sumDiff = 0;
  let count = 0;
  for (let i = 0; i < y.length; i++) {
    if (y[i] !== x0) {
      sumAbs += Math.abs(y[i]);
      sumDiff += Math.abs(y[i] - x0);
      count++;
    }
  }
  if (count === 0) return true;
  const tol = Math.sqrt(Number.EPSILON);
  let scale = sumAbs / count;
  if (!(Number.isFinite(scale) && scale > tol)) scale = 1;
  return sumDiff / (count * scale) <= tol;
}

function fail(message: string, context: Record<string, unknown>): never {
  throw new EModelFitFailed(message, { context });
}

/**
 * Fits an ETS model to y (no NaN) with seasonal period `frequency` (>= 1), selecting the
 * unspecified components by information criterion. Throws `EModelFitFailed` where R stops.
 */
export function ets(y: Float64Array, frequency: number, options: EtsOptions = {}): EtsFit {
  const n = y.length;
  if (n === 0) throw new ESeriesTooShort('ETS needs at least one observation', { context: { n } });
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(y[i])) fail('ETS input contains a non-finite value', { index: i, value: y[i] });
  }
  if (!Number.isInteger(frequency) || frequency < 1) fail('Seasonal period must be an integer >= 1', { frequency });
  const nmse = options.nmse ?? 3;
  if (nmse < 1 || nmse > 30) fail('nmse out of range', { nmse });
  const lower = options.lower ?? [1e-4, 1e-4, 1e-4, 0.8];
  const upper = options.upper ?? [0.9999, 0.9999, 0.9999, 0.98];
  if (upper.some((u, i) => u < lower[i])) fail('Lower limits must be less than upper limits', { lower, upper });

  if (options.model === undefined && isConstantSeries(y)) {
    // R: ses(y, alpha = 0.99999, initial = "simple")$model
    const fit = holtWintersFit(y, frequency, { alpha: 0.99999, beta: false, gamma: false });
    return { ...fit, method: 'ETS(A,N,N)' };
  }

  const pattern = parseModelPattern(options.model ?? 'ZZZ');
  const errortype = pattern.error;
  const trendtype = pattern.trend;
  let seasontype = pattern.season;
  const m = frequency;
  const restrict = options.restrict ?? true;
  const additiveOnly = options.additiveOnly ?? false;
  const damped = options.damped;

  if (m < 1 || n <= m) seasontype = 'N';
  if (m === 1) {
    if (seasontype === 'A' || seasontype === 'M') fail('Nonseasonal data', { model: options.model, frequency });
    seasontype = 'N';
  }
  if (m > 24) {
    if (seasontype === 'A' || seasontype === 'M') fail('Frequency too high', { frequency });
    if (seasontype === 'Z') {
      options.onWarning?.("I can't handle data with frequency greater than 24. Seasonality will be ignored.");
      seasontype = 'N';
    }
  }
  if (restrict) {
    if (
      (errortype === 'A' && (trendtype === 'M' || seasontype === 'M')) ||
      (errortype === 'M' && trendtype === 'M' && seasontype === 'A') ||
      (additiveOnly && (errortype === 'M' || trendtype === 'M' || seasontype === 'M'))
    ) {
      fail('Forbidden model combination', { model: options.model });
    }
  }
  let minY = Infinity;
  for (let i = 0; i < n; i++) if (y[i] < minY) minY = y[i];
  const dataPositive = minY > 0;
  if (!dataPositive && errortype === 'M') fail('Inappropriate model for data with negative or zero values', { model: options.model });
  if (damped === true && trendtype === 'N') fail('Forbidden model combination', { model: options.model, damped });

  let npars = 2;
  if (trendtype === 'A' || trendtype === 'M') npars += 2;
  if (seasontype === 'A' || seasontype === 'M') npars += m;
  if (damped !== undefined) npars += damped ? 1 : 0;

  if (n <= npars + 4) return shortSeriesFit(y, m, trendtype, seasontype, options);

  const errors: ErrorType[] = errortype === 'Z' ? ['A', 'M'] : [errortype];
  const trends: TrendType[] = trendtype === 'Z' ? (options.allowMultiplicativeTrend ? ['N', 'A', 'M'] : ['N', 'A']) : [trendtype];
  const seasons: SeasonType[] = seasontype === 'Z' ? ['N', 'A', 'M'] : [seasontype];
  const dampings: boolean[] = damped === undefined ? [true, false] : [damped];
  const ic = options.ic ?? 'aicc';

  let best: EtsFit | null = null;
  let bestIc = Infinity;
  for (const e of errors) {
    for (const t of trends) {
      for (const s of seasons) {
        for (const d of dampings) {
          if (t === 'N' && d) continue;
          if (restrict) {
            if (e === 'A' && (t === 'M' || s === 'M')) continue;
            if (e === 'M' && t === 'M' && s === 'A') continue;
            if (additiveOnly && (e === 'M' || t === 'M' || s === 'M')) continue;
          }
          if (!dataPositive && e === 'M') continue;
          const fit = fitEtsModel(y, m, { error: e, trend: t, damped: d, season: s }, options);
          if (fit === null) continue;
          const value = fit[ic];
          if (!Number.isNaN(value) && value < bestIc) {
            best = fit;
            bestIc = value;
          }
        }
      }
    }
  }
  if (best === null) fail('No model able to be fitted', { model: options.model, n, frequency });
  return best;
}

/** R's branch for n <= npars + 4: Holt–Winters with simple starting values. */
function shortSeriesFit(y: Float64Array, m: number, trendtype: TrendType | 'Z', seasontype: SeasonType | 'Z', options: EtsOptions): EtsFit {
  const { alpha, beta, gamma, phi } = options;
  const attempt = (f: () => EtsFit): EtsFit | null => {
    try {
      return f();
    } catch {
      return null;
    }
  };
  if (seasontype === 'A' || seasontype === 'M') {
    const fit = attempt(() =>
      holtWintersFit(y, m, {
        alpha,
        beta,
        gamma,
        phi,
        exponential: trendtype === 'M',
        seasonal: seasontype === 'A' ? 'additive' : 'multiplicative',
      }),
    );
    if (fit) return fit;
    options.onWarning?.('Seasonal component could not be estimated');
  }
  if (trendtype === 'A' || trendtype === 'M') {
    const fit = attempt(() => holtWintersFit(y, m, { alpha, beta, gamma: false, phi, exponential: trendtype === 'M' }));
    if (fit) return fit;
    options.onWarning?.('Trend component could not be estimated');
  }
  if (trendtype === 'N' && seasontype === 'N') {
    const fit = attempt(() => holtWintersFit(y, m, { alpha, beta: false, gamma: false }));
    if (fit) return fit;
  }
  const fit1 = attempt(() => holtWintersFit(y, m, { alpha, beta, gamma: false, phi, exponential: trendtype === 'M' }));
  const fit2 = attempt(() => holtWintersFit(y, m, { alpha, beta: false, gamma: false, phi, exponential: trendtype === 'M' }));
  const fit = fit1 === null ? fit2 : fit2 === null || fit1.sigma2 < fit2.sigma2 ? fit1 : fit2;
  if (fit === null) fail('Unable to estimate a model.', { n: y.length });
  return fit;
}
