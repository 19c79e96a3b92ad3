/**
 * Fits one ETS specification by maximum likelihood — R's `forecast:::etsmodel`:
 * starting values from `initparam`/`initstate`, Nelder–Mead over smoothing parameters and initial
 * states jointly (2000 evaluations, reltol sqrt(eps)), with out-of-bounds or non-admissible
 * parameters and negative multiplicative seasonal states scored +Inf, then information criteria
 * with every free parameter and initial state counted.
 */
import { EModelFitFailed } from '../../../errors/index.js';
import { paramsAllowed, type Bounds, type ParamState } from './admissible.js';
import { initialStates } from './initialState.js';
import { nelderMead } from '../numeric/optim/nelderMead.js';
import { etsFilter, etsLikelihood, type RecursionSpec, type SmoothingParams } from './recursions.js';
import { componentCode, type EtsSpec } from './spec.js';

export type OptCrit = 'lik' | 'amse' | 'mse' | 'sigma' | 'mae';

export interface EtsFixedParams {
  /** Fix alpha instead of estimating it (R's `alpha=`). Likewise beta, gamma, phi. */
  alpha?: number | undefined;
  beta?: number | undefined;
  gamma?: number | undefined;
  phi?: number | undefined;
}

export interface EtsFitOptions extends EtsFixedParams {
  /** Estimation criterion (R default "lik"; R's ses/holt use "mse"). */
  optCrit?: OptCrit | undefined;
  /** Horizons averaged by optCrit "amse" (1..30, R default 3). */
  nmse?: number | undefined;
  bounds?: Bounds | undefined;
  /** Lower limits for alpha, beta, gamma, phi (R default 1e-4, 1e-4, 1e-4, 0.8). */
  lower?: readonly number[] | undefined;
  /** Upper limits for alpha, beta, gamma, phi (R default 0.9999, 0.9999, 0.9999, 0.98). */
  upper?: readonly number[] | undefined;
  /** Nelder–Mead evaluation budget (R default 2000). */
  maxit?: number | undefined;
}

/** A fitted ETS model: everything forecasting needs, plus R's fit statistics. */
export interface EtsFit {
  readonly spec: EtsSpec;
  /** Seasonal period used by the model (1 when non-seasonal). */
  readonly m: number;
  /** Smoothing parameters; beta/gamma/phi undefined when the component is absent. */
  readonly par: { alpha: number; beta?: number; gamma?: number; phi?: number };
  /** Initial state [l, b?, s_1 … s_m]. */
  readonly initialState: Float64Array;
  /** State after the last observation, the origin of the forecasts. */
  readonly lastState: Float64Array;
  readonly residuals: Float64Array;
  readonly fitted: Float64Array;
  /** -0.5 × R's likelihood criterion (NaN for the short-series Holt–Winters fallback). */
  readonly loglik: number;
  readonly aic: number;
  readonly bic: number;
  readonly aicc: number;
  /** In-sample one-step MSE and mean of the 1..nmse-step MSEs. */
  readonly mse: number;
  readonly amse: number;
  /** Residual variance Σe²/(n − k), k = number of estimated parameters and states (R's sigma2). */
  readonly sigma2: number;
  /** R's `method` label, e.g. "ETS(M,Ad,N)". */
  readonly method: string;
  /** Nelder–Mead diagnostics (absent for fallback fits). */
  readonly optimizer?: { fncount: number; fail: number; value: number };
}

const DEFAULT_LOWER = [1e-4, 1e-4, 1e-4, 0.8];
const DEFAULT_UPPER = [0.9999, 0.9999, 0.9999, 0.98];

