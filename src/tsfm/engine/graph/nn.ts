/**
 * Neural-network building blocks on top of the tensor ops: linear layers from PyTorch-layout
 * weights, T5 RMS norm and layer norm, activations by Hugging Face name, multi-head attention with
 * an additive mask, rotary position embeddings and T5 relative position bias.
 */
import type { ExternalTensorRef, Value } from './builder.js';
import { TensorOps } from './ops.js';
import { relativePositionBucketFloat32Consts } from './relativePosition.js';

/**
 * Weight data: values in memory, a float32 tensor left in a file (onnxruntime reads it), or
 * row blocks stacked along the first axis (a packed layer whose parts stay where they are; the
 * Concat of constants is folded by onnxruntime when the session is created).
 */
export type WeightSource = Float32Array | ExternalTensorRef | { rows: Array<{ source: Float32Array | ExternalTensorRef; rows: number }> };

/** A PyTorch `nn.Linear`: weight [outFeatures, inFeatures] row-major, optional bias [outFeatures]. */
export interface LinearWeights {
  weight: WeightSource;
  bias?: WeightSource | null;
  inFeatures: number;
  outFeatures: number;
}

/**
 * Concatenates linear layers with the same input along their outputs (e.g. Q, K, V → one GEMM).
 * In-memory weights are concatenated here; external ones are stacked in the graph.
 */
export function packLinear(layers: LinearWeights[]): LinearWeights {
  const inFeatures = layers[0].inFeatures;
  if (layers.some((l) => l.inFeatures !== inFeatures)) throw new Error('packLinear: layers differ in inFeatures');
  const outFeatures = layers.reduce((a, l) => a + l.outFeatures, 0);
  const anyBias = layers.some((l) => l.bias);
  const allInMemory = layers.every((l) => l.weight instanceof Float32Array && (!l.bias || l.bias instanceof Float32Array));
  if (!allInMemory) {
    const rowsOf = (pick: (l: LinearWeights) => WeightSource | null | undefined, width: number) => ({
      rows: layers.flatMap((l) => flattenRows(pick(l) ?? new Float32Array(l.outFeatures * width), l.outFeatures)),
    });
    return { weight: rowsOf((l) => l.weight, inFeatures), bias: anyBias ? rowsOf((l) => l.bias, 1) : null, inFeatures, outFeatures };
  }
  // PyTorch layout is [out, in] row-major, so stacking along `out` is plain concatenation.
  const weight = new Float32Array(outFeatures * inFeatures);
  let off = 0;
  for (const l of layers) {
    weight.set(l.weight as Float32Array, off);
    off += l.outFeatures * inFeatures;
  }
  let bias: Float32Array | null = null;
  if (anyBias) {
    bias = new Float32Array(outFeatures);
    let b = 0;
    for (const l of layers) {
      if (l.bias) bias.set(l.bias as Float32Array, b);
      b += l.outFeatures;
    }
  }
  return { weight, bias, inFeatures, outFeatures };
}

function flattenRows(source: WeightSource, rows: number): Array<{ source: Float32Array | ExternalTensorRef; rows: number }> {
  if ('rows' in source && Array.isArray(source.rows)) return source.rows;
  return [{ source: source as Float32Array | ExternalTensorRef, rows }];
}

/** [rows, cols] row-major → [cols, rows], in cache-friendly blocks. */
export function transposeMatrix(src: Float32Array, rows: number, cols: number): Float32Array {
  const dst = new Float32Array(rows * cols);
  const B = 32;
  for (let r0 = 0; r0 < rows; r0 += B) {
    const r1 = Math.min(r0 + B, rows);
    for (let c0 = 0; c0 < cols; c0 += B) {
      const c1 = Math.min(c0 + B, cols);
      for (let r = r0; r < r1; r++) {
        const rowOff = r * cols;
        for (let c = c0; c < c1; c++) dst[c * rows + r] = src[rowOff + c];
      }
    }
  }
  return dst;
}

export type ActivationName = 'relu' | 'gelu' | 'gelu_new' | 'gelu_pytorch_tanh' | 'silu' | 'swish' | 'tanh' | 'sigmoid';

export interface AttentionOptions {
  /** Additive mask broadcastable to the scores [..., Sq, Sk] (0 = keep, large negative = drop). */
  mask?: Value | null;
  /** Multiplier of q·kᵀ. Default 1 (Chronos/T5 do not scale); pass 1/√d for standard attention. */
  scale?: number;
  /** Rank of q/k/v (default 4: [batch, heads, seq, d]). */
  rank?: number;
}

