/**
 * TimesFM 2.5's network as an ONNX graph, following upstream `TimesFM_2p5_200M_torch_module.forward`
 * (timesfm_2p5_torch.py, torch/transformer.py, torch/dense.py):
 *   tokenizer: residual block over [patch | mask] (2·32 → model_dims, swish, with biases);
 *   `num_layers` decoder blocks, each
 *     x + post_attn_ln(out(attn(pre_attn_ln(x))))
 *     h + post_ff_ln(ff1(swish(ff0(pre_ff_ln(h)))))
 *   where attention is fused QKV → RoPE (half-split) → RMSNorm on q and k → q·(1.442695041/√hd)·
 *   softplus(per_dim_scale) → softmax(q·kᵀ + mask)·v (no further scaling);
 *   point head (→ 128·10) and quantile head (→ 1024·10), residual blocks without biases.
 *
 * Normalisation (running per-patch stats, RevIN) happens outside, in decode.ts.
 *
 * Graph inputs (dims dynamic):
 *   inputs [batch, patches, 32]  masks [batch, patches, 32] (1 = padding)  (normalised, 0 where masked)
 *   rope_cos / rope_sin [batch, 1, patches, head_dim]   attn_mask [batch, 1, patches, patches] (additive)
 *   output_from [1] int64: the first patch whose point head is wanted (production graph only)
 * Outputs: output_ts [batch, patches − output_from, 128·10]; output_quantile_spread [batch, 1024·10]
 * of the last patch (the only one decode reads); with `debugOutputs` instead every patch's
 * output_ts and output_quantile_spread [batch, patches, 1024·10] plus input_embeddings and
 * output_embeddings.
 */
import { GraphBuilder, type Value } from '../../engine/graph/index.js';
import { residualBlock } from '../../engine/graph/residualBlock.js';
import { timesfmDims, type TimesFM2p5Config } from '../config.js';
import type { TimesFMLayerWeights, TimesFMWeights } from './weights.js';

export interface TimesFMGraphOptions {
  /** Every intermediate upstream's model cases record (all patches of every head). */
  debugOutputs?: boolean;
}

const RMS_EPS = 1e-6;
/** upstream PerDimScale: 1/ln(2)·1/√hd·softplus(p). */
const PER_DIM_SCALE_CONSTANT = 1.442695041;

export function buildTimesFMGraph(config: TimesFM2p5Config, w: TimesFMWeights, options: TimesFMGraphOptions = {}): GraphBuilder {
  const d = timesfmDims(config);
  const g = new GraphBuilder({ name: 'timesfm2p5' });
  const inputs = g.input('inputs', 'float32', ['batch', 'patches', d.p]);
  const masks = g.input('masks', 'float32', ['batch', 'patches', d.p]);
  const ropeCos = g.input('rope_cos', 'float32', ['batch', 1, 'patches', d.headDim]);
  const ropeSin = g.input('rope_sin', 'float32', ['batch', 1, 'patches', d.headDim]);
  const attnMask = g.input('attn_mask', 'float32', ['batch', 1, 'patches', 'patches']);

  // Decode reads the point head of every patch only for the backcast, else of the last one. Heads
  // and the last layer's queries are per patch, so from `output_from` on is all that is computed
  // after the last layer's keys and values.
  const outputFrom = options.debugOutputs ? null : g.input('output_from', 'int64', [1]);
  const inputEmbeddings = g.scope('tokenizer', () =>
    residualBlock(g, g.concat([inputs, masks], -1), w.tokenizer, 'swish', { stack: false }),
  );
  let h = inputEmbeddings;
  w.layers.forEach((layer, i) => {
    const queriesFrom = i === w.layers.length - 1 ? outputFrom : null;
    h = g.scope(`stacked_xf.${i}`, () =>
      decoderLayer(g, h, layer, { ropeCos, ropeSin, attnMask }, d.heads, d.headDim, d.modelDims, queriesFrom),
    );
  });

  const outputTs = g.scope('output_projection_point', () => residualBlock(g, h, w.outputPoint, 'swish', { stack: false }));
  g.output(outputTs, 'output_ts');
  if (options.debugOutputs) {
    g.output(inputEmbeddings, 'input_embeddings');
    g.output(h, 'output_embeddings');
    g.output(
      g.scope('output_projection_quantiles', () => residualBlock(g, h, w.outputQuantiles, 'swish', { stack: false })),
      'output_quantile_spread',
    );
  } else {
    // The quantile head is per patch and decode reads only the last patch: 1024·10 outputs per
    // patch make it the largest layer, so it runs on that patch alone.
    const last = g.squeeze(g.slice(h, [-1], [Number.MAX_SAFE_INTEGER], [1]), [1]);
    g.output(
      g.scope('output_projection_quantiles', () => residualBlock(g, last, w.outputQuantiles, 'swish', { stack: false })),
      'output_quantile_spread',
    );
  }
  return g;
}