/** R's `initparam`: starting values for the free smoothing parameters. */
function initialParams(
  fixed: EtsFixedParams,
  spec: EtsSpec,
  lowerIn: readonly number[],
  upperIn: readonly number[],
  m: number,
  bounds: Bounds,
): { alpha?: number; beta?: number; gamma?: number; phi?: number } {
  const lower = [...lowerIn];
  const upper = [...upperIn];
  if (bounds === 'admissible') {
    for (let i = 0; i < 3; i++) {
      lower[i] = 0;
      upper[i] = 0.001;
    }
  } else if (lower.some((l, i) => l > upper[i])) {
    throw new Error('Inconsistent parameter boundaries');
  }
  const out: { alpha?: number; beta?: number; gamma?: number; phi?: number } = {};
  let alpha = fixed.alpha;
  if (alpha === undefined) {
    alpha = lower[0] + (0.2 * (upper[0] - lower[0])) / m;
    if (alpha > 1 || alpha < 0) alpha = lower[0] + 2e-3;
    out.alpha = alpha;
  }
  if (spec.trend !== 'N' && fixed.beta === undefined) {
    upper[1] = Math.min(upper[1], alpha);
    let beta = lower[1] + 0.1 * (upper[1] - lower[1]);
    if (beta < 0 || beta > alpha) beta = alpha - 0.001;
    out.beta = beta;
  }
  if (spec.season !== 'N' && fixed.gamma === undefined) {
    upper[2] = Math.min(upper[2], 1 - alpha);
    let gamma = lower[2] + 0.05 * (upper[2] - lower[2]);
    if (gamma < 0 || gamma > 1 - alpha) gamma = 1 - alpha - 0.001;
    out.gamma = gamma;
  }
  if (spec.damped && fixed.phi === undefined) {
    let phi = lower[3] + 0.99 * (upper[3] - lower[3]);
    if (phi < 0 || phi > 1) phi = upper[3] - 0.001;
    out.phi = phi;
  }
  return out;
}

export function recursionSpec(spec: EtsSpec): RecursionSpec {
  return { error: spec.error === 'A' ? 1 : 2, trend: componentCode(spec.trend), season: componentCode(spec.season) };
}

/**
 * Fits `spec` to y. `frequency` is the series' seasonal period; it is used only when the spec
 * has a season. Returns null where R's `etsmodel` fails or returns infinite criteria (too many
 * parameters for the data, starting values out of range, non-finite likelihood at the start).
 */
