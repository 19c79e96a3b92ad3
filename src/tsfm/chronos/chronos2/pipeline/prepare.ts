/**
 * The O(batch × length) parts of `Chronos2Model.forward` that run in TypeScript around the ONNX
 * graph: instance normalisation (+ arcsinh), patching with time encoding and mask channels, the
 * future patches (known covariates), the attention masks, RoPE tables, the packing of group
 * attention, and the inverse transform of the quantile head's output.
 *
 * Arithmetic follows upstream's float32 steps: every elementwise result PyTorch keeps in float32 is
 * rounded with Math.fround here, reductions accumulate in float64 (PyTorch accumulates in wider
 * precision too), so the prepared tensors agree with upstream to a few ulps.
 */
import type { Feeds } from '../../../engine/runtime.js';
import { ropeTables } from '../../../engine/graph/index.js';
import type { Chronos2Config } from '../config.js';
import type { Chronos2ForwardInput } from '../types.js';

/** torch.finfo(torch.float32).min, the value upstream adds to masked attention scores. */
export const FLOAT32_MIN = -3.4028234663852886e38;
/** InstanceNorm's replacement for a zero scale. */
const INSTANCE_NORM_EPS = 1e-5;

const f = Math.fround;

export interface Chronos2Prepared {
  feeds: Feeds;
  batch: number;
  numContextPatches: number;
  numOutputPatches: number;
  seqLen: number;
  loc: Float32Array;
  scale: Float32Array;
  /** [batch, numContextPatches]: 1 where the patch has at least one observed value. */
  patchAttentionMask: Uint8Array;
  /** [batch, numContextPatches, 3·patch]: [time encoding | normalised values | mask] (for debugging). */
  contextPatches: Float32Array;
}

/** Upstream InstanceNorm statistics of one row: nanmean, population std of non-NaN values. */
export function instanceNormStats(row: Float32Array): { loc: number; scale: number } {
  let sum = 0;
  let n = 0;
  for (let i = 0; i < row.length; i++) {
    const v = row[i];
    if (!Number.isNaN(v)) {
      sum += v;
      n++;
    }
  }
  if (n === 0) return { loc: 0, scale: 1 }; // nan_to_num(nanmean) → 0, nan_to_num(std) → 1
  const loc = f(sum / n);
  let sq = 0;
  for (let i = 0; i < row.length; i++) {
    const v = row[i];
    if (!Number.isNaN(v)) {
      const d = f(v - loc);
      sq += f(d * d);
    }
  }
  let scale = f(Math.sqrt(f(sq / n)));
  if (scale === 0) scale = f(INSTANCE_NORM_EPS);
  return { loc, scale };
}

function normalise(v: number, loc: number, scale: number, arcsinh: boolean): number {
  const z = f(f(v - loc) / scale);
  return arcsinh ? f(Math.asinh(z)) : z;
}

