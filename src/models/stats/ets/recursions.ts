/**
 * The ETS state-space recursions (innovations form), as in Hyndman et al. (2008) and R's
 * `forecast` C routines: one-step forecasts, state updates, the likelihood used for estimation,
 * multi-step point forecasts and simulation of future paths.
 *
 * State vector layout (R's): [l, b (if trend), s_1 … s_m (if season)], s_1 the most recent
 * seasonal state. Inside the loops the seasonal states live in a ring buffer so one step costs
 * O(1) rather than O(m); values are identical to shifting an array.
 */

/** Component codes: 0 = none, 1 = additive, 2 = multiplicative. */
export type Code = 0 | 1 | 2;

export interface RecursionSpec {
  readonly error: 1 | 2;
  readonly trend: Code;
  readonly season: Code;
}

/** Smoothing parameters with R's neutral values for absent components (beta 0, gamma 0, phi 1). */
export interface SmoothingParams {
  readonly alpha: number;
  readonly beta: number;
  readonly gamma: number;
  readonly phi: number;
}

const TOL = 1e-10;
const HUGEN = 1e10;
/** R's C code flags an impossible multiplicative-trend forecast with this value. */
const NA_FLAG = -99999;

export interface FilterOutputs {
  /** One-step errors (additive: y - f, multiplicative: (y - f) / f). */
  e?: Float64Array | undefined;
  /** Mean squared k-step in-sample errors, k = 1..nmse. */
  amse?: Float64Array | undefined;
  /** All states, row-major (n + 1) x p. */
  states?: Float64Array | undefined;
}

/**
 * Runs the recursions over y from the initial state x0 and returns the "likelihood" R's
 * `etscalc` returns: n·log(Σe²) (+ 2·Σlog|f| for multiplicative errors). NaN when a
 * multiplicative trend turns negative (R's NA).
 */
export function etsFilter(
  y: ArrayLike<number>,
  m: number,
  x0: ArrayLike<number>,
  spec: RecursionSpec,
  par: SmoothingParams,
  nmse: number,
  out: FilterOutputs = {},
): number {
  const n = y.length;
  const { trend, season, error } = spec;
  const { alpha, beta, gamma, phi } = par;
  if (season === 0 || m < 1) m = season === 0 ? 1 : Math.max(m, 1);
  const nmseEff = Math.min(nmse, 30);
  const steps = out.amse ? nmseEff : 1;
  const nstates = (season > 0 ? m : 0) + 1 + (trend > 0 ? 1 : 0);

  let l = x0[0];
  let b = trend > 0 ? x0[1] : 0;
  // Ring buffer: s_{j+1} (j = 0 most recent) is seas[(head + j) % m].
  const seas = new Float64Array(season > 0 ? m : 1);
  let head = 0;
  if (season > 0) for (let j = 0; j < m; j++) seas[j] = x0[(trend > 0 ? 1 : 0) + 1 + j];

  const amse = out.amse;
  const denom = amse ? new Float64Array(nmseEff) : undefined;
  if (amse) amse.fill(0);
  const f = new Float64Array(Math.max(steps, 1));
  const e = out.e;
  const states = out.states;
  if (states) storeState(states, 0, nstates, l, b, seas, head, m, trend, season);

  const phiIsOne = Math.abs(phi - 1) < TOL;
  let sse = 0;
  let logf = 0;
  for (let i = 0; i < n; i++) {
    // Forecasts from the previous state, 1..steps ahead. Index of s_m (the season of this step)
    // in the ring: (head + m - 1) mod m, computed without `%` in the hot loop.
    let lastIdx = head + m - 1;
    if (lastIdx >= m) lastIdx -= m;
    let phistar = phi;
    for (let k = 0; k < steps; k++) {
      let fk: number;
      if (trend === 0) fk = l;
      else if (trend === 1) fk = l + phistar * b;
      else if (b < 0)
        fk = NA_FLAG; // R's NA marker; detected below only if the season leaves it intact
      else fk = l * Math.pow(b, phistar);
      if (season > 0) {
        let j = lastIdx - k; // ring index of s_{m-k}
        while (j < 0) j += m;
        const s = seas[j];
        fk = season === 1 ? fk + s : fk * s;
      }
      f[k] = fk;
      if (k < steps - 1) phistar += phiIsOne ? 1 : Math.pow(phi, k + 1);
    }
    const f0 = f[0];
    if (Math.abs(f0 - NA_FLAG) < TOL) return NaN;
    const yi = y[i];
    const ei = error === 1 ? yi - f0 : (yi - f0) / f0;
    if (e) e[i] = ei;
    if (amse && denom) {
      for (let k = 0; k < nmseEff; k++) {
        if (i + k < n) {
          denom[k] += 1;
          const d = y[i + k] - f[k];
          amse[k] = (amse[k] * (denom[k] - 1) + d * d) / denom[k];
        }
      }
    }

    // State update (R's `update`): q is the level prediction before the season.
    let q: number;
    let phib: number;
    if (trend === 0) {
      q = l;
      phib = 0;
    } else if (trend === 1) {
      phib = phi * b;
      q = l + phib;
    } else if (phiIsOne) {
      phib = b;
      q = l * b;
    } else {
      phib = Math.pow(b, phi);
      q = l * phib;
    }
    let sOld = 0;
    let p: number;
    if (season === 0) p = yi;
    else {
      sOld = seas[lastIdx];
      if (season === 1) p = yi - sOld;
      else p = Math.abs(sOld) < TOL ? HUGEN : yi / sOld;
    }
    const lNew = q + alpha * (p - q);
    if (trend > 0) {
      let r: number;
      if (trend === 1) r = lNew - l;
      else r = Math.abs(l) < TOL ? HUGEN : lNew / l;
      b = phib + (beta / alpha) * (r - phib);
    }
    if (season > 0) {
      let t: number;
      if (season === 1) t = yi - q;
      else t = Math.abs(q) < TOL ? HUGEN : yi / q;
      // The oldest slot becomes the newest: shift by moving the ring head.
      head = lastIdx;
      seas[head] = sOld + gamma * (t - sOld);
    }
    l = lNew;
    if (states) storeState(states, i + 1, nstates, l, b, seas, head, m, trend, season);
    sse += ei * ei;
    logf += Math.log(Math.abs(f0));
  }
  let lik = n * Math.log(sse);
  if (error === 2) lik += 2 * logf;
  return lik;
}

