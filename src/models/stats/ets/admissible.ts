/**
 * Parameter restrictions of R's `ets`: the "usual" bounds (0 < beta <= alpha, gamma <= 1 - alpha,
 * box limits) and the "admissible" region in which the model is forecastable (Hyndman et al.
 * 2008, ch. 10), whose seasonal case needs the roots of the characteristic polynomial.
 */
import { rootsAdmissible } from './stability.js';

export type Bounds = 'both' | 'usual' | 'admissible';

/** Which parameters are free, which were given by the caller, and their current values. */
export interface ParamState {
  alpha: number;
  beta: number;
  gamma: number;
  phi: number;
  optAlpha: boolean;
  optBeta: boolean;
  optGamma: boolean;
  optPhi: boolean;
  givenBeta: boolean;
  givenGamma: boolean;
}

/**
 * The admissible region (R's C `EtsTargetFunction::admissible`). Non-seasonal models (gamma
 * neither optimised nor given) get the closed-form conditions; seasonal models the closed
 * conditions plus: all roots of the characteristic polynomial within 1 + 1e-10.
 */
export function isAdmissible(p: ParamState, m: number): boolean {
  const { alpha, gamma, phi } = p;
  if (phi < 0 || phi > 1 + 1e-8) return false;
  if (!p.optGamma && !p.givenGamma) {
    if (alpha < 1 - 1 / phi || alpha > 1 + 1 / phi) return false;
    if (p.optBeta || p.givenBeta) {
      if (p.beta < alpha * (phi - 1) || p.beta > (1 + phi) * (2 - alpha)) return false;
    }
  } else if (m > 1) {
    const beta = !p.optBeta && !p.givenBeta ? 0 : p.beta;
    const d = 1 - 1 / phi - alpha;
    if (gamma < (d > 0 ? d : 0) || gamma > 1 + 1 / phi - alpha) return false;
    if (alpha < 1 - 1 / phi - (gamma * (1 - m + phi + phi * m)) / (2 * phi * m)) return false;
    if (beta < -(1 - phi) * (gamma / m + alpha)) return false;
    const coef: number[] = [1, alpha + beta - phi];
    for (let i = 0; i < m - 2; i++) coef.push(alpha + beta - alpha * phi);
    coef.push(alpha + beta - alpha * phi + gamma - 1);
    coef.push(phi * (1 - alpha - gamma));
    if (!rootsAdmissible(coef)) return false;
  }
  return true;
}

/** R's `check_params` over the free parameters: usual box bounds and/or admissibility. */
export function paramsAllowed(p: ParamState, lower: readonly number[], upper: readonly number[], bounds: Bounds, m: number): boolean {
  if (bounds !== 'admissible') {
    if (p.optAlpha && (p.alpha < lower[0] || p.alpha > upper[0])) return false;
    if (p.optBeta && (p.beta < lower[1] || p.beta > p.alpha || p.beta > upper[1])) return false;
    if (p.optPhi && (p.phi < lower[3] || p.phi > upper[3])) return false;
    if (p.optGamma && (p.gamma < lower[2] || p.gamma > 1 - p.alpha || p.gamma > upper[2])) return false;
  }
  if (bounds !== 'usual') {
    if (!isAdmissible(p, m)) return false;
  }
  return true;
}
