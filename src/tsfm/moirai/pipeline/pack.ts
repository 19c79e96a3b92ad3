/**
 * upstream `Moirai2Forecast._convert` + `_generate_time_id`: batched past/future tensors → packed
 * module tokens. Per row, tokens are variate-major:
 *   target past (D × Cp) | target future (D × Fp) | known-future covariates past (F × Cp) |
 *   their future (F × Fp) | past-only covariates (P × Cp)
 * with Cp = ⌈T/patch⌉ (left-padded to whole patches) and Fp = ⌈h/patch⌉ (right-padded).
 * - time_id: context patches count up from the first patch with any observed target value
 *   (cummax/cumsum − 1, clamped at 0, so all earlier patches share 0); future patches continue
 *   after the last context id.
 * - sample_id: 1 for a patch with any non-pad step, 0 for a whole-padding patch. The target pads
 *   the patch alignment as padding (is_pad value 1), covariates as data (value 0), as upstream does.
 * - variate_id: target variates 0…D−1, then covariates in order; prediction_mask: target future only.
 */
import type { Moirai2Packed } from '../types.js';

/** upstream `Moirai2Forecast.forward`'s batched inputs (row-major). */
export interface Moirai2BatchInput {
  batch: number;
  /** T = context_length. */
  contextLength: number;
  predictionLength: number;
  /** D. */
  targetDim: number;
  /** [batch, T, D]. */
  pastTarget: Float32Array;
  /** [batch, T, D], 1 = observed. */
  pastObservedTarget: Uint8Array;
  /** [batch, T], 1 = padding. */
  pastIsPad: Uint8Array;
  /** Known-future covariates: [batch, T + h, F] values and observed flags. */
  featDynamicReal?: { dim: number; values: Float32Array; observed: Uint8Array } | null;
  /** Past-only covariates: [batch, T, P]. */
  pastFeatDynamicReal?: { dim: number; values: Float32Array; observed: Uint8Array } | null;
}

export interface PackLayout {
  patch: number;
  /** Context tokens per variate. */
  contextTokens: number;
  /** Future tokens per variate. */
  futureTokens: number;
  targetDim: number;
  seq: number;
}

export function packLayout(input: Moirai2BatchInput, patch: number): PackLayout {
  const contextTokens = Math.ceil(input.contextLength / patch);
  const futureTokens = Math.ceil(input.predictionLength / patch);
  const F = input.featDynamicReal?.dim ?? 0;
  const P = input.pastFeatDynamicReal?.dim ?? 0;
  const D = input.targetDim;
  return { patch, contextTokens, futureTokens, targetDim: D, seq: (D + F) * (contextTokens + futureTokens) + P * contextTokens };
}

export function packMoirai2(input: Moirai2BatchInput, patch: number): { packed: Moirai2Packed; layout: PackLayout } {
  const layout = packLayout(input, patch);
  const { batch, contextLength: T, predictionLength: h, targetDim: D } = input;
  const { contextTokens: Cp, futureTokens: Fp, seq } = layout;
  const leftPad = Cp * patch - T;
  const packed: Moirai2Packed = {
    batch,
    seq,
    target: new Float32Array(batch * seq * patch),
    observed: new Uint8Array(batch * seq * patch),
    sampleId: new Int32Array(batch * seq),
    timeId: new Int32Array(batch * seq),
    variateId: new Int32Array(batch * seq),
    predictionMask: new Uint8Array(batch * seq),
  };
  for (let b = 0; b < batch; b++) {
    // time ids of the context patches from the observed target (any step, any variate)
    const pastTime = new Int32Array(Cp);
    let seen = 0;
    let count = 0;
    for (let c = 0; c < Cp; c++) {
      let any = 0;
      for (let j = 0; j < patch; j++) {
        const t = c * patch + j - leftPad;
        if (t < 0) continue;
        for (let d = 0; d < D; d++) if (input.pastObservedTarget[(b * T + t) * D + d]) any = 1;
      }
      seen = Math.max(seen, any);
      count += seen;
      pastTime[c] = Math.max(count - 1, 0);
    }
    const futureStart = Math.max(...pastTime) + 1;
    /** 1 when the context patch has a step that is not padding; steps added for patch alignment count as `alignAs`. */
    const pastSample = (alignAs: number) =>
      Int32Array.from({ length: Cp }, (_, c) => {
        for (let j = 0; j < patch; j++) {
          const t = c * patch + j - leftPad;
          const pad = t < 0 ? alignAs : input.pastIsPad[b * T + t];
          if (pad === 0) return 1;
        }
        return 0;
      });
    const targetSample = pastSample(1);
    const covariateSample = pastSample(0);

    let token = 0;
    const put = (
      values: (t: number) => number,
      observed: (t: number) => number,
      steps: number,
      left: boolean,
      sample: number,
      time: number,
      variate: number,
      predict: number,
    ) => {
      const row = b * seq + token;
      const off = left ? patch - steps : 0;
      for (let j = 0; j < steps; j++) {
        packed.target[row * patch + off + j] = values(j);
        packed.observed[row * patch + off + j] = observed(j);
      }
      packed.sampleId[row] = sample;
      packed.timeId[row] = time;
      packed.variateId[row] = variate;
      packed.predictionMask[row] = predict;
      token++;
    };
    /** Context tokens of one series read through `at(t)` / `obs(t)` for t in [0, T). */
    const contextTokens = (at: (t: number) => number, obs: (t: number) => number, sample: Int32Array, variate: number) => {
      for (let c = 0; c < Cp; c++) {
        const start = c * patch - leftPad;
        const first = Math.max(start, 0);
        put(
          (j) => at(first + j),
          (j) => obs(first + j),
          start + patch - first,
          true,
          sample[c],
          pastTime[c],
          variate,
          0,
        );
      }
    };
    const futureTokens = (at: (t: number) => number, obs: (t: number) => number, variate: number, predict: number) => {
      for (let c = 0; c < Fp; c++) {
        const start = c * patch;
        put(
          (j) => at(start + j),
          (j) => obs(start + j),
          Math.min(patch, h - start),
          false,
          1,
          futureStart + c,
          variate,
          predict,
        );
      }
    };

    for (let d = 0; d < D; d++) {
      contextTokens(
        (t) => input.pastTarget[(b * T + t) * D + d],
        (t) => input.pastObservedTarget[(b * T + t) * D + d],
        targetSample,
        d,
      );
    }
    for (let d = 0; d < D; d++)
      futureTokens(
        () => 0,
        () => 1,
        d,
        1,
      );
    let variate = D;
    const feat = input.featDynamicReal;
    if (feat && feat.dim > 0) {
      const F = feat.dim;
      const L = T + h;
      for (let f = 0; f < F; f++) {
        contextTokens(
          (t) => feat.values[(b * L + t) * F + f],
          (t) => feat.observed[(b * L + t) * F + f],
          covariateSample,
          variate + f,
        );
      }
      for (let f = 0; f < F; f++) {
        futureTokens(
          (t) => feat.values[(b * L + T + t) * F + f],
          (t) => feat.observed[(b * L + T + t) * F + f],
          variate + f,
          0,
        );
      }
      variate += F;
    }
    const past = input.pastFeatDynamicReal;
    if (past && past.dim > 0) {
      const P = past.dim;
      for (let p = 0; p < P; p++) {
        contextTokens(
          (t) => past.values[(b * T + t) * P + p],
          (t) => past.observed[(b * T + t) * P + p],
          covariateSample,
          variate + p,
        );
      }
    }
  }
  return { packed, layout };
}
