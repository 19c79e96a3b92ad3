/**
 * Chronos-Bolt's forward pass (upstream `ChronosBoltModelForForecasting.forward`) as one ONNX graph.
 *
 * Input `context` [batch, time] float32 with NaN for missing values; `time` is a multiple of the
 * patch size (the loader truncates to context_length and left-pads with NaN, exactly what
 * upstream's `encode` and `Patch` do). Output `quantile_preds` [batch, numQuantiles, prediction_length],
 * de-normalised. The T5 parts follow HF `modeling_t5.py`: RMS norm without mean subtraction, no
 * 1/√d scaling, one relative position bias (bidirectional in the encoder, causal in the decoder)
 * computed by the first layer and shared by all, padding masked additively with (1 − m)·finfo.min.
 */
import { GraphBuilder, packLinear, type Value } from '../../../engine/graph/index.js';
import { chronosBoltActivation, type ChronosBoltConfig } from '../config.js';
import type { ChronosBoltWeights, T5AttentionWeights, T5FeedForwardWeights } from './weights.js';
import { residualBlock } from '../../../engine/graph/residualBlock.js';

/** torch.finfo(torch.float32).min, the additive mask value HF T5 uses. */
const FLOAT32_MIN = -3.4028234663852886e38;
/** InstanceNorm's eps: the scale of a constant series. */
const INSTANCE_NORM_EPS = 1e-5;

export interface ChronosBoltGraphOptions {
  /** Also output the intermediates upstream's model fixtures record (loc, scale, hidden states…). */
  debugOutputs?: boolean;
}

/** Names of the extra outputs built with `debugOutputs`. */
export const BOLT_DEBUG_OUTPUTS = [
  'loc',
  'scale',
  'encoder_input_embeds',
  'encoder_attention_mask',
  'encoder_last_hidden_state',
  'decoder_last_hidden_state',
  'normalized_quantile_preds',
] as const;

