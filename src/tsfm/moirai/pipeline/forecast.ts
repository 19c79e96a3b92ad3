/**
 * upstream `Moirai2Forecast.forward`: pack, run the module, read the forecast at the last context
 * token of each target variate (its num_predict_token heads cover the next patches), and, when the
 * horizon needs more patches, roll out:
 * - the batch is expanded ×quantiles; path q takes quantile q of the predicted patches as its target
 *   (those tokens leave the prediction mask, so the scaler sees them);
 * - each later round reads every path at the last filled token; per step the quantiles × quantiles
 *   values are reduced to the quantile levels with `torch.quantile` (linear), which become the
 *   forecast and the paths' next targets.
 * The output is [batch, quantiles, h] (target_dim 1) or [batch, quantiles, h, D]; quantiles come in
 * level order, unsorted except in rollout patches.
 */
import { ETSFMInputInvalid } from '../../../errors/index.js';
import { lerpF32 } from '../../quantiles.js';
import type { Moirai2Model, Moirai2Packed } from '../types.js';
import { packMoirai2, type Moirai2BatchInput, type PackLayout } from './pack.js';

export interface Moirai2Quantiles {
  batch: number;
  predictionLength: number;
  targetDim: number;
  quantileLevels: number[];
  /** [batch, quantiles, h] when targetDim is 1, else [batch, quantiles, h, targetDim]. */
  values: Float32Array;
  /** The shape of `values`. */
  shape: number[];
}

export async function moirai2Forward(model: Moirai2Model, input: Moirai2BatchInput): Promise<Moirai2Quantiles> {
  validateBatchInput(input);
  const { patch_size: ps, num_predict_token: NP, quantile_levels: levels } = model.config;
  const Q = levels.length;
  const { packed, layout } = packMoirai2(input, ps);
  const { batch, targetDim: D, predictionLength: h } = input;
  const { contextTokens: Cp, futureTokens: Fp } = layout;
  if (D > 1 && Fp > NP) {
    throw new ETSFMInputInvalid(
      `Moirai 2.0 cannot forecast a multivariate target (target_dim ${D}) beyond ${NP * ps} steps: upstream's rollout fails for target_dim > 1 (prediction_length ${h} needs ${Fp} patches).`,
      {
        context: {
          model: 'moirai2',
          targetDim: D,
          predictionLength: h,
          maxPredictionLength: NP * ps,
          upstream: 'EinopsError in Moirai2Forecast.forward',
        },
        fixHint: `Use prediction_length ≤ ${NP * ps} for multivariate targets, or forecast each variate as its own univariate series.`,
      },
    );
  }
  const width = NP * Q * ps;
  // forecast[b][d][token k][q][j] for the future tokens of each target variate
  const forecast = new Float32Array(batch * D * Fp * Q * ps);
  const fIdx = (b: number, d: number, k: number, q: number) => (((b * D + d) * Fp + k) * Q + q) * ps;
  const readIndex = Array.from({ length: D }, (_, d) => (d + 1) * Cp - 1);
  const first = await model.forward(packed, readIndex);
  const firstTokens = Math.min(Fp, NP);
  for (let b = 0; b < batch; b++) {
    for (let d = 0; d < D; d++) {
      const base = (b * D + d) * width;
      for (let k = 0; k < firstTokens; k++) {
        for (let q = 0; q < Q; q++)
          forecast.set(first.preds.subarray(base + (k * Q + q) * ps, base + (k * Q + q + 1) * ps), fIdx(b, d, k, q));
      }
    }
  }
  if (Fp > NP) await rollout(model, packed, layout, first.preds, forecast, { batch, Q, NP, ps, levels });
  return formatForecast(forecast, { batch, D, Fp, Q, ps, h, levels });
}

interface RolloutDims {
  batch: number;
  Q: number;
  NP: number;
  ps: number;
  levels: number[];
}

/** Recursive multi-quantile decoding of a univariate target (see the module comment). */
async function rollout(
  model: Moirai2Model,
  packed: Moirai2Packed,
  layout: PackLayout,
  firstPreds: Float32Array,
  forecast: Float32Array,
  dims: RolloutDims,
): Promise<void> {
  const { batch, Q, NP, ps, levels } = dims;
  const { contextTokens: Cp, futureTokens: Fp } = layout;
  const seq = packed.seq;
  const width = NP * Q * ps;
  const expanded = expandRows(packed, Q);
  const assignTarget = (row: number, token: number, values: ArrayLike<number>) => {
    expanded.target.set(values, (row * seq + token) * ps);
    expanded.predictionMask[row * seq + token] = 0;
  };
  let assign = Cp; // first future token of the (single) target variate
  for (let b = 0; b < batch; b++) {
    for (let q = 0; q < Q; q++) {
      for (let k = 0; k < NP; k++)
        assignTarget(b * Q + q, assign + k, firstPreds.subarray(b * width + (k * Q + q) * ps, b * width + (k * Q + q + 1) * ps));
    }
  }
  const sample = new Float32Array(Q * Q);
  const values = new Float32Array(Q);
  for (let remain = Fp - NP; remain > 0; remain -= NP) {
    const read = assign + NP - 1;
    assign = read + 1;
    const n = Math.min(NP, remain);
    const { preds } = await model.forward(expanded, [read]);
    for (let b = 0; b < batch; b++) {
      for (let k = 0; k < n; k++) {
        const token = assign + k;
        const patchValues = Array.from({ length: Q }, () => new Float32Array(ps));
        for (let j = 0; j < ps; j++) {
          for (let prev = 0; prev < Q; prev++) {
            const base = (b * Q + prev) * width + k * Q * ps + j;
            for (let q = 0; q < Q; q++) sample[prev * Q + q] = preds[base + q * ps];
          }
          torchQuantilesLinear(sample, levels, values);
          for (let q = 0; q < Q; q++) patchValues[q][j] = values[q];
        }
        const k0 = token - Cp;
        for (let q = 0; q < Q; q++) {
          forecast.set(patchValues[q], ((b * Fp + k0) * Q + q) * ps); // univariate: [b][k][q][j]
          assignTarget(b * Q + q, token, patchValues[q]);
        }
      }
    }
  }
}