export function prepareChronos2Inputs(input: Chronos2ForwardInput, config: Chronos2Config): Chronos2Prepared {
  const cc = config.chronos_config;
  const P = cc.input_patch_size;
  const OP = cc.output_patch_size;
  const arcsinh = cc.use_arcsinh;
  const timeScale = cc.time_encoding_scale ?? cc.context_length;
  const { batch: B, numOutputPatches: F } = input;
  const T = input.contextLength;
  // Long contexts keep their last `context_length` steps, as upstream truncates.
  const start = T > cc.context_length ? T - cc.context_length : 0;
  const Tc = T - start;
  const N = Math.max(1, Math.ceil(Tc / P));
  const pad = N * P - Tc;
  const reg = cc.use_reg_token ? 1 : 0;
  const S = N + reg + F;
  const W = 3 * P;

  const loc = new Float32Array(B);
  const scale = new Float32Array(B);
  const ctx = new Float32Array(B * N * W);
  const patchMask = new Uint8Array(B * N);
  const timeEnc = new Float32Array(N * P);
  for (let k = 0; k < N * P; k++) timeEnc[k] = f((k - N * P) / timeScale);

  for (let b = 0; b < B; b++) {
    const row = input.context.subarray(b * T + start, (b + 1) * T);
    const st = instanceNormStats(row);
    loc[b] = st.loc;
    scale[b] = st.scale;
    for (let n = 0; n < N; n++) {
      const base = (b * N + n) * W;
      let any = 0;
      for (let j = 0; j < P; j++) {
        const k = n * P + j;
        ctx[base + j] = timeEnc[k];
        const idx = k - pad;
        const v = idx >= 0 ? row[idx] : NaN;
        if (!Number.isNaN(v)) {
          ctx[base + P + j] = normalise(v, st.loc, st.scale, arcsinh);
          ctx[base + 2 * P + j] = 1;
          any = 1;
        }
      }
      patchMask[b * N + n] = any;
    }
  }

  const fut = new Float32Array(B * F * W);
  for (let b = 0; b < B; b++) {
    for (let n = 0; n < F; n++) {
      const base = (b * F + n) * W;
      for (let j = 0; j < OP; j++) {
        const k = n * OP + j;
        fut[base + j] = f(k / timeScale);
        const c = input.futureCovariates ? input.futureCovariates[b * F * OP + k] : NaN;
        if (!Number.isNaN(c)) {
          fut[base + OP + j] = normalise(c, loc[b], scale[b], arcsinh);
          fut[base + 2 * OP + j] = 1;
        }
      }
    }
  }

  // Token validity over the full sequence [context patches | REG | future patches].
  const valid = new Uint8Array(B * S).fill(1);
  const timeMask = new Float32Array(B * S);
  for (let b = 0; b < B; b++) {
    for (let n = 0; n < N; n++) {
      if (!patchMask[b * N + n]) {
        valid[b * S + n] = 0;
        timeMask[b * S + n] = FLOAT32_MIN;
      }
    }
  }

  const positions = Array.from({ length: S }, (_, i) => i);
  const { cos, sin } = ropeTables(positions, config.d_kv, config.rope_theta);
  const pack = packGroups(input.groupIds, B, S, valid);

  const feeds: Feeds = {
    context_patches: { type: 'float32', data: ctx, dims: [B, N, W] },
    future_patches: { type: 'float32', data: fut, dims: [B, F, W] },
    time_mask: { type: 'float32', data: timeMask, dims: [B, 1, 1, S] },
    token_valid: { type: 'bool', data: valid, dims: [B, S, 1] },
    rope_cos: { type: 'float32', data: cos, dims: [S, config.d_kv] },
    rope_sin: { type: 'float32', data: sin, dims: [S, config.d_kv] },
    pack_index: { type: 'int64', data: pack.packIndex, dims: [pack.groups * pack.groupSize] },
    pack_mask: { type: 'float32', data: pack.packMask, dims: [pack.groups, S, 1, 1, pack.groupSize] },
    pack_valid: { type: 'bool', data: pack.packValid, dims: [pack.groups * pack.groupSize, S, 1] },
    single_index: { type: 'int64', data: pack.singleIndex, dims: [pack.singleIndex.length] },
    select_index: { type: 'int64', data: pack.selectIndex, dims: [B] },
  };
  return {
    feeds,
    batch: B,
    numContextPatches: N,
    numOutputPatches: F,
    seqLen: S,
    loc,
    scale,
    patchAttentionMask: patchMask,
    contextPatches: ctx,
  };
}

export interface GroupPacking {
  groups: number;
  groupSize: number;
  /** [groups·groupSize] batch row of each packed slot (padding slots point at row 0, masked). */
  packIndex: BigInt64Array;
  /** [groups, seq, 1, 1, groupSize] additive key mask of the packed group attention. */
  packMask: Float32Array;
  /** [groups·groupSize, seq] 1 where the slot's group has at least one valid key at that time. */
  packValid: Uint8Array;
  /** Batch rows of the series alone in their group. */
  singleIndex: BigInt64Array;
  /** [batch] row of concat(singleton rows, packed slots) that holds each series' result. */
  selectIndex: BigInt64Array;
}

