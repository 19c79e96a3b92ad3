/**
 * Moirai 2.0's network as an ONNX graph, following upstream `Moirai2Module.forward` after the
 * scaler (uni2ts `model/moirai2/module.py`, `module/transformer.py`, `module/attention.py`):
 *   in_proj residual block (SiLU) on [scaled target | observed] patches,
 *   num_layers pre-norm encoder layers (RMSNorm, eps 1e-5) of
 *     grouped-query self-attention with per-head q/k RMSNorm, a binary variate attention bias
 *     (`emb[var_q == var_k]`), the packed causal mask (same sample AND time_k ≤ time_q, −inf),
 *     interleaved-pair RoPE on time_id over the first half of each head, softmax scale 1/√64,
 *   and a SwiGLU feed-forward (fc2(silu(fc_gate(x)) · fc1(x))),
 * the final RMSNorm and the out_proj residual block (num_predict_token · quantiles · patch outputs).
 *
 * The scaler (PackedStdScaler, float64) and the de-scaling run in TypeScript (scaler.ts), as
 * upstream computes them outside float32.
 *
 * Graph inputs (dims dynamic):
 *   tokens [batch, seq, 2·patch]   scaled target | observed mask (float)
 *   sample_id, time_id, variate_id [batch, seq] int64
 *   rope_cos, rope_sin [positions, rope_width]   tables indexed by time_id (rope.ts)
 *   read_index [reads] int64   the positions whose output is wanted (same for every row)
 * Output: preds_scaled [batch, reads, num_predict_token·quantiles·patch], in scaled space.
 *
 * Only the read positions feed the head, so the last layer computes queries, the feed-forward and
 * the head at those positions alone; every position is still a key/value there.
 */
import { GraphBuilder, packLinear, type LinearWeights, type Value } from '../../engine/graph/index.js';
import { residualBlock } from '../../engine/graph/residualBlock.js';
import { MOIRAI2_HEAD_DIM, moirai2Heads, type Moirai2Config } from '../config.js';
import type { Moirai2LayerWeights, Moirai2Weights } from './weights.js';

/** RMSNorm epsilon of every norm in the module (uni2ts `RMSNorm` default). */
const EPS = 1e-5;

/** Width of the rotated part of each head: partial_factor (0, 0.5) of 64. */
export const MOIRAI2_ROPE_WIDTH = MOIRAI2_HEAD_DIM / 2;

interface Shared {
  /** [batch, 1, seq, seq] additive: 0 where attention is allowed, −inf elsewhere. */
  mask: Value;
  /** [batch, 1, seq, seq] bool: query and key belong to the same variate. */
  sameVariate: Value;
  /** [batch, 1, seq, rope_width]. */
  cos: Value;
  sin: Value;
}

export interface Moirai2GraphOptions {
  /**
   * Run projections that share an input as one GEMM (Q/K/V; fc_gate/fc1), stacked by onnxruntime
   * when the session is created. Default false: measured no faster at these sizes (CPU time, 1 thread).
   */
  packProjections?: boolean;
}

export function buildMoirai2Graph(config: Moirai2Config, w: Moirai2Weights, options: Moirai2GraphOptions = {}): GraphBuilder {
  const ps = config.patch_size;
  const pack = options.packProjections ?? false;
  const H = moirai2Heads(config);
  const g = new GraphBuilder({ name: 'moirai2' });
  const tokens = g.input('tokens', 'float32', ['batch', 'seq', 2 * ps]);
  const sampleId = g.input('sample_id', 'int64', ['batch', 'seq']);
  const timeId = g.input('time_id', 'int64', ['batch', 'seq']);
  const variateId = g.input('variate_id', 'int64', ['batch', 'seq']);
  const ropeCos = g.input('rope_cos', 'float32', ['positions', MOIRAI2_ROPE_WIDTH]);
  const ropeSin = g.input('rope_sin', 'float32', ['positions', MOIRAI2_ROPE_WIDTH]);
  const readIndex = g.input('read_index', 'int64', ['reads']);

  // [batch, q, k] comparisons of the per-token ids, shared by every layer.
  const q3 = (x: Value) => g.unsqueeze(x, [2]);
  const k3 = (x: Value) => g.unsqueeze(x, [1]);
  const allowed = g.and(g.equal(q3(sampleId), k3(sampleId)), g.not(g.greater(k3(timeId), q3(timeId))));
  const shared: Shared = {
    mask: g.unsqueeze(g.where(allowed, 0, -Infinity), [1]),
    sameVariate: g.unsqueeze(g.equal(q3(variateId), k3(variateId)), [1]),
    cos: g.unsqueeze(g.gather(ropeCos, timeId, 0), [1]),
    sin: g.unsqueeze(g.gather(ropeSin, timeId, 0), [1]),
  };
  // The same, restricted to the read positions as queries (last layer).
  const readQ: Shared = {
    mask: g.gather(shared.mask, readIndex, 2),
    sameVariate: g.gather(shared.sameVariate, readIndex, 2),
    cos: g.gather(shared.cos, readIndex, 2),
    sin: g.gather(shared.sin, readIndex, 2),
  };

  let x = g.scope('in_proj', () => residualBlock(g, tokens, w.inProj, 'silu', { stack: false }));
  w.layers.forEach((layer, i) => {
    const last = i === w.layers.length - 1;
    x = g.scope(`encoder.layers.${i}`, () =>
      encoderLayer(g, x, layer, H, shared, last ? { index: readIndex, positions: readQ } : null, pack),
    );
  });
  const normed = g.rmsNorm(x, w.finalNorm, EPS, 'encoder.norm');
  const preds = g.scope('out_proj', () => residualBlock(g, normed, w.outProj, 'silu', { stack: false }));
  g.output(preds, 'preds_scaled');
  return g;
}

