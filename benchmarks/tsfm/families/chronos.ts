/**
 * Chronos-2 at the real 120M size (d_model 768, 12 layers, d_ff 3072, 12 heads, 21 quantiles;
 * random weights): `Chronos2Model.forward` for a batch at a context, horizon 64, every series its
 * own group, as the anchor timed it.
 */
import { parseChronos2Config, type Chronos2Config } from '../../../src/tsfm/chronos/chronos2/config.js';
import { loadChronos2Model } from '../../../src/tsfm/chronos/chronos2/model/load.js';
import { chronos2ExpectedShapes, chronos2RandomInit } from '../../../src/tsfm/chronos/chronos2/model/weights.js';
import { writeRandomCheckpoint, type RandomCheckpoint } from '../../../src/tsfm/engine/randomCheckpoint.js';
import { makeBatch, type CallFlops } from '../common.js';
import { HORIZON, loadOptionsOf, type PerfFamily } from '../family.js';

/** Chronos-2 (120M) as measured by the anchor: upstream's dummy config with the real sizes. */
export function realSizeChronos2Config(): Record<string, unknown> {
  return {
    architectures: ['Chronos2Model'],
    chronos_config: {
      context_length: 8192,
      input_patch_size: 16,
      input_patch_stride: 16,
      max_output_patches: 64,
      output_patch_size: 16,
      quantiles: [0.01, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 0.99],
      time_encoding_scale: 8192,
      use_arcsinh: true,
      use_reg_token: true,
    },
    d_ff: 3072,
    d_kv: 64,
    d_model: 768,
    dense_act_fn: 'relu',
    feed_forward_proj: 'relu',
    layer_norm_epsilon: 1e-6,
    model_type: 't5',
    num_heads: 12,
    num_layers: 12,
    pad_token_id: 0,
    reg_token_id: 1,
    rope_theta: 10000.0,
    torch_dtype: 'float32',
    vocab_size: 2,
  };
}

/** The real-size checkpoint the benchmarks load (the anchor's recipe, seed 12345, tensors in name order). */
export function writeRealSizeChronos2(dir: string): RandomCheckpoint {
  const config = realSizeChronos2Config();
  return writeRandomCheckpoint(dir, {
    config,
    shapes: chronos2ExpectedShapes(parseChronos2Config(config)),
    initOf: chronos2RandomInit,
    seed: 12345,
    sortByName: true,
  });
}

/**
 * FLOPs of one forward pass as this implementation computes it (GEMMs + attention products), every
 * series its own group: group attention is one D×D GEMM (Wo·Wv), and the last block runs queries,
 * group attention and feed-forward on the future positions only.
 */
function forwardFlops(c: Chronos2Config, batch: number, context: number): CallFlops {
  const D = c.d_model;
  const inner = c.num_heads * c.d_kv;
  const ff = c.d_ff;
  const P = c.chronos_config.input_patch_size;
  const Q = c.chronos_config.quantiles.length;
  const N = Math.ceil(context / P);
  const F = Math.ceil(HORIZON / c.chronos_config.output_patch_size);
  const S = N + 1 + F;
  const tokens = batch * S;
  const last = batch * F;
  const L = c.num_layers;
  const gemm = [
    { m: tokens, k: D, n: inner, count: 3 * (L - 1) + 2 }, // time attention q, k, v (last block: k, v)
    { m: last, k: D, n: inner, count: 1 }, // last block q
    { m: tokens, k: inner, n: D, count: L - 1 }, // time attention o
    { m: tokens, k: D, n: D, count: L - 1 }, // group attention Wo·Wv
    { m: last, k: D, n: D, count: 2 }, // last block: time o, group Wo·Wv
    { m: tokens, k: D, n: ff, count: L - 1 }, // ffn wi
    { m: tokens, k: ff, n: D, count: L - 1 }, // ffn wo
    { m: last, k: D, n: ff, count: 1 },
    { m: last, k: ff, n: D, count: 1 },
    { m: batch * (N + F), k: 3 * P, n: ff + D, count: 1 }, // input embedding hidden + residual
    { m: batch * (N + F), k: ff, n: D, count: 1 },
    { m: last, k: D, n: ff + Q * P, count: 1 }, // output head
    { m: last, k: ff, n: Q * P, count: 1 },
  ];
  const gemmFlops = gemm.reduce((a, g) => a + 2 * g.m * g.k * g.n * g.count, 0);
  const attention = 2 * 2 * batch * c.num_heads * c.d_kv * S * ((L - 1) * S + F);
  return { total: gemmFlops + attention, gemm };
}

export const chronosPerf: PerfFamily = {
  name: 'chronos',
  title: 'Chronos-2 real size (d_model 768, 12 layers, d_ff 3072, 12 heads, 21 quantiles)',
  anchorNote: 'upstream PyTorch, CPU fp32 eager',
  anchorLoadS: 7.46,
  anchor: {
    '512x1': { thr2: 2.43, thr1: 6.45 },
    '512x32': { thr2: 8.81, thr1: 5.81 },
    '512x256': { thr2: 5.44, thr1: 3.82 },
    '2048x1': { thr2: 1.0, thr1: 2.55 },
    '2048x32': { thr2: 1.8, thr1: 1.16 },
    '2048x256': { thr2: 0.99, thr1: 0.62 },
  },
  coldLoadWithoutPrepack: true,
  writeCheckpoint: writeRealSizeChronos2,
  async load(dir, o) {
    const model = await loadChronos2Model(dir, loadOptionsOf(o));
    return {
      timings: model.timings,
      weightBytes: model.weightBytes,
      cell(context, batch) {
        const input = {
          batch,
          contextLength: context,
          context: makeBatch(batch, context),
          groupIds: Int32Array.from({ length: batch }, (_, i) => i),
          futureCovariates: null,
          numOutputPatches: Math.ceil(HORIZON / model.config.chronos_config.output_patch_size),
        };
        return { call: () => model.forward(input), flops: forwardFlops(model.config, batch, context) };
      },
      dispose: () => model.dispose(),
    };
  },
};