/**
 * The likelihood criterion alone (no stored outputs) — the optimiser's inner loop. Same
 * arithmetic, in the same order, as `etsFilter` with nmse = 1; kept separate so the hot loop has
 * no output bookkeeping.
 */
export function etsLikelihood(
  y: Float64Array,
  m: number,
  x0: Float64Array,
  error: 1 | 2,
  trend: Code,
  season: Code,
  alpha: number,
  beta: number,
  gamma: number,
  phi: number,
  seas: Float64Array,
): number {
  const n = y.length;
  if (season === 0) m = 1;
  let l = x0[0];
  let b = trend > 0 ? x0[1] : 0;
  const so = trend > 0 ? 2 : 1;
  if (season > 0) for (let j = 0; j < m; j++) seas[j] = x0[so + j];
  let head = 0;
  const phiIsOne = Math.abs(phi - 1) < TOL;
  const betaOverAlpha = beta / alpha;
  let sse = 0;
  let logf = 0;
  for (let i = 0; i < n; i++) {
    let lastIdx = head + m - 1;
    if (lastIdx >= m) lastIdx -= m;
    let q: number;
    let phib: number;
    if (trend === 0) {
      q = l;
      phib = 0;
    } else if (trend === 1) {
      phib = phi * b;
      q = l + phib;
    } else if (phiIsOne) {
      phib = b;
      q = l * b;
    } else {
      phib = Math.pow(b, phi);
      q = l * phib;
    }
    // One-step forecast: for trend M the recursion's l * b^phi equals q unless b < 0 (R's NA).
    let f0 = trend === 2 && b < 0 ? NA_FLAG : q;
    const sOld = season > 0 ? seas[lastIdx] : 0;
    if (season === 1) f0 += sOld;
    else if (season === 2) f0 *= sOld;
    if (Math.abs(f0 - NA_FLAG) < TOL) return NaN;
    const yi = y[i];
    const ei = error === 1 ? yi - f0 : (yi - f0) / f0;
    let p: number;
    if (season === 0) p = yi;
    else if (season === 1) p = yi - sOld;
    else p = Math.abs(sOld) < TOL ? HUGEN : yi / sOld;
    const lNew = q + alpha * (p - q);
    if (trend === 1) b = phib + betaOverAlpha * (lNew - l - phib);
    else if (trend === 2) b = phib + betaOverAlpha * ((Math.abs(l) < TOL ? HUGEN : lNew / l) - phib);
    if (season > 0) {
      const t = season === 1 ? yi - q : Math.abs(q) < TOL ? HUGEN : yi / q;
      head = lastIdx;
      seas[head] = sOld + gamma * (t - sOld);
    }
    l = lNew;
    sse += ei * ei;
    if (error === 2) logf += Math.log(Math.abs(f0));
  }
  let lik = n * Math.log(sse);
  if (error === 2) lik += 2 * logf;
  return lik;
}