/** x + attn(norm1(x)), then + ffn(norm2(x)); with `queries`, only those positions are computed and returned. */
function encoderLayer(
  g: GraphBuilder,
  x: Value,
  w: Moirai2LayerWeights,
  H: number,
  all: Shared,
  queries: { index: Value; positions: Shared } | null,
  pack: boolean,
): Value {
  const d = MOIRAI2_HEAD_DIM;
  /** Linear layers sharing an input: one stacked GEMM split after, or one GEMM each. */
  const linears = (x: Value, layers: LinearWeights[], names: string[]): Value[] =>
    pack && layers.length > 1
      ? g.split(
          g.linear(x, packLinear(layers), names.join('+')),
          layers.map((l) => l.outFeatures),
          -1,
        )
      : layers.map((l, i) => g.linear(x, l, names[i]));
  const n = g.rmsNorm(x, w.norm1, EPS, 'norm1');
  const qIn = queries ? g.gather(n, queries.index, 1) : n;
  const residual = queries ? g.gather(x, queries.index, 1) : x;
  const qPos = queries ? queries.positions : all;
  const attn = g.scope('self_attn', () => {
    // In the last layer only the read positions are queries, so Q has its own (smaller) GEMM there.
    const [qLin, kLin, vLin] = queries
      ? [g.linear(qIn, w.q, 'q_proj'), ...linears(n, [w.k, w.v], ['k_proj', 'v_proj'])]
      : linears(n, [w.q, w.k, w.v], ['q_proj', 'k_proj', 'v_proj']);
    const q = g.rmsNorm(g.splitHeads(qLin, H, d), w.qNorm, EPS, 'q_norm');
    const k = g.rmsNorm(g.splitHeads(kLin, H, d), w.kNorm, EPS, 'k_norm');
    const v = g.splitHeads(vLin, H, d);
    const table = g.constF32(w.varAttnBias, [2, H]);
    const perHead = (row: number) => g.reshape(g.slice(table, [row], [row + 1], [0]), [1, H, 1, 1]);
    // BinaryAttentionBias, then masked_fill(~mask, −inf); no row is fully masked (a token always sees itself).
    const bias = g.add(g.where(qPos.sameVariate, perHead(1), perHead(0)), qPos.mask);
    const att = g.attention(ropeHalf(g, q, qPos), ropeHalf(g, k, all), v, { mask: bias, scale: 1 / Math.sqrt(d) });
    return g.linear(g.mergeHeads(att, H, d), w.out, 'out_proj');
  });
  const h = g.add(residual, attn);
  return g.scope('ffn', () => {
    const m = g.rmsNorm(h, w.norm2, EPS, 'norm2');
    const [gate, up] = linears(m, [w.fcGate, w.fc1], ['fc_gate', 'fc1']);
    const gated = g.mul(g.silu(gate), up);
    return g.add(h, g.linear(gated, w.fc2, 'fc2'));
  });
}

/**
 * uni2ts `RotaryProjection` on the first MOIRAI2_ROPE_WIDTH dims of each head (the rest pass
 * through): pairs (2i, 2i+1) rotate together, out = x·cos + rotate(x)·sin with
 * rotate(x)[2i] = −x[2i+1], rotate(x)[2i+1] = x[2i]; cos/sin repeat each frequency twice.
 */
function ropeHalf(g: GraphBuilder, x: Value, pos: Shared): Value {
  const r = MOIRAI2_ROPE_WIDTH;
  const [rot, pass] = g.split(x, [r, MOIRAI2_HEAD_DIM - r], -1);
  const pairs = g.reshape(rot, [0, 0, 0, r / 2, 2]);
  const [even, odd] = g.split(pairs, [1, 1], -1);
  const rotated = g.reshape(g.concat([g.neg(odd), even], -1), [0, 0, 0, r]);
  const out = g.add(g.mul(rot, pos.cos), g.mul(rotated, pos.sin));
  return g.concat([out, pass], -1);
}