export function buildChronosBoltGraph(
  config: ChronosBoltConfig,
  w: ChronosBoltWeights,
  options: ChronosBoltGraphOptions = {},
): GraphBuilder {
  const g = new GraphBuilder({ name: 'chronos_bolt' });
  const cc = config.chronos_config;
  const { d_model: d, d_kv: dk, num_heads: heads } = config;
  const inner = heads * dk;
  const eps = config.layer_norm_epsilon;
  const act = chronosBoltActivation(config);
  const patch = cc.input_patch_size;
  const numQuantiles = cc.quantiles.length;
  const debug = options.debugOutputs ?? false;

  const context = g.input('context', 'float32', ['batch', 'time']);
  const batchDim = g.dim(context, 0); // [1] int64

  // ---- InstanceNorm: NaN-aware mean and population std per row; all-NaN rows get loc 0, scale 1.
  const missing = g.isNaN(context);
  const observed = g.cast(g.not(missing), 'float32');
  const count = g.reduceSum(observed, [-1]); // [B, 1]
  const meanRaw = g.div(g.reduceSum(g.where(missing, 0, context), [-1]), count);
  const loc = g.where(g.isNaN(meanRaw), 0, meanRaw);
  const centered = g.where(missing, 0, g.sub(context, loc));
  const stdRaw = g.sqrt(g.div(g.reduceSum(g.mul(centered, centered), [-1]), count));
  const stdOrOne = g.where(g.isNaN(stdRaw), 1, stdRaw);
  const scale = g.where(g.equal(stdOrOne, 0), INSTANCE_NORM_EPS, stdOrOne); // [B, 1]
  const scaled = g.div(centered, scale); // 0 where missing, as upstream's where(mask > 0, ·, 0)

  // ---- Patching: [B, N, P] values and mask side by side; a patch is attended when any step is observed.
  const patchValues = g.reshape(scaled, [0, -1, patch]);
  const patchMask = g.reshape(observed, [0, -1, patch]);
  const patched = g.concat([patchValues, patchMask], -1); // [B, N, 2P]
  const patchAttended = g.cast(g.greater(g.reduceSum(patchMask, [-1], false), 0), 'float32'); // [B, N]

  let inputEmbeds = g.scope('input_patch_embedding', () => residualBlock(g, patched, w.inputPatchEmbedding, act, { stack: true }));
  let attentionMask = patchAttended;
  if (cc.use_reg_token) {
    // Append the [REG] token embedding (always attended) after the last patch.
    const reg = g.initializer('reg_embedding', w.shared.slice(config.reg_token_id * d, (config.reg_token_id + 1) * d), [1, 1, d]);
    inputEmbeds = g.concat([inputEmbeds, g.expand(reg, g.concat([batchDim, g.constI64([1, d])], 0))], 1);
    attentionMask = g.concat([attentionMask, g.expand(g.constF32([1], [1, 1]), g.concat([batchDim, g.constI64([1])], 0))], 1);
  }
  // [B, 1, 1, L]: 0 for attended keys, float32 min for padding (HF's extended attention mask).
  const maskBias = g.unsqueeze(g.mul(g.sub(1, attentionMask), FLOAT32_MIN), [1, 2]);

  // ---- Encoder.
  const seqLen = g.squeeze(g.dim(inputEmbeds, 1), [0]);
  const encoderOut = g.scope('encoder', () => {
    const relative = g.relativePositionBias(w.encoder.relativeAttentionBias, heads, seqLen, seqLen, {
      bidirectional: true,
      numBuckets: config.relative_attention_num_buckets,
      maxDistance: config.relative_attention_max_distance,
      name: 'relative_attention_bias.weight',
    });
    const positionBias = g.add(relative, maskBias); // [B, H, L, L]
    let h = inputEmbeds;
    w.encoder.blocks.forEach((block, i) =>
      g.scope(`block.${i}`, () => {
        h = g.scope('self_attention', () => t5SelfAttention(g, h, block.selfAttention, positionBias));
        h = g.scope('feed_forward', () => t5FeedForward(g, h, block.feedForward));
      }),
    );
    return g.rmsNorm(h, w.encoder.finalLayerNorm, eps, 'final_layer_norm');
  });

  // ---- Decoder: one query token (decoder_start_token_id) attending to the encoder states.
  const decoderOut = g.scope('decoder', () => {
    const start = config.decoder_start_token_id;
    const startEmbedding = g.initializer('start_embedding', w.shared.slice(start * d, (start + 1) * d), [1, 1, d]);
    let h = g.expand(startEmbedding, g.concat([batchDim, g.constI64([1, d])], 0));
    const one = g.scalarI64(1);
    // Causal buckets for the single query/key pair; the causal mask of a length-1 sequence is all zeros.
    const selfBias = g.relativePositionBias(w.decoder.relativeAttentionBias, heads, one, one, {
      bidirectional: false,
      numBuckets: config.relative_attention_num_buckets,
      maxDistance: config.relative_attention_max_distance,
      name: 'relative_attention_bias.weight',
    });
    w.decoder.blocks.forEach((block, i) =>
      g.scope(`block.${i}`, () => {
        h = g.scope('self_attention', () => t5SelfAttention(g, h, block.selfAttention, selfBias));
        // Cross-attention has no relative bias in T5: its position bias is just the encoder mask.
        h = g.scope('cross_attention', () => t5CrossAttention(g, h, encoderOut, block.crossAttention, maskBias));
        h = g.scope('feed_forward', () => t5FeedForward(g, h, block.feedForward));
      }),
    );
    return g.rmsNorm(h, w.decoder.finalLayerNorm, eps, 'final_layer_norm');
  });

  // ---- Quantile head and de-normalisation: [B, 1, Q·H] → [B, Q, H] · scale + loc.
  const head = g.scope('output_patch_embedding', () => residualBlock(g, decoderOut, w.outputPatchEmbedding, act, { stack: true }));
  const normalized = g.reshape(head, [0, numQuantiles, cc.prediction_length]);
  const preds = g.add(g.mul(normalized, g.unsqueeze(scale, [2])), g.unsqueeze(loc, [2]));
  g.output(preds, 'quantile_preds');

  if (debug) {
    g.output(g.squeeze(loc, [1]), 'loc');
    g.output(g.squeeze(scale, [1]), 'scale');
    g.output(inputEmbeds, 'encoder_input_embeds');
    g.output(attentionMask, 'encoder_attention_mask');
    g.output(encoderOut, 'encoder_last_hidden_state');
    g.output(decoderOut, 'decoder_last_hidden_state');
    g.output(normalized, 'normalized_quantile_preds');
  }
  return g;

  // ---- Building blocks ------------------------------------------------------------------------

  /** T5LayerSelfAttention: x + o(attention(rms(x))), with the shared position bias (mask included). */
  function t5SelfAttention(b: GraphBuilder, x: Value, wts: T5AttentionWeights, positionBias: Value): Value {
    const normed = b.rmsNorm(x, wts.layerNorm, eps, 'layer_norm');
    const [q, k, v] = b.split(b.linear(normed, packLinear([wts.q, wts.k, wts.v]), 'qkv'), [inner, inner, inner], -1);
    const attended = b.attention(b.splitHeads(q, heads, dk), b.splitHeads(k, heads, dk), b.splitHeads(v, heads, dk), {
      mask: positionBias,
    });
    return b.add(x, b.linear(b.mergeHeads(attended, heads, dk), wts.o, 'o'));
  }

  /** T5LayerCrossAttention: x + o(attention(q = rms(x), k/v = encoder states)). */
  function t5CrossAttention(b: GraphBuilder, x: Value, memory: Value, wts: T5AttentionWeights, positionBias: Value): Value {
    const normed = b.rmsNorm(x, wts.layerNorm, eps, 'layer_norm');
    const q = b.linear(normed, wts.q, 'q');
    const [k, v] = b.split(b.linear(memory, packLinear([wts.k, wts.v]), 'kv'), [inner, inner], -1);
    const attended = b.attention(b.splitHeads(q, heads, dk), b.splitHeads(k, heads, dk), b.splitHeads(v, heads, dk), {
      mask: positionBias,
    });
    return b.add(x, b.linear(b.mergeHeads(attended, heads, dk), wts.o, 'o'));
  }

  /** T5LayerFF (T5DenseActDense): x + wo(act(wi(rms(x)))). */
  function t5FeedForward(b: GraphBuilder, x: Value, wts: T5FeedForwardWeights): Value {
    const normed = b.rmsNorm(x, wts.layerNorm, eps, 'layer_norm');
    return b.add(x, b.linear(b.activation(b.linear(normed, wts.wi, 'wi'), act), wts.wo, 'wo'));
  }
}