export class GraphBuilder extends TensorOps {
  /**
   * A weight tensor of shape [rows, ...rest] from any WeightSource (stacked parts become a Concat
   * of constants, which onnxruntime folds once at session creation).
   */
  weight(name: string, source: WeightSource, rows: number, rest: number[]): Value {
    if (source instanceof Float32Array || !('rows' in source))
      return this.initializer(name, source as Float32Array | ExternalTensorRef, [rows, ...rest]);
    const parts = source.rows.map((p, i) => this.initializer(`${name}.${i}`, p.source, [p.rows, ...rest]));
    return this.concat(parts, 0);
  }

  /**
   * y = x·Wᵀ + b for a PyTorch-layout weight [out, in], without transposing it: onnxruntime's
   * FusedMatMul (transB) pre-packs the constant weight for its GEMM once, like a plain MatMul.
   */
  linear(x: Value, w: LinearWeights, name = 'linear'): Value {
    if (w.weight instanceof Float32Array && w.weight.length !== w.inFeatures * w.outFeatures) {
      throw new Error(`linear ${name}: weight has ${w.weight.length} values, expected ${w.outFeatures}x${w.inFeatures}`);
    }
    const wv = this.weight(`${name}.weight`, w.weight, w.outFeatures, [w.inFeatures]);
    return this.linearWith(x, wv, w.bias ? this.weight(`${name}.bias`, w.bias, w.outFeatures, []) : null, name);
  }

  /** y = x·Wᵀ (+ b) for a weight already in the graph, [out, in] (e.g. a product of two constant weights). */
  linearWith(x: Value, weight: Value, bias: Value | null = null, name = 'linear'): Value {
    const y = this.op('FusedMatMul', [x, weight], { transB: 1 }, { name, domain: 'com.microsoft' });
    return bias ? this.add(y, bias) : y;
  }

  /** Activation by its Hugging Face `ACT2FN` name. */
  activation(x: Value, name: ActivationName | string): Value {
    switch (name) {
      case 'relu':
        return this.relu(x);
      case 'gelu':
        return this.gelu(x);
      case 'gelu_new':
      case 'gelu_pytorch_tanh':
        return this.geluTanh(x);
      case 'silu':
      case 'swish':
        return this.silu(x);
      case 'tanh':
        return this.tanh(x);
      case 'sigmoid':
        return this.sigmoid(x);
      default:
        throw new Error(`unsupported activation ${name}`);
    }
  }

  /**
   * T5-style RMS norm: x / sqrt(mean(x², last axis) + eps) · weight (no mean subtraction, no bias).
   * Written as the Pow→ReduceMean→Add→Sqrt→Div→Mul pattern that onnxruntime fuses into its
   * SimplifiedLayerNormalization kernel.
   */
  rmsNorm(x: Value, weight: Float32Array | Value, eps: number, name = 'rms_norm'): Value {
    const w = weight instanceof Float32Array ? this.initializer(`${name}.weight`, weight, [weight.length]) : weight;
    const variance = this.reduceMean(this.pow(x, 2), [-1], true);
    const normed = this.div(x, this.sqrt(this.add(variance, eps)));
    return this.mul(normed, w);
  }

  /** Standard layer norm over the last axis (ONNX LayerNormalization, opset 17). */
  layerNorm(x: Value, weight: Float32Array, bias: Float32Array | null, eps: number, name = 'layer_norm'): Value {
    const w = this.initializer(`${name}.weight`, weight, [weight.length]);
    const b = bias ? this.initializer(`${name}.bias`, bias, [bias.length]) : null;
    return this.op('LayerNormalization', [x, w, b], { axis: -1, epsilon: { float: eps } }, { name });
  }

  /** [B, S, H·d] → [B, H, S, d]. */
  splitHeads(x: Value, heads: number, headDim: number): Value {
    return this.transpose(this.reshape(x, [0, 0, heads, headDim]), [0, 2, 1, 3]);
  }

  /** [B, H, S, d] → [B, S, H·d]. */
  mergeHeads(x: Value, heads: number, headDim: number): Value {
    return this.reshape(this.transpose(x, [0, 2, 1, 3]), [0, 0, heads * headDim]);
  }