function storeState(
  states: Float64Array,
  row: number,
  p: number,
  l: number,
  b: number,
  seas: Float64Array,
  head: number,
  m: number,
  trend: Code,
  season: Code,
): void {
  const o = row * p;
  states[o] = l;
  if (trend > 0) states[o + 1] = b;
  if (season > 0) {
    const so = o + 1 + (trend > 0 ? 1 : 0);
    for (let j = 0; j < m; j++) states[so + j] = seas[(head + j) % m];
  }
}

/**
 * Point forecasts 1..h ahead from a state vector (R's `etsforecast`). Returns null when a
 * multiplicative trend is negative at the first step (R stops with "Problem with multiplicative
 * damped trend"); like R, a flag hidden by a seasonal component is not detected.
 */
export function etsPointForecast(x: ArrayLike<number>, m: number, trend: Code, season: Code, phi: number, h: number): Float64Array | null {
  if (season === 0) m = 1;
  const l = x[0];
  const b = trend > 0 ? x[1] : 0;
  const so = 1 + (trend > 0 ? 1 : 0);
  const f = new Float64Array(h);
  let phistar = phi;
  for (let i = 0; i < h; i++) {
    let fi: number;
    if (trend === 0) fi = l;
    else if (trend === 1) fi = l + phistar * b;
    else if (b < 0) fi = NA_FLAG;
    else fi = l * Math.pow(b, phistar);
    if (season > 0) {
      let j = m - 1 - i;
      while (j < 0) j += m;
      fi = season === 1 ? fi + x[so + j] : fi * x[so + j];
    }
    f[i] = fi;
    if (i === 0 && Math.abs(fi - NA_FLAG) < TOL) return null;
    if (i < h - 1) phistar += Math.abs(phi - 1) < TOL ? 1 : Math.pow(phi, i + 1);
  }
  return f;
}

/**
 * One simulated future path of length h from state x with innovations e (R's `etssimulate`).
 * Writes into `out`; returns false when a multiplicative trend goes negative.
 */
export function etsSimulatePath(
  x: ArrayLike<number>,
  m: number,
  spec: RecursionSpec,
  par: SmoothingParams,
  e: ArrayLike<number>,
  out: Float64Array,
): boolean {
  const { trend, season, error } = spec;
  const { alpha, beta, gamma, phi } = par;
  if (season === 0) m = 1;
  let l = x[0];
  let b = trend > 0 ? x[1] : 0;
  const seas = new Float64Array(season > 0 ? m : 1);
  let head = 0;
  if (season > 0) for (let j = 0; j < m; j++) seas[j] = x[(trend > 0 ? 1 : 0) + 1 + j];
  const phiIsOne = Math.abs(phi - 1) < TOL;
  for (let i = 0; i < out.length; i++) {
    let f: number;
    if (trend === 0) f = l;
    else if (trend === 1) f = l + phi * b;
    else if (b < 0) f = NA_FLAG;
    else f = l * Math.pow(b, phi);
    let sOld = 0;
    if (season > 0) {
      sOld = seas[(head + m - 1) % m];
      f = season === 1 ? f + sOld : f * sOld;
    }
    // Like R, only a flag that survives the seasonal step is detected.
    if (Math.abs(f - NA_FLAG) < TOL) return false;
    const yi = error === 1 ? f + e[i] : f * (1 + e[i]);
    out[i] = yi;
    let q: number;
    let phib: number;
    if (trend === 0) {
      q = l;
      phib = 0;
    } else if (trend === 1) {
      phib = phi * b;
      q = l + phib;
    } else if (phiIsOne) {
      phib = b;
      q = l * b;
    } else {
      phib = Math.pow(b, phi);
      q = l * phib;
    }
    let p: number;
    if (season === 0) p = yi;
    else if (season === 1) p = yi - sOld;
    else p = Math.abs(sOld) < TOL ? HUGEN : yi / sOld;
    const lNew = q + alpha * (p - q);
    if (trend > 0) {
      const r = trend === 1 ? lNew - l : Math.abs(l) < TOL ? HUGEN : lNew / l;
      b = phib + (beta / alpha) * (r - phib);
    }
    if (season > 0) {
      const t = season === 1 ? yi - q : Math.abs(q) < TOL ? HUGEN : yi / q;
      head = (head + m - 1) % m;
      seas[head] = sOld + gamma * (t - sOld);
    }
    l = lNew;
  }
  return true;
}
