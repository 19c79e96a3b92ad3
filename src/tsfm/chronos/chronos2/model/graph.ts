/**
 * Chronos-2's network as an ONNX graph, following upstream `Chronos2Model.encode` / `forward`
 * (chronos/chronos2/model.py, layers.py): input patch embedding (residual block) of context and
 * future patches with the [REG] token between them, then `num_layers` encoder blocks of
 *   time self-attention (RoPE, no 1/√d scaling, additive float32-min mask),
 *   group self-attention across the series of a group at each time step,
 *   feed-forward (T5 RMS norms, pre-norm residuals),
 * the final RMS norm and the output residual block on the future positions.
 *
 * Graph inputs (all prepared by prepare.ts; dims are dynamic):
 *   context_patches [batch, ctx_patches, 3·patch]  future_patches [batch, out_patches, 3·patch]
 *   time_mask [batch, 1, 1, seq] (additive)        token_valid [batch, seq, 1] (bool)
 *   rope_cos / rope_sin [seq, d_kv]
 *   pack_index [packed] int64, pack_mask [groups, seq, 1, 1, group_size], pack_valid [packed, seq, 1] bool,
 *   single_index [singles] int64, select_index [batch] int64   (group attention packing, see prepare.ts)
 * Output: quantile_head [batch, out_patches, num_quantiles·patch] (normalised space), and with
 * `debugOutputs` also encoder_last_hidden_state [batch, seq, d_model].
 */
import { GraphBuilder, packLinear, type LinearWeights, type Value } from '../../../engine/graph/index.js';
import { chronos2Activation, type Chronos2Config } from '../config.js';
import type { AttentionWeights, Chronos2Weights, ResidualBlockWeights } from './weights.js';
import { residualBlock as residualBlockNodes } from '../../../engine/graph/residualBlock.js';

export interface Chronos2GraphOptions {
  /** Also output the final hidden states of every position (for parity debugging). */
  debugOutputs?: boolean;
  /**
   * Group attention of singleton series as one GEMM with Wo·Wv (default true; the product is folded
   * by onnxruntime when the session is created). false: two GEMMs per call, a faster session creation.
   */
  fuseGroupValueOutput?: boolean;
  /**
   * Stack projections that share an input (Q/K/V; hidden/residual) into one GEMM (default false).
   * With external weights the stacked copy is made by onnxruntime at session creation, which costs
   * load time and memory for little GEMM speed at these sizes.
   */
  packProjections?: boolean;
}

/** Per-position inputs every encoder block reads (sliced to the future positions in the last block). */
type Positions = EncoderInputs;

interface EncoderInputs {
  timeMask: Value;
  tokenValid: Value;
  ropeCos: Value;
  ropeSin: Value;
  packIndex: Value;
  packMask: Value;
  packValid: Value;
  singleIndex: Value;
  selectIndex: Value;
}

