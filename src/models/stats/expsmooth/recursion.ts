/**
 * The additive-error, non-seasonal exponential smoothing state space models — ETS(A,N,N) (SES),
 * ETS(A,A,N) (Holt) and ETS(A,Ad,N) (damped Holt) — in the error-correction form forecast::ets
 * uses (Hyndman et al. 2008, ch. 2):
 *
 *   ŷ_t = l_{t−1} + φ·b_{t−1}
 *   l_t = ŷ_t + α·(y_t − ŷ_t)
 *   b_t = φ·b_{t−1} + (β/α)·(l_t − l_{t−1} − φ·b_{t−1})
 *
 * (no trend: b ≡ 0; undamped: φ = 1). h-step forecasts and variances are the "class 1" closed
 * forms: ŷ_{n+h} = l_n + (φ + … + φ^h)·b_n and Var = σ²·(1 + Σ_{j<h} c_j²) with
 * c_j = α + β·(φ + … + φ^j).
 */
export type TrendKind = 'N' | 'A' | 'Ad';

export interface SmoothingParams {
  readonly alpha: number;
  /** 0 without trend. */
  readonly beta: number;
  /** 1 without damping. */
  readonly phi: number;
}

export interface SmoothingPass {
  /** One-step in-sample forecasts ŷ_t. */
  readonly fitted: Float64Array;
  /** y_t − ŷ_t. */
  readonly residuals: Float64Array;
  /**
   * Mean squared one-step error, accumulated as a running mean exactly as forecast's etscalc does
   * (so that optimiser paths agree to the last bit).
   */
  readonly mse: number;
  readonly level: number;
  readonly slope: number;
}

export function smoothingPass(
  y: Float64Array,
  l0: number,
  b0: number,
  { alpha, beta, phi }: SmoothingParams,
  withResiduals = true,
): SmoothingPass {
  const n = y.length;
  const fitted = withResiduals ? new Float64Array(n) : new Float64Array(0);
  const residuals = withResiduals ? new Float64Array(n) : new Float64Array(0);
  let l = l0;
  let b = b0;
  let mse = 0;
  const betaOverAlpha = beta / alpha;
  for (let t = 0; t < n; t++) {
    const phib = phi * b;
    const q = l + phib;
    const e = y[t] - q;
    mse = (mse * t + e * e) / (t + 1);
    if (withResiduals) {
      fitted[t] = q;
      residuals[t] = e;
    }
    const lNew = q + alpha * e;
    if (beta !== 0) b = phib + betaOverAlpha * (lNew - l - phib);
    l = lNew;
  }
  return { fitted, residuals, mse, level: l, slope: b };
}

/** Point forecasts and forecast variances (class 1) for steps 1..h. */
export function smoothingForecast(
  level: number,
  slope: number,
  { alpha, beta, phi }: SmoothingParams,
  sigma2: number,
  h: number,
): { mean: Float64Array; variance: Float64Array } {
  const mean = new Float64Array(h);
  const variance = new Float64Array(h);
  let phiSum = 0; // φ + φ² + … + φ^i
  let phiPow = 1;
  let cumulative = 0; // Σ_{j<i} c_j²
  for (let i = 0; i < h; i++) {
    variance[i] = sigma2 * (1 + cumulative);
    phiPow *= phi;
    phiSum += phiPow;
    mean[i] = level + phiSum * slope;
    const c = alpha + beta * phiSum;
    cumulative += c * c;
  }
  return { mean, variance };
}
