/**
 * uni2ts `PackedStdScaler` (correction 1, minimum_scale 1e-5), computed in float64 as upstream does
 * (`target.double()`) and rounded to float32 at the end: per row, loc and scale are shared by all
 * tokens with the same (sample_id, variate_id); only observed, non-prediction steps count;
 * loc = mean, var = Σ(x − loc)² / (n − 1) (a zero denominator counts as 1), scale = √(var + 1e-5);
 * tokens of sample 0 (whole-padding patches) get loc 0, scale 1.
 */
import type { Moirai2Packed } from '../types.js';

const MINIMUM_SCALE = 1e-5;

export interface PackedScale {
  /** [batch, seq] float32 values. */
  loc: Float32Array;
  scale: Float32Array;
}

export function packedStdScale(p: Moirai2Packed, patch: number): PackedScale {
  const { batch, seq } = p;
  const loc = new Float32Array(batch * seq);
  const scale = new Float32Array(batch * seq);
  for (let b = 0; b < batch; b++) {
    const groups = new Map<string, number[]>();
    for (let l = 0; l < seq; l++) {
      const t = b * seq + l;
      const key = `${p.sampleId[t]}|${p.variateId[t]}`;
      let members = groups.get(key);
      if (!members) groups.set(key, (members = []));
      members.push(t);
    }
    for (const members of groups.values()) {
      let n = 0;
      let sum = 0;
      for (const t of members) {
        if (p.predictionMask[t]) continue;
        for (let j = 0; j < patch; j++) {
          if (!p.observed[t * patch + j]) continue;
          n++;
          sum += p.target[t * patch + j];
        }
      }
      const mean = sum / (n === 0 ? 1 : n);
      let ss = 0;
      for (const t of members) {
        if (p.predictionMask[t]) continue;
        for (let j = 0; j < patch; j++) if (p.observed[t * patch + j]) ss += (p.target[t * patch + j] - mean) ** 2;
      }
      const denom = n - 1;
      const variance = ss / (denom === 0 ? 1 : denom);
      const s = Math.sqrt(variance + MINIMUM_SCALE);
      for (const t of members) {
        const padding = p.sampleId[t] === 0;
        loc[t] = padding ? 0 : mean;
        scale[t] = padding ? 1 : s;
      }
    }
  }
  return { loc, scale };
}