export function buildChronos2Graph(config: Chronos2Config, w: Chronos2Weights, options: Chronos2GraphOptions = {}): GraphBuilder {
  const cc = config.chronos_config;
  const D = config.d_model;
  const H = config.num_heads;
  const dk = config.d_kv;
  const inner = H * dk;
  const eps = config.layer_norm_epsilon;
  const act = chronos2Activation(config);
  const W = 3 * cc.input_patch_size;
  const g = new GraphBuilder({ name: 'chronos2' });
  const pack = options.packProjections ?? false;
  /** Linear layers sharing an input: one stacked GEMM, or one GEMM each. */
  const linears = (x: Value, layers: LinearWeights[], name: string): Value[] =>
    pack
      ? g.split(
          g.linear(x, packLinear(layers), name),
          layers.map((l) => l.outFeatures),
          -1,
        )
      : layers.map((l, i) => g.linear(x, l, `${name}.${i}`));

  const contextPatches = g.input('context_patches', 'float32', ['batch', 'ctx_patches', W]);
  const futurePatches = g.input('future_patches', 'float32', ['batch', 'out_patches', W]);
  const enc: EncoderInputs = {
    timeMask: g.input('time_mask', 'float32', ['batch', 1, 1, 'seq']),
    tokenValid: g.input('token_valid', 'bool', ['batch', 'seq', 1]),
    ropeCos: g.input('rope_cos', 'float32', ['seq', dk]),
    ropeSin: g.input('rope_sin', 'float32', ['seq', dk]),
    packIndex: g.input('pack_index', 'int64', ['packed']),
    packMask: g.input('pack_mask', 'float32', ['groups', 'seq', 1, 1, 'group_size']),
    packValid: g.input('pack_valid', 'bool', ['packed', 'seq', 1]),
    singleIndex: g.input('single_index', 'int64', ['singles']),
    selectIndex: g.input('select_index', 'int64', ['batch']),
  };

  const residualBlock = (x: Value, rb: ResidualBlockWeights, name: string): Value =>
    g.scope(name, () => residualBlockNodes(g, x, rb, act, { stack: pack }));

  // ---- embeddings: [context patches | REG | future patches] ----
  const ctxEmb = residualBlock(contextPatches, w.inputPatchEmbedding, 'input_patch_embedding');
  const futEmb = residualBlock(futurePatches, w.inputPatchEmbedding, 'input_patch_embedding');
  const parts = [ctxEmb];
  if (w.regEmbedding) {
    const reg = g.weight('shared.reg', w.regEmbedding, 1, [1, D]);
    const regShape = g.concat([g.dim(contextPatches, 0), g.constI64([1, D])], 0);
    parts.push(g.expand(reg, regShape));
  }
  parts.push(futEmb);
  let h = g.concat(parts, 1);

  const futureStart = g.add(g.dim(contextPatches, 1), g.scalarI64(cc.use_reg_token ? 1 : 0));
  const dims: Dims = { D, H, dk, inner, eps };
  // Only the future positions feed the head. In the last block every other position is needed only
  // as a key/value of time attention, so queries, group attention and feed-forward run on the future
  // positions alone (skipped with debugOutputs, which reports every position's final state).
  const truncateLast = !options.debugOutputs;
  const future: Positions = {
    ...enc,
    ropeCos: g.slice(enc.ropeCos, futureStart, [Number.MAX_SAFE_INTEGER], [0]),
    ropeSin: g.slice(enc.ropeSin, futureStart, [Number.MAX_SAFE_INTEGER], [0]),
    tokenValid: g.slice(enc.tokenValid, futureStart, [Number.MAX_SAFE_INTEGER], [1]),
    packMask: g.slice(enc.packMask, futureStart, [Number.MAX_SAFE_INTEGER], [1]),
    packValid: g.slice(enc.packValid, futureStart, [Number.MAX_SAFE_INTEGER], [1]),
  };

  for (let i = 0; i < config.num_layers; i++) {
    const block = w.blocks[i];
    const last = truncateLast && i === config.num_layers - 1;
    h = g.scope(`encoder.block.${i}`, () => {
      let x = timeSelfAttention(g, linears, h, block.timeAttention, enc, dims, last ? { start: futureStart, positions: future } : null);
      x = groupSelfAttention(g, linears, x, block.groupAttention, last ? future : enc, dims, {
        fuseValueOutput: options.fuseGroupValueOutput ?? true,
        exactMaskedRows: options.debugOutputs ?? false,
      });
      const ffw = block.feedForward;
      return g.scope('layer.2', () => {
        const n = g.rmsNorm(x, g.weight('layer_norm.weight', ffw.layerNorm, D, []), eps, 'layer_norm');
        return g.add(x, g.linear(g.activation(g.linear(n, ffw.wi, 'wi'), act), ffw.wo, 'wo'));
      });
    });
  }

  // The final norm is per position, so slicing before it is exact.
  const forecast = truncateLast ? h : g.slice(h, futureStart, [Number.MAX_SAFE_INTEGER], [1]);
  const finalNorm = g.weight('encoder.final_layer_norm.weight', w.finalLayerNorm, D, []);
  const normed = g.rmsNorm(forecast, finalNorm, eps, 'encoder.final_layer_norm');
  g.output(residualBlock(normed, w.outputPatchEmbedding, 'output_patch_embedding'), 'quantile_head');
  if (options.debugOutputs) g.output(g.rmsNorm(h, finalNorm, eps, 'debug.final_layer_norm'), 'encoder_last_hidden_state');
  return g;
}

type Linears = (x: Value, layers: LinearWeights[], name: string) => Value[];

interface Dims {
  D: number;
  H: number;
  dk: number;
  inner: number;
  eps: number;
}

/**
 * TimeSelfAttention: h + o(attn(rope(q), rope(k), v)) over the time axis of each series.
 * With `queriesFrom`, only positions from `start` on are queries (and returned); keys and values
 * still cover the whole sequence.
 */