  /**
   * softmax(scale·q·kᵀ + mask)·v over the last two axes. With a finite large negative mask value
   * (e.g. float32 min, as Chronos uses), a row whose keys are all masked gets uniform weights, as in
   * PyTorch eager attention.
   */
  attention(q: Value, k: Value, v: Value, options: AttentionOptions = {}): Value {
    const rank = options.rank ?? 4;
    const perm = [...Array(rank).keys()];
    perm[rank - 2] = rank - 1;
    perm[rank - 1] = rank - 2;
    let scores = this.matmul(q, this.transpose(k, perm));
    if (options.scale !== undefined && options.scale !== 1) scores = this.mul(scores, options.scale);
    if (options.mask) scores = this.add(scores, options.mask);
    return this.matmul(this.softmax(scores, -1), v);
  }

  /**
   * Rotary position embedding, half-split convention (Llama / Chronos-2 `rotate_half`):
   * x·cos + rotate_half(x)·sin with rotate_half(x) = [−x₂, x₁]. cos/sin broadcast against x
   * ([S, d] or [B, 1, S, d] for x [B, H, S, d]); see `ropeTables` to compute them.
   */
  rope(x: Value, cos: Value, sin: Value, headDim: number): Value {
    const half = headDim / 2;
    const [x1, x2] = this.split(x, [half, half], -1);
    const rotated = this.concat([this.neg(x2), x1], -1);
    return this.add(this.mul(x, cos), this.mul(rotated, sin));
  }

  /**
   * T5 relative position buckets in the graph: `relativePosition` is an int64 tensor of
   * key_position − query_position. Mirrors `relativePositionBucket` in relativePosition.ts,
   * including its float32 log arithmetic, so bucket boundaries match PyTorch.
   */
  relativePositionBucket(relativePosition: Value, bidirectional: boolean, numBuckets: number, maxDistance: number): Value {
    const c = relativePositionBucketFloat32Consts(bidirectional, numBuckets, maxDistance);
    let rel = relativePosition;
    let offset: Value | null = null;
    if (bidirectional) {
      offset = this.mul(this.cast(this.greater(rel, this.scalarI64(0)), 'int64'), this.scalarI64(c.numBuckets));
      rel = this.abs(rel);
    } else {
      rel = this.neg(this.min(rel, this.scalarI64(0)));
    }
    const isSmall = this.less(rel, this.scalarI64(c.maxExact));
    const relF = this.cast(rel, 'float32');
    // Same operation order as PyTorch: log(rel / max_exact) / log(max_distance / max_exact) * (nb − max_exact)
    const scaled = this.mul(this.div(this.log(this.div(relF, c.maxExact)), c.logRatio), c.numBuckets - c.maxExact);
    // Cast float→int64 truncates toward zero like torch's .to(long); log(0) = -inf only on small
    // positions, which `where` discards (the cast of -inf is unused).
    const large = this.min(
      this.add(this.cast(this.max(scaled, -1), 'int64'), this.scalarI64(c.maxExact)),
      this.scalarI64(c.numBuckets - 1),
    );
    const bucket = this.where(isSmall, rel, large);
    return offset ? this.add(bucket, offset) : bucket;
  }

  /**
   * T5 relative attention bias [1, heads, qLen, kLen] from the embedding table
   * (`relative_attention_bias.weight`, [numBuckets, heads]); qLen/kLen are int64 scalars from the graph
   * (e.g. `g.squeeze(g.dim(x, 1), [0])`), so the sequence length stays dynamic.
   */
  relativePositionBias(
    table: Float32Array,
    heads: number,
    qLen: Value,
    kLen: Value,
    options: { bidirectional: boolean; numBuckets: number; maxDistance: number; name?: string },
  ): Value {
    const zero = this.scalarI64(0);
    const one = this.scalarI64(1);
    const qPos = this.unsqueeze(this.range(zero, qLen, one), [1]); // [q, 1]
    const kPos = this.unsqueeze(this.range(zero, kLen, one), [0]); // [1, k]
    const buckets = this.relativePositionBucket(this.sub(kPos, qPos), options.bidirectional, options.numBuckets, options.maxDistance);
    const t = this.initializer(options.name ?? 'relative_attention_bias.weight', table, [options.numBuckets, heads]);
    const bias = this.gather(t, buckets, 0); // [q, k, heads]
    return this.unsqueeze(this.transpose(bias, [2, 0, 1]), [0]);
  }
}
