/**
 * Replays a `level: "model"` case of a Chronos-2 parity file (`Chronos2Model.forward` on prepared
 * tensors) through our model and scores it with the fixtures' rule:
 *   |got − want| ≤ rel·|want| + abs·s,  s = population std of the non-null values of inputs.context[b].
 */
import type { Chronos2Model } from '../../types.js';

export interface Chronos2ModelCase {
  name: string;
  level: 'model';
  inputs: {
    context: (number | null)[][];
    group_ids: number[] | null;
    future_covariates: (number | null)[][] | null;
    num_output_patches: number;
  };
  outputs: { quantile_preds: number[][][] };
  output_shapes: { quantile_preds: number[] };
}

export interface ModelCaseResult {
  name: string;
  pass: boolean;
  shapeOk: boolean;
  /** max |got − want| */
  maxAbsError: number;
  /** max over elements of |got − want| / allowed (≤ 1 passes). */
  maxErrorRatio: number;
  /** allowed error at the worst element. */
  toleranceAtWorst: number;
}

const toF32 = (rows: (number | null)[][]): Float32Array => Float32Array.from(rows.flat(), (v) => (v === null ? NaN : v));

/** Population std (ddof 0) of the non-null values; 0 with fewer than 2. */
export function populationStd(values: (number | null)[]): number {
  const xs = values.filter((v): v is number => v !== null);
  if (xs.length < 2) return 0;
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  return Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length);
}

export async function runChronos2ModelCase(
  model: Chronos2Model,
  c: Chronos2ModelCase,
  tolerance: { abs: number; rel: number } = { abs: 1e-4, rel: 1e-4 },
): Promise<ModelCaseResult> {
  const ctx = c.inputs.context;
  const batch = ctx.length;
  const contextLength = ctx[0].length;
  const { quantilePreds } = await model.forward({
    batch,
    contextLength,
    context: toF32(ctx),
    groupIds: Int32Array.from(c.inputs.group_ids ?? ctx.map((_, i) => i)),
    futureCovariates: c.inputs.future_covariates ? toF32(c.inputs.future_covariates) : null,
    numOutputPatches: c.inputs.num_output_patches,
  });
  const [B, Q, H] = c.output_shapes.quantile_preds;
  const shapeOk = B === batch && quantilePreds.length === B * Q * H && model.config.chronos_config.quantiles.length === Q;
  let maxAbsError = 0;
  let maxErrorRatio = 0;
  let toleranceAtWorst = 0;
  for (let b = 0; b < Math.min(B, batch); b++) {
    const s = populationStd(ctx[b]);
    for (let q = 0; q < Q; q++) {
      for (let h = 0; h < H; h++) {
        const want = c.outputs.quantile_preds[b][q][h];
        const got = quantilePreds[(b * Q + q) * H + h];
        const err = Math.abs(got - want);
        const allowed = tolerance.rel * Math.abs(want) + tolerance.abs * s;
        const ratio = Number.isNaN(err) ? Infinity : err === 0 ? 0 : err / allowed;
        maxAbsError = Math.max(maxAbsError, Number.isNaN(err) ? Infinity : err);
        if (ratio > maxErrorRatio || (ratio === maxErrorRatio && toleranceAtWorst === 0)) {
          maxErrorRatio = ratio;
          toleranceAtWorst = allowed;
        }
      }
    }
  }
  return { name: c.name, pass: shapeOk && maxErrorRatio <= 1, shapeOk, maxAbsError, maxErrorRatio, toleranceAtWorst };
}