export function fitEtsModel(y: Float64Array, frequency: number, spec: EtsSpec, options: EtsFitOptions = {}): EtsFit | null {
  if (spec.season !== 'N' && !(Number.isInteger(frequency) && frequency >= 2 && frequency <= 24)) {
    // R's recursions keep at most 24 seasonal states (and `ets` refuses such models).
    throw new EModelFitFailed('A seasonal ETS model needs an integer season length between 2 and 24', {
      context: { frequency, spec: `${spec.error}${spec.trend}${spec.damped ? 'd' : ''}${spec.season}` },
      fixHint: 'Use a non-seasonal specification, or deseasonalise the series first (e.g. STL) for long seasons.',
    });
  }
  const m = spec.season !== 'N' ? frequency : 1;
  const optCrit = options.optCrit ?? 'lik';
  const nmse = options.nmse ?? 3;
  const bounds = options.bounds ?? 'both';
  const lower = [...(options.lower ?? DEFAULT_LOWER)];
  const upper = [...(options.upper ?? DEFAULT_UPPER)];
  const fixed: EtsFixedParams = {
    alpha: options.alpha,
    beta: spec.trend !== 'N' ? options.beta : undefined,
    gamma: spec.season !== 'N' ? options.gamma : undefined,
    phi: spec.damped ? options.phi : undefined,
  };
  if (fixed.alpha !== undefined) {
    upper[1] = Math.min(fixed.alpha, upper[1]);
    upper[2] = Math.min(1 - fixed.alpha, upper[2]);
  }
  if (fixed.beta !== undefined) lower[0] = Math.max(fixed.beta, lower[0]);
  if (fixed.gamma !== undefined) upper[0] = Math.min(1 - fixed.gamma, upper[0]);

  let start: ReturnType<typeof initialParams>;
  try {
    start = initialParams(fixed, spec, lower, upper, m, bounds);
  } catch {
    return null;
  }
  const alpha0 = start.alpha ?? fixed.alpha!;
  const state: ParamState = {
    alpha: alpha0,
    beta: spec.trend !== 'N' ? (start.beta ?? fixed.beta!) : 0,
    gamma: spec.season !== 'N' ? (start.gamma ?? fixed.gamma!) : 0,
    phi: spec.damped ? (start.phi ?? fixed.phi!) : 1,
    optAlpha: start.alpha !== undefined,
    optBeta: start.beta !== undefined,
    optGamma: start.gamma !== undefined,
    optPhi: start.phi !== undefined,
    givenBeta: fixed.beta !== undefined,
    givenGamma: fixed.gamma !== undefined,
  };
  // R's check.param on the starting point looks at every present parameter, fixed or free.
  const startCheck: ParamState = {
    ...state,
    optAlpha: true,
    optBeta: spec.trend !== 'N',
    optGamma: spec.season !== 'N',
    optPhi: spec.damped,
  };
  if (!paramsAllowed(startCheck, lower, upper, bounds, m)) return null;

  let init: number[];
  try {
    init = initialStates(y, frequency, spec.trend, spec.season);
  } catch {
    return null;
  }
  const nstate = init.length;
  const freeNames: ('alpha' | 'beta' | 'gamma' | 'phi')[] = [];
  for (const k of ['alpha', 'beta', 'gamma', 'phi'] as const) if (start[k] !== undefined) freeNames.push(k);
  const par0 = [...freeNames.map((k) => start[k]!), ...init];
  const np = par0.length;
  const n = y.length;
  if (np >= n - 1) return null;

  const rs = recursionSpec(spec);
  const p = nstate + (spec.season !== 'N' ? 1 : 0);
  const x0 = new Float64Array(p);
  const seasonStart = 1 + (spec.trend !== 'N' ? 1 : 0);
  const needAmse = optCrit === 'mse' || optCrit === 'amse';
  const needE = optCrit === 'sigma' || optCrit === 'mae';
  const amse = new Float64Array(30);
  const e = new Float64Array(n);
  const out = { amse: needAmse ? amse : undefined, e: needE ? e : undefined };
  const ring = new Float64Array(Math.max(m, 1));

  const objective = (x: Float64Array): number => {
    let j = 0;
    if (state.optAlpha) state.alpha = x[j++];
    if (state.optBeta) state.beta = x[j++];
    if (state.optGamma) state.gamma = x[j++];
    if (state.optPhi) state.phi = x[j++];
    if (!paramsAllowed(state, lower, upper, bounds, m)) return Infinity;
    for (let i = 0; i < nstate; i++) x0[i] = x[np - nstate + i];
    if (spec.season !== 'N') {
      // The last seasonal state makes the states sum to 0 (additive) or m (multiplicative).
      let sum = 0;
      for (let i = seasonStart; i < nstate; i++) sum += x0[i];
      x0[nstate] = (spec.season === 'M' ? m : 0) - sum;
      if (spec.season === 'M') {
        let min = Infinity;
        for (let i = seasonStart; i < p; i++) if (x0[i] < min) min = x0[i];
        if (min < 0) return Infinity;
      }
    }
    let lik =
      optCrit === 'lik'
        ? etsLikelihood(y, m, x0, rs.error, rs.trend, rs.season, state.alpha, state.beta, state.gamma, state.phi, ring)
        : etsFilter(y, m, x0, rs, state, nmse, out);
    if (lik < -1e10) lik = -1e10; // avoid perfect fits
    if (Number.isNaN(lik)) return Infinity;
    switch (optCrit) {
      case 'lik':
        return lik;
      case 'mse':
        return amse[0];
      case 'amse': {
        let s = 0;
        for (let i = 0; i < nmse; i++) s += amse[i] / nmse;
        return s;
      }
      case 'sigma': {
        let s = 0;
        for (let i = 0; i < n; i++) s += (e[i] * e[i]) / n;
        return s;
      }
      case 'mae': {
        let s = 0;
        for (let i = 0; i < n; i++) s += Math.abs(e[i]) / n;
        return s;
      }
    }
  };

  let opt: ReturnType<typeof nelderMead>;
  try {
    opt = nelderMead(objective, par0, {
      abstol: -Infinity,
      reltol: Math.sqrt(Number.EPSILON),
      alpha: 1,
      beta: 0.5,
      gamma: 2,
      maxit: options.maxit ?? 2000,
    });
  } catch {
    return null; // non-finite criterion at the starting values
  }

  const fitPar = opt.x;
  let j = 0;
  const alpha = state.optAlpha ? fitPar[j++] : fixed.alpha!;
  const beta = spec.trend === 'N' ? undefined : state.optBeta ? fitPar[j++] : fixed.beta!;
  const gamma = spec.season === 'N' ? undefined : state.optGamma ? fitPar[j++] : fixed.gamma!;
  const phi = !spec.damped ? undefined : state.optPhi ? fitPar[j++] : fixed.phi!;
  const initialState = new Float64Array(p);
  for (let i = 0; i < nstate; i++) initialState[i] = fitPar[np - nstate + i];
  if (spec.season !== 'N') {
    let sum = 0;
    for (let i = seasonStart; i < nstate; i++) sum += initialState[i];
    initialState[nstate] = (spec.season === 'M' ? m : 0) - sum;
  }

  const smoothing: SmoothingParams = { alpha, beta: beta ?? 0, gamma: gamma ?? 0, phi: phi ?? 1 };
  const residuals = new Float64Array(n);
  const amseFinal = new Float64Array(30);
  const states = new Float64Array(p * (n + 1));
  const lik = etsFilter(y, m, initialState, rs, smoothing, nmse, { e: residuals, amse: amseFinal, states });
  const npIc = np + 1;
  const aic = lik + 2 * npIc;
  const bic = lik + Math.log(n) * npIc;
  const aicc = aic + (2 * npIc * (npIc + 1)) / (n - npIc - 1);
  let mseAvg = 0;
  for (let i = 0; i < Math.min(nmse, 30); i++) mseAvg += amseFinal[i];
  mseAvg /= Math.min(nmse, 30);
  const fitted = new Float64Array(n);
  for (let i = 0; i < n; i++) fitted[i] = spec.error === 'A' ? y[i] - residuals[i] : y[i] / (1 + residuals[i]);
  // R: sigma2 = sum(residuals^2) / (n - length(par)), par = free + fixed parameters and states.
  const nFixed = (['alpha', 'beta', 'gamma', 'phi'] as const).filter((k) => fixed[k] !== undefined).length;
  let sse = 0;
  for (let i = 0; i < n; i++) if (!Number.isNaN(residuals[i])) sse += residuals[i] * residuals[i];
  const sigma2 = sse / (n - (np + nFixed));

  const par: EtsFit['par'] = { alpha };
  if (beta !== undefined) par.beta = beta;
  if (gamma !== undefined) par.gamma = gamma;
  if (phi !== undefined) par.phi = phi;
  return {
    spec,
    m,
    par,
    initialState,
    lastState: states.slice(n * p, (n + 1) * p),
    residuals,
    fitted,
    loglik: -0.5 * lik,
    aic,
    bic,
    aicc,
    mse: amseFinal[0],
    amse: mseAvg,
    sigma2,
    method: `ETS(${spec.error},${spec.trend}${spec.damped ? 'd' : ''},${spec.season})`,
    optimizer: { fncount: opt.evaluations, fail: opt.fail, value: opt.value },
  };
}
