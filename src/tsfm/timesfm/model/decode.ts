/**
 * upstream `TimesFM_2p5_200M_torch_module.decode`: per-patch running statistics and RevIN around the
 * network, then autoregressive decode past the first output patch, feeding back the median channel
 * one output patch (4 input patches) at a time.
 *
 * Upstream keeps a K/V cache sized for the whole decode (20 layers × batch × patches × 1280 × 2;
 * gigabytes at batch 256). Attention is causal and every patch is normalised with the statistics
 * up to itself, so running the network again over [context, fed-back patches] gives the same last
 * patch as the cached step; that is what happens here. Horizons up to one output patch (128) need
 * no autoregressive step at all; longer ones pay one recomputation of the prefix per step instead of
 * the cache's memory.
 */
import { EModelPredictFailed } from '../../../errors/index.js';
import type { TimesFMModel } from '../types.js';
import { revinForward, updateRunningStats, type RunningStats } from './prepare.js';

export interface DecodeResult {
  batch: number;
  /** Context patches. */
  patches: number;
  /** Context patches in `renormedOutputs`: all of them, or only the last one. */
  outputPatches: number;
  /** Autoregressive steps taken: floor((horizon − 1)/o). */
  steps: number;
  /** De-normalised point head of the last `outputPatches` context patches: [batch, outputPatches, o, q]. */
  renormedOutputs: Float32Array;
  /** De-normalised quantile head of the last context patch: [batch, os, q]. */
  renormedQuantileSpread: Float32Array;
  /** The last patch of each autoregressive step, de-normalised: [batch, steps, o, q]; null without steps. */
  arOutputs: Float32Array | null;
  /** Running statistics after each call (prefill patches, then each fed-back patch), per row. */
  stats: RunningStats[][];
}

/**
 * Decodes `batch` rows of `inputs`/`masks` ([batch, context], context a multiple of the input patch,
 * mask 1 = padding) up to `horizon`. `allPatches: false` computes the point head of the last
 * context patch only (all a forecast without backcast reads).
 */
export async function decode(
  model: TimesFMModel,
  horizon: number,
  batch: number,
  inputs: Float32Array,
  masks: Uint8Array,
  options: { allPatches?: boolean } = {},
): Promise<DecodeResult> {
  const { p, o, os, q, m, decodeIndex } = model.dims;
  const context = inputs.length / batch;
  if (!Number.isInteger(context) || context % p !== 0 || context === 0 || masks.length !== inputs.length) {
    throw new EModelPredictFailed(`TimesFM decode: inputs must be [batch, k·${p}] with a mask of the same shape`, {
      context: { model: 'timesfm2p5', batch, values: inputs.length, masks: masks.length },
    });
  }
  const patches = context / p;
  const steps = Math.max(0, Math.floor((horizon - 1) / o));
  const total = patches + steps * m;

  // The whole sequence each row will ever see: context patches, then the fed-back patches.
  const normed = new Float32Array(batch * total * p);
  const seqMasks = new Uint8Array(batch * total * p);
  const mu = new Float64Array(batch * total);
  const sigma = new Float64Array(batch * total);
  const stats: RunningStats[][] = [];
  const last: RunningStats[] = [];
  for (let b = 0; b < batch; b++) {
    let s: RunningStats = { n: 0, mu: 0, sigma: 0 };
    const rowStats: RunningStats[] = [];
    for (let n = 0; n < patches; n++) {
      const src = b * context + n * p;
      s = updateRunningStats(s, inputs, masks, src, p);
      rowStats.push(s);
      mu[b * total + n] = s.mu;
      sigma[b * total + n] = s.sigma;
      const dst = (b * total + n) * p;
      for (let i = 0; i < p; i++) {
        const masked = masks[src + i] !== 0;
        seqMasks[dst + i] = masked ? 1 : 0;
        normed[dst + i] = masked ? 0 : revinForward(inputs[src + i], s.mu, s.sigma);
      }
    }
    stats.push(rowStats);
    last.push(s);
  }

  const rowsOf = (len: number) => {
    if (len === total) return { inputs: normed, masks: seqMasks };
    const a = new Float32Array(batch * len * p);
    const k = new Uint8Array(batch * len * p);
    for (let b = 0; b < batch; b++) {
      a.set(normed.subarray(b * total * p, (b * total + len) * p), b * len * p);
      k.set(seqMasks.subarray(b * total * p, (b * total + len) * p), b * len * p);
    }
    return { inputs: a, masks: k };
  };

  const outputPatches = (options.allPatches ?? true) ? patches : 1;
  const prefill = await model.forward({ batch, patches, ...rowsOf(patches), outputFrom: patches - outputPatches });
  const oq = o * q;
  const renormedOutputs = new Float32Array(batch * outputPatches * oq);
  for (let b = 0; b < batch; b++) {
    for (let j = 0; j < outputPatches; j++) {
      const n = patches - outputPatches + j;
      const mu0 = mu[b * total + n];
      const s0 = sigma[b * total + n];
      const off = (b * outputPatches + j) * oq;
      for (let i = 0; i < oq; i++) renormedOutputs[off + i] = prefill.outputTs[off + i] * s0 + mu0;
    }
  }
  const renormedQuantileSpread = new Float32Array(batch * os * q);
  for (let b = 0; b < batch; b++) {
    const mu0 = mu[b * total + patches - 1];
    const s0 = sigma[b * total + patches - 1];
    for (let i = 0; i < os * q; i++) renormedQuantileSpread[b * os * q + i] = prefill.lastQuantileSpread[b * os * q + i] * s0 + mu0;
  }

  let arOutputs: Float32Array | null = null;
  if (steps > 0) {
    arOutputs = new Float32Array(batch * steps * oq);
    // The fed-back values: the median channel of the last output patch, de-normalised.
    const feed = new Float32Array(batch * o);
    for (let b = 0; b < batch; b++) {
      const off = (b * outputPatches + outputPatches - 1) * oq;
      for (let t = 0; t < o; t++) feed[b * o + t] = renormedOutputs[off + t * q + decodeIndex];
    }
    for (let step = 0; step < steps; step++) {
      const len = patches + (step + 1) * m;
      for (let b = 0; b < batch; b++) {
        let s = last[b];
        for (let j = 0; j < m; j++) {
          const n = patches + step * m + j;
          s = updateRunningStats(s, feed, null, b * o + j * p, p);
          stats[b].push(s);
          mu[b * total + n] = s.mu;
          sigma[b * total + n] = s.sigma;
          const dst = (b * total + n) * p;
          for (let i = 0; i < p; i++) normed[dst + i] = revinForward(feed[b * o + j * p + i], s.mu, s.sigma);
        }
        last[b] = s;
      }
      const out = await model.forward({ batch, patches: len, ...rowsOf(len), outputFrom: len - 1 });
      for (let b = 0; b < batch; b++) {
        const mu0 = mu[b * total + len - 1];
        const s0 = sigma[b * total + len - 1];
        const src = b * oq;
        const dst = (b * steps + step) * oq;
        for (let i = 0; i < oq; i++) arOutputs[dst + i] = out.outputTs[src + i] * s0 + mu0;
        for (let t = 0; t < o; t++) feed[b * o + t] = arOutputs[dst + t * q + decodeIndex];
      }
    }
  }
  return { batch, patches, outputPatches, steps, renormedOutputs, renormedQuantileSpread, arOutputs, stats };
}