interface AttentionInputs {
  ropeCos: Value;
  ropeSin: Value;
  attnMask: Value;
}

/**
 * One decoder layer. With `queriesFrom`, only the patches from that index on are queries (and
 * returned); keys and values still cover every patch (attention is causal, so earlier patches'
 * outputs are never needed by later ones in the same layer).
 */
function decoderLayer(
  g: GraphBuilder,
  x: Value,
  w: TimesFMLayerWeights,
  a: AttentionInputs,
  heads: number,
  headDim: number,
  modelDims: number,
  queriesFrom: Value | null,
): Value {
  const end = [Number.MAX_SAFE_INTEGER];
  const fromQueries = (v: Value, axis: number) => (queriesFrom ? g.slice(v, queriesFrom, end, [axis]) : v);
  const attnIn = g.rmsNorm(x, g.weight('pre_attn_ln.scale', w.preAttnLn, modelDims, []), RMS_EPS, 'pre_attn_ln');
  const residual = fromQueries(x, 1);
  const attended = g.scope('attn', () => {
    const [qAll, k, v] = g.split(g.linear(attnIn, w.qkv, 'qkv_proj'), [modelDims, modelDims, modelDims], -1);
    const q = fromQueries(qAll, 1);
    const qh = g.rope(g.splitHeads(q, heads, headDim), fromQueries(a.ropeCos, 2), fromQueries(a.ropeSin, 2), headDim);
    const kh = g.rope(g.splitHeads(k, heads, headDim), a.ropeCos, a.ropeSin, headDim);
    // query_ln's scale and the per-dimension query scale are both per-channel factors after the
    // RMS normalisation, so they are one constant vector here.
    const qScale = queryScale(w.queryLn, w.perDimScale, headDim);
    const qn = g.rmsNorm(qh, g.constF32(qScale, [headDim]), RMS_EPS, 'query_ln');
    const kn = g.rmsNorm(kh, g.initializer('key_ln.scale', w.keyLn, [headDim]), RMS_EPS, 'key_ln');
    const att = g.attention(qn, kn, g.splitHeads(v, heads, headDim), { mask: fromQueries(a.attnMask, 2) });
    return g.linear(g.mergeHeads(att, heads, headDim), w.out, 'out');
  });
  const h = g.add(g.rmsNorm(attended, g.weight('post_attn_ln.scale', w.postAttnLn, modelDims, []), RMS_EPS, 'post_attn_ln'), residual);
  const ffIn = g.rmsNorm(h, g.weight('pre_ff_ln.scale', w.preFfLn, modelDims, []), RMS_EPS, 'pre_ff_ln');
  const ff = g.linear(g.silu(g.linear(ffIn, w.ff0, 'ff0')), w.ff1, 'ff1');
  return g.add(g.rmsNorm(ff, g.weight('post_ff_ln.scale', w.postFfLn, modelDims, []), RMS_EPS, 'post_ff_ln'), h);
}

/** query_ln.scale · 1.442695041/√hd · softplus(per_dim_scale), per channel, in float32. */
export function queryScale(queryLn: Float32Array, perDimScale: Float32Array, headDim: number): Float32Array {
  const out = new Float32Array(headDim);
  const base = Math.fround(PER_DIM_SCALE_CONSTANT / Math.sqrt(headDim));
  for (let i = 0; i < headDim; i++) {
    const p = perDimScale[i];
    const softplus = p > 20 ? p : Math.log1p(Math.exp(p));
    out[i] = Math.fround(queryLn[i] * Math.fround(base * Math.fround(softplus)));
  }
  return out;
}
