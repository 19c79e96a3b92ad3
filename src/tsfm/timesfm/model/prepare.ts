/**
 * What TimesFM 2.5 computes around its network, in TypeScript: the per-patch running statistics and
 * RevIN normalisation (upstream torch/util.py), and the per-row rotary tables and attention mask
 * that upstream derives from the number of fully padded patches (torch/transformer.py).
 */

/** Upstream's `_TOLERANCE`: RevIN divides by 1 where σ is below it. */
export const REVIN_TOLERANCE = 1e-6;

/** Running count, mean and standard deviation of one series' unmasked values. */
export interface RunningStats {
  n: number;
  mu: number;
  sigma: number;
}

/**
 * upstream `update_running_stats`: merges the unmasked values of one patch into (n, μ, σ) with the
 * parallel-variance formula (population variance, σ = 0 while nothing is seen).
 */
export function updateRunningStats(
  s: RunningStats,
  x: ArrayLike<number>,
  mask: ArrayLike<number> | null,
  start: number,
  len: number,
): RunningStats {
  let incN = 0;
  let sum = 0;
  for (let i = start; i < start + len; i++) {
    if (mask && mask[i]) continue;
    incN++;
    sum += x[i];
  }
  const incMu = incN === 0 ? 0 : sum / incN;
  let ss = 0;
  for (let i = start; i < start + len; i++) {
    if (mask && mask[i]) continue;
    ss += (x[i] - incMu) ** 2;
  }
  const incVar = incN === 0 ? 0 : ss / incN;
  const n = s.n + incN;
  if (n === 0) return { n: 0, mu: 0, sigma: 0 };
  const mu = (s.n * s.mu + incMu * incN) / n;
  const variance = (s.n * s.sigma ** 2 + incN * incVar + s.n * (s.mu - mu) ** 2 + incN * (incMu - mu) ** 2) / n;
  return { n, mu, sigma: Math.sqrt(Math.max(variance, 0)) };
}

/** RevIN forward: (x − μ)/σ, dividing by 1 when σ < 1e-6. */
export function revinForward(x: number, mu: number, sigma: number): number {
  return (x - mu) / (sigma < REVIN_TOLERANCE ? 1 : sigma);
}

/**
 * The rotary tables of one row: positions `start − numMasked, …` for `patches` patches, upstream's
 * timescale = 1e4^(2i/hd) and angle = position / timescale in float32, half-split layout (each
 * angle twice) to match the builder's `rope`.
 */
export function writeRopeRow(
  cos: Float32Array,
  sin: Float32Array,
  offset: number,
  patches: number,
  numMasked: number,
  headDim: number,
): void {
  const half = headDim / 2;
  const timescale = ropeTimescales(headDim);
  for (let n = 0; n < patches; n++) {
    const position = n - numMasked;
    const base = offset + n * headDim;
    for (let i = 0; i < half; i++) {
      const angle = Math.fround(position / timescale[i]);
      const c = Math.cos(angle);
      const s = Math.sin(angle);
      cos[base + i] = c;
      cos[base + half + i] = c;
      sin[base + i] = s;
      sin[base + half + i] = s;
    }
  }
}

const timescaleCache = new Map<number, Float32Array>();

function ropeTimescales(headDim: number): Float32Array {
  let t = timescaleCache.get(headDim);
  if (!t) {
    const half = headDim / 2;
    t = new Float32Array(half);
    for (let i = 0; i < half; i++) t[i] = Math.fround(Math.pow(10000, Math.fround((2 * i) / headDim)));
    timescaleCache.set(headDim, t);
  }
  return t;
}

/** A large negative that keeps fully masked rows finite (uniform softmax), like upstream eager attention. */
const MASKED = -1e30;

/** Causal mask that also hides the row's fully padded leading patches: key k visible to query q iff numMasked ≤ k ≤ q. */
export function writeAttentionMaskRow(mask: Float32Array, offset: number, patches: number, numMasked: number): void {
  for (let q = 0; q < patches; q++) {
    const row = offset + q * patches;
    for (let k = 0; k < patches; k++) mask[row + k] = k <= q && k >= numMasked ? 0 : MASKED;
  }
}