function timeSelfAttention(
  g: GraphBuilder,
  linears: Linears,
  h: Value,
  w: AttentionWeights,
  enc: EncoderInputs,
  d: Dims,
  queriesFrom: { start: Value; positions: Positions } | null,
): Value {
  return g.scope('layer.0', () => {
    const n = g.rmsNorm(h, g.weight('layer_norm.weight', w.layerNorm, d.D, []), d.eps, 'layer_norm');
    let q: Value;
    let k: Value;
    let v: Value;
    let residual = h;
    let qCos = enc.ropeCos;
    let qSin = enc.ropeSin;
    if (queriesFrom) {
      [k, v] = linears(n, [w.k, w.v], 'kv');
      const end = [Number.MAX_SAFE_INTEGER];
      q = g.linear(g.slice(n, queriesFrom.start, end, [1]), w.q, 'q');
      residual = g.slice(h, queriesFrom.start, end, [1]);
      qCos = queriesFrom.positions.ropeCos;
      qSin = queriesFrom.positions.ropeSin;
    } else {
      [q, k, v] = linears(n, [w.q, w.k, w.v], 'qkv');
    }
    const qh = g.rope(g.splitHeads(q, d.H, d.dk), qCos, qSin, d.dk);
    const kh = g.rope(g.splitHeads(k, d.H, d.dk), enc.ropeCos, enc.ropeSin, d.dk);
    const vh = g.splitHeads(v, d.H, d.dk);
    const att = g.attention(qh, kh, vh, { mask: enc.timeMask });
    return g.add(residual, g.linear(g.mergeHeads(att, d.H, d.dk), w.o, 'o'));
  });
}

/**
 * GroupSelfAttention: at each time step, each series attends to the series of its group.
 * Singleton groups: the softmax over one valid key is 1, so the result is the series' own value;
 * packed groups run real attention inside [groups, group_size]. Where every key of the group is
 * masked, upstream's softmax over a row of float32-min scores is uniform over the whole batch,
 * i.e. the batch mean of the values at that time step; both paths reproduce that. Every series goes
 * through exactly one path (single_index / pack_index), so the cost stays linear in the batch.
 */
function groupSelfAttention(
  g: GraphBuilder,
  linears: Linears,
  h: Value,
  w: AttentionWeights,
  enc: Positions,
  d: Dims,
  opts: { fuseValueOutput: boolean; exactMaskedRows: boolean },
): Value {
  return g.scope('layer.1', () => {
    const n = g.rmsNorm(h, g.weight('layer_norm.weight', w.layerNorm, d.D, []), d.eps, 'layer_norm');
    const wo = g.weight('o.weight', w.o.weight, d.D, [d.inner]);
    // Attention weights sum to one and o() is linear, so o(Σ aᵢ·vᵢ) with a single key is o(v(x)):
    // one GEMM with the product Wo·Wv (folded by onnxruntime at session creation) replaces two.
    const wv = g.weight('v.weight', w.v.weight, d.inner, [d.D]);
    const wov = opts.fuseValueOutput ? g.matmul(wo, wv) : null;
    const ov = (x: Value, name: string) =>
      wov ? g.linearWith(x, wov, null, name) : g.linearWith(g.linearWith(x, wv, null, `${name}.v`), wo, null, `${name}.o`);
    // Rows whose group has every key masked get o(batch mean of v) = (batch mean of n)·(Wo·Wv)ᵀ.
    // Only masked positions have such rows, and a masked position's state never reaches the output
    // (it is masked as a key everywhere and the head reads future positions), so the production
    // graph skips this; the debug graph reproduces upstream's states at every position.
    const meanU = opts.exactMaskedRows ? ov(g.reduceMean(n, [0], true), 'ov_mean') : null; // [1, S, D]
    const sn = g.gather(n, enc.singleIndex, 0); // [Bs, S, D]
    const singleOut = ov(sn, 'ov');
    const single = meanU ? g.where(g.gather(enc.tokenValid, enc.singleIndex, 0), singleOut, meanU) : singleOut;

    const pn = g.gather(n, enc.packIndex, 0); // [P, S, D]
    const [q, k, v] = linears(pn, [w.q, w.k, w.v], 'qkv');
    const seq = g.dim(h, 1);
    const shape5 = g.concat([g.constI64([-1]), g.dim(enc.packMask, 4), seq, g.constI64([d.H, d.dk])], 0);
    const q5 = g.transpose(g.reshape(q, shape5), [0, 2, 3, 1, 4]); // [G, S, H, M, dk]
    const k5 = g.transpose(g.reshape(k, shape5), [0, 2, 3, 1, 4]);
    const v5 = g.transpose(g.reshape(v, shape5), [0, 2, 3, 1, 4]);
    const att = g.attention(q5, k5, v5, { mask: enc.packMask, rank: 5 }); // [G, S, H, M, dk]
    const packedShape = g.concat([g.constI64([-1]), seq, g.constI64([d.inner])], 0);
    const packedOut = g.linearWith(g.reshape(g.transpose(att, [0, 3, 1, 2, 4]), packedShape), wo, null, 'o'); // [P, S, D]
    const packed = meanU ? g.where(enc.packValid, packedOut, meanU) : packedOut;

    return g.add(h, g.gather(g.concat([single, packed], 0), enc.selectIndex, 0)); // [B, S, D]
  });
}