/**
 * Group attention runs across series only within a group. Series alone in their group need no
 * scores at all (attention over one key returns its value); groups with two or more members are
 * packed into [groups, maxGroupSize] slots with a key mask, so the cost is linear in the batch
 * size instead of upstream's batch × batch score matrix. Each series goes through exactly one of
 * the two paths; a path with no series runs on empty tensors.
 */
export function packGroups(groupIds: Int32Array, batch: number, seqLen: number, valid: Uint8Array): GroupPacking {
  const members = new Map<number, number[]>();
  for (let b = 0; b < batch; b++) {
    const id = groupIds[b];
    let list = members.get(id);
    if (!list) members.set(id, (list = []));
    list.push(b);
  }
  const multi = [...members.values()].filter((m) => m.length > 1);
  const singles = [...members.values()].filter((m) => m.length === 1).map((m) => m[0]);
  const selectIndex = new BigInt64Array(batch);
  singles.forEach((b, i) => (selectIndex[b] = BigInt(i)));
  const singleIndex = BigInt64Array.from(singles, BigInt);
  const packedBase = singleIndex.length;
  if (multi.length === 0) {
    // No group with two members: the packed path runs on zero rows (onnxruntime handles empty tensors).
    return {
      groups: 0,
      groupSize: 1,
      packIndex: new BigInt64Array(0),
      packMask: new Float32Array(0),
      packValid: new Uint8Array(0),
      singleIndex,
      selectIndex,
    };
  }
  const G = multi.length;
  const M = Math.max(...multi.map((m) => m.length));
  const S = seqLen;
  const packIndex = new BigInt64Array(G * M);
  const packMask = new Float32Array(G * S * M).fill(FLOAT32_MIN);
  const packValid = new Uint8Array(G * M * S);
  for (let g = 0; g < G; g++) {
    const rows = multi[g];
    for (let m = 0; m < rows.length; m++) {
      const b = rows[m];
      packIndex[g * M + m] = BigInt(b);
      selectIndex[b] = BigInt(packedBase + g * M + m);
      for (let t = 0; t < S; t++) if (valid[b * S + t]) packMask[(g * S + t) * M + m] = 0;
    }
    for (let t = 0; t < S; t++) {
      let any = 0;
      for (let m = 0; m < rows.length; m++) any |= valid[rows[m] * S + t];
      for (let m = 0; m < M; m++) packValid[(g * M + m) * S + t] = any;
    }
  }
  return { groups: G, groupSize: M, packIndex, packMask, packValid, singleIndex, selectIndex };
}

/**
 * [batch, numOutputPatches, numQuantiles·patch] normalised head output → de-normalised
 * [batch, numQuantiles, numOutputPatches·patch] (sinh when arcsinh is used, then ·scale + loc).
 */
export function inverseTransform(
  head: Float32Array,
  prepared: Pick<Chronos2Prepared, 'batch' | 'numOutputPatches' | 'loc' | 'scale'>,
  config: Chronos2Config,
): { quantilePreds: Float32Array; normalized: Float32Array } {
  const cc = config.chronos_config;
  const Q = cc.quantiles.length;
  const P = cc.output_patch_size;
  const { batch: B, numOutputPatches: F } = prepared;
  const H = F * P;
  const out = new Float32Array(B * Q * H);
  const normalized = new Float32Array(B * Q * H);
  for (let b = 0; b < B; b++) {
    const loc = prepared.loc[b];
    const scale = prepared.scale[b];
    for (let n = 0; n < F; n++) {
      const src = (b * F + n) * Q * P;
      for (let q = 0; q < Q; q++) {
        for (let p = 0; p < P; p++) {
          const x = head[src + q * P + p];
          const dst = (b * Q + q) * H + n * P + p;
          normalized[dst] = x;
          const y = cc.use_arcsinh ? f(Math.sinh(x)) : x;
          out[dst] = f(f(y * scale) + loc);
        }
      }
    }
  }
  return { quantilePreds: out, normalized };
}
