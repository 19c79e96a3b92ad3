/**
 * Moirai 2.0's data preparation around the network, as uni2ts `Moirai2Module.forward` does it: the
 * packed std scaler (float64, as upstream), the scaled target and observed-mask tokens, which
 * positions a run needs, and de-scaling of the predictions (float32). The model (`model/load.ts`)
 * runs the ONNX graph between these.
 */
import { EModelPredictFailed } from '../../../errors/index.js';
import type { Moirai2Config } from '../config.js';
import type { Moirai2Packed } from '../types.js';
import { packedStdScale, type PackedScale } from './scaler.js';

/** The read positions (default: every position), each checked to be inside [0, seq). */
export function readPositions(input: Moirai2Packed, readIndex?: readonly number[]): number[] {
  const { seq } = input;
  const reads = readIndex ? [...readIndex] : Array.from({ length: seq }, (_, i) => i);
  for (const r of reads) {
    if (!Number.isInteger(r) || r < 0 || r >= seq) throw bad(`readIndex ${r} is outside [0, ${seq})`, { readIndex: r, seq });
  }
  return reads;
}

/** Scales every token's target by its sample's loc/scale and lays out [scaled target, observed] tokens. */
export function scaleAndTokenize(input: Moirai2Packed, ps: number): PackedScale & { scaledTarget: Float32Array; tokens: Float32Array } {
  const { batch, seq } = input;
  const { loc, scale } = packedStdScale(input, ps);
  const scaledTarget = new Float32Array(batch * seq * ps);
  const tokens = new Float32Array(batch * seq * 2 * ps);
  for (let t = 0; t < batch * seq; t++) {
    for (let j = 0; j < ps; j++) {
      const s = Math.fround(Math.fround(input.target[t * ps + j] - loc[t]) / scale[t]);
      scaledTarget[t * ps + j] = s;
      tokens[t * 2 * ps + j] = s;
      tokens[t * 2 * ps + ps + j] = input.observed[t * ps + j] ? 1 : 0;
    }
  }
  return { loc, scale, scaledTarget, tokens };
}

/** training_mode=False: preds · scale + loc with each row's loc/scale at the read position. */
export function descale(
  predsScaled: Float32Array,
  input: Moirai2Packed,
  reads: readonly number[],
  width: number,
  loc: ArrayLike<number>,
  scale: ArrayLike<number>,
): Float32Array {
  const R = reads.length;
  const preds = new Float32Array(predsScaled.length);
  for (let b = 0; b < input.batch; b++) {
    for (let r = 0; r < R; r++) {
      const t = b * input.seq + reads[r];
      const off = (b * R + r) * width;
      for (let k = 0; k < width; k++) preds[off + k] = Math.fround(Math.fround(predsScaled[off + k] * scale[t]) + loc[t]);
    }
  }
  return preds;
}

/** Positions (in order) that some row needs: time id ≤ that row's latest read time. */
export function positionsReachingReads(p: Moirai2Packed, reads: readonly number[]): number[] {
  const needed = new Uint8Array(p.seq);
  for (let b = 0; b < p.batch; b++) {
    let latest = -Infinity;
    for (const r of reads) latest = Math.max(latest, p.timeId[b * p.seq + r]);
    for (let l = 0; l < p.seq; l++) if (p.timeId[b * p.seq + l] <= latest) needed[l] = 1;
  }
  for (const r of reads) needed[r] = 1;
  const keep: number[] = [];
  needed.forEach((n, l) => n && keep.push(l));
  return keep;
}

function bad(message: string, context: Record<string, unknown>): EModelPredictFailed {
  return new EModelPredictFailed(`Moirai 2.0 forward: ${message}`, { context: { model: 'moirai2', ...context } });
}

export function validatePacked(p: Moirai2Packed, config: Moirai2Config): void {
  const { batch, seq } = p;
  if (!Number.isInteger(batch) || batch < 1 || !Number.isInteger(seq) || seq < 1)
    throw bad('batch and seq must be positive integers', { batch, seq });
  const ps = config.patch_size;
  const checks: [string, ArrayLike<number>, number][] = [
    ['target', p.target, batch * seq * ps],
    ['observed', p.observed, batch * seq * ps],
    ['sampleId', p.sampleId, batch * seq],
    ['timeId', p.timeId, batch * seq],
    ['variateId', p.variateId, batch * seq],
    ['predictionMask', p.predictionMask, batch * seq],
  ];
  for (const [name, arr, want] of checks) {
    if (arr.length !== want) throw bad(`${name} has ${arr.length} values, expected ${want}`, { batch, seq, patch: ps });
  }
  for (const v of p.timeId) if (v < 0) throw bad('timeId must be non-negative', { timeId: v });
}