/** Each row repeated `times` times (rows b·times … b·times+times−1), as einops `repeat` does. */
function expandRows(p: Moirai2Packed, times: number): Moirai2Packed {
  const rep = <T extends Float32Array | Uint8Array | Int32Array>(src: T, perRow: number, make: (n: number) => T): T => {
    const out = make(src.length * times);
    for (let b = 0; b < p.batch; b++) {
      const row = src.subarray(b * perRow, (b + 1) * perRow);
      for (let r = 0; r < times; r++) out.set(row, (b * times + r) * perRow);
    }
    return out;
  };
  const ps = p.target.length / (p.batch * p.seq);
  return {
    batch: p.batch * times,
    seq: p.seq,
    target: rep(p.target, p.seq * ps, (n) => new Float32Array(n)),
    observed: rep(p.observed, p.seq * ps, (n) => new Uint8Array(n)),
    sampleId: rep(p.sampleId, p.seq, (n) => new Int32Array(n)),
    timeId: rep(p.timeId, p.seq, (n) => new Int32Array(n)),
    variateId: rep(p.variateId, p.seq, (n) => new Int32Array(n)),
    predictionMask: rep(p.predictionMask, p.seq, (n) => new Uint8Array(n)),
  };
}

/**
 * `torch.quantile(x, levels, interpolation="linear")` of one float32 sample at several levels: one
 * sort, then rank = q·(n−1) in float32 and torch's lerp (the rule of quantiles.ts
 * `torchQuantileLinear`). NaN anywhere gives NaN, as in torch.
 */
export function torchQuantilesLinear(sample: Float32Array, levels: readonly number[], out: Float32Array): void {
  const n = sample.length;
  const sorted = Float32Array.from(sample).sort();
  const hasNaN = Number.isNaN(sorted[n - 1]);
  levels.forEach((level, i) => {
    if (hasNaN) {
      out[i] = Number.NaN;
      return;
    }
    const rank = Math.fround(Math.fround(level) * (n - 1));
    const below = Math.floor(rank);
    const above = Math.ceil(rank);
    out[i] = lerpF32(sorted[below], sorted[above], Math.fround(rank - below));
  });
}

/** `_format_preds`: [b][d][k][q][j] → [b][q][t = k·patch + j < h]([d]). */
function formatForecast(
  forecast: Float32Array,
  dims: { batch: number; D: number; Fp: number; Q: number; ps: number; h: number; levels: number[] },
): Moirai2Quantiles {
  const { batch, D, Fp, Q, ps, h, levels } = dims;
  const values = new Float32Array(batch * Q * h * D);
  for (let b = 0; b < batch; b++) {
    for (let q = 0; q < Q; q++) {
      for (let t = 0; t < h; t++) {
        const k = Math.floor(t / ps);
        const j = t % ps;
        for (let d = 0; d < D; d++) values[((b * Q + q) * h + t) * D + d] = forecast[(((b * D + d) * Fp + k) * Q + q) * ps + j];
      }
    }
  }
  const shape = D === 1 ? [batch, Q, h] : [batch, Q, h, D];
  return { batch, predictionLength: h, targetDim: D, quantileLevels: [...levels], values, shape };
}

function validateBatchInput(input: Moirai2BatchInput): void {
  const bad = (message: string, context: Record<string, unknown> = {}) =>
    new ETSFMInputInvalid(`Moirai 2.0 forward: ${message}`, { context: { model: 'moirai2', ...context } });
  const { batch, contextLength: T, predictionLength: h, targetDim: D } = input;
  for (const [name, v] of Object.entries({ batch, contextLength: T, predictionLength: h, targetDim: D })) {
    if (!Number.isInteger(v) || v < 1) throw bad(`${name} must be a positive integer`, { [name]: v });
  }
  const sizes: [string, number, number][] = [
    ['pastTarget', input.pastTarget.length, batch * T * D],
    ['pastObservedTarget', input.pastObservedTarget.length, batch * T * D],
    ['pastIsPad', input.pastIsPad.length, batch * T],
  ];
  if (input.featDynamicReal) {
    const F = input.featDynamicReal.dim;
    sizes.push(
      ['featDynamicReal', input.featDynamicReal.values.length, batch * (T + h) * F],
      ['observedFeatDynamicReal', input.featDynamicReal.observed.length, batch * (T + h) * F],
    );
  }
  if (input.pastFeatDynamicReal) {
    const P = input.pastFeatDynamicReal.dim;
    sizes.push(
      ['pastFeatDynamicReal', input.pastFeatDynamicReal.values.length, batch * T * P],
      ['pastObservedFeatDynamicReal', input.pastFeatDynamicReal.observed.length, batch * T * P],
    );
  }
  for (const [name, got, want] of sizes) {
    if (got !== want)
      throw bad(`${name} has ${got} values, expected ${want}`, { batch, contextLength: T, predictionLength: h, targetDim: D });
  }
}
