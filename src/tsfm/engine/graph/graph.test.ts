import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import onnxProto from 'onnx-proto';
import { EngineSession, type Feeds } from '../runtime.js';
import { GraphBuilder, packLinear, relativePositionBuckets, ropeTables, transposeMatrix, type Value } from './index.js';

/** Deterministic pseudo-random numbers in [-1, 1). */
function rand(n: number, seed = 1): Float32Array {
  let s = seed >>> 0 || 1;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 31 - 1;
  }
  return out;
}

/** Runs a graph once; outputs typed as Float32Array (cast int64 outputs where a test has them). */
async function run(g: GraphBuilder, feeds: Feeds): Promise<Record<string, Float32Array>> {
  const session = await EngineSession.create(g.serialize(), { intraOpNumThreads: 1 });
  try {
    const out = await session.run(feeds);
    return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, v.data as Float32Array]));
  } finally {
    await session.release();
  }
}

function expectClose(got: ArrayLike<number>, want: ArrayLike<number>, tol = 1e-5) {
  expect(got.length).toBe(want.length);
  let worst = 0;
  for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(got[i] - want[i]) / (1 + Math.abs(want[i])));
  expect(worst).toBeLessThanOrEqual(tol);
}

const f32 = (data: Float32Array, dims: number[]) => ({ type: 'float32' as const, data, dims });

describe('GraphBuilder ops against plain-JS references', () => {
  it('linear (PyTorch layout + bias) and packLinear, with a dynamic batch dim', async () => {
    const [inF, outA, outB] = [5, 3, 4];
    const a = { weight: rand(outA * inF, 2), bias: rand(outA, 3), inFeatures: inF, outFeatures: outA };
    const b = { weight: rand(outB * inF, 4), bias: null, inFeatures: inF, outFeatures: outB };
    const g = new GraphBuilder();
    const x = g.input('x', 'float32', ['batch', inF]);
    g.output(g.linear(x, a, 'a'), 'ya');
    g.output(g.linear(x, packLinear([a, b]), 'ab'), 'yab');
    const bytes = g.serialize();
    const session = await EngineSession.create(bytes);
    for (const batch of [1, 3]) {
      const xs = rand(batch * inF, 5 + batch);
      const out = await session.run({ x: f32(xs, [batch, inF]) });
      const ref = (l: typeof a | typeof b, row: number, o: number) => {
        let s = l.bias ? l.bias[o] : 0;
        for (let i = 0; i < inF; i++) s += xs[row * inF + i] * l.weight[o * inF + i];
        return s;
      };
      const wantA: number[] = [];
      const wantAB: number[] = [];
      for (let r = 0; r < batch; r++) {
        for (let o = 0; o < outA; o++) wantA.push(ref(a, r, o));
        for (let o = 0; o < outA; o++) wantAB.push(ref(a, r, o));
        for (let o = 0; o < outB; o++) wantAB.push(ref(b, r, o));
      }
      expect(out.ya.dims).toEqual([batch, outA]);
      expectClose(out.ya.data as Float32Array, wantA);
      expectClose(out.yab.data as Float32Array, wantAB);
    }
    await session.release();
    await session.release(); // idempotent
  });

  it('transposeMatrix', () => {
    const m = Float32Array.from({ length: 70 * 33 }, (_, i) => i);
    const t = transposeMatrix(m, 70, 33);
    for (const [r, c] of [
      [0, 0],
      [69, 32],
      [40, 7],
      [3, 31],
    ])
      expect(t[c * 70 + r]).toBe(m[r * 33 + c]);
  });

  it('elementwise math, activations and broadcasting', async () => {
    const n = 12;
    const xs = Float32Array.from(rand(n, 9), (v) => v * 4);
    const g = new GraphBuilder();
    const x = g.input('x', 'float32', [3, 4]);
    const row = g.constF32([1, 2, 3, 4], [1, 4]);
    g.output(g.div(g.sub(g.mul(g.add(x, row), 2), 1), 3), 'arith');
    g.output(g.asinh(x), 'asinh');
    g.output(g.sinh(x), 'sinh');
    g.output(g.relu(x), 'relu');
    g.output(g.silu(x), 'silu');
    g.output(g.gelu(x), 'gelu');
    g.output(g.geluTanh(x), 'gelu_tanh');
    g.output(g.softplus(x), 'softplus');
    g.output(g.where(g.greater(x, 0), x, g.neg(x)), 'absw');
    g.output(g.max(x, 0.5), 'max');
    const out = await run(g, { x: f32(xs, [3, 4]) });
    const erf = (z: number) => {
      // Abramowitz–Stegun 7.1.26 is too coarse; use a series/continued-fraction-free high-precision form.
      const t = 1 / (1 + 0.5 * Math.abs(z));
      const y =
        1 -
        t *
          Math.exp(
            -z * z -
              1.26551223 +
              t *
                (1.00002368 +
                  t *
                    (0.37409196 +
                      t *
                        (0.09678418 +
                          t *
                            (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
          );
      return z >= 0 ? y : -y;
    };
    const ref = (fn: (v: number, i: number) => number) => Array.from(xs, fn);
    expectClose(
      out.arith,
      ref((v, i) => ((v + ((i % 4) + 1)) * 2 - 1) / 3),
    );
    expectClose(out.asinh, ref(Math.asinh));
    expectClose(out.sinh, ref(Math.sinh));
    expectClose(
      out.relu,
      ref((v) => Math.max(v, 0)),
    );
    expectClose(
      out.silu,
      ref((v) => v / (1 + Math.exp(-v))),
    );
    expectClose(
      out.gelu,
      ref((v) => 0.5 * v * (1 + erf(v / Math.SQRT2))),
      1e-6 * 10,
    );
    expectClose(
      out.gelu_tanh,
      ref((v) => 0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v ** 3)))),
    );
    expectClose(
      out.softplus,
      ref((v) => Math.log1p(Math.exp(v))),
    );
    expectClose(out.absw, ref(Math.abs));
    expectClose(
      out.max,
      ref((v) => Math.max(v, 0.5)),
    );
  });

  it('rmsNorm (T5) and layerNorm', async () => {
    const [rows, d] = [3, 8];
    const xs = rand(rows * d, 11);
    const w = rand(d, 12);
    const bias = rand(d, 13);
    const g = new GraphBuilder();
    const x = g.input('x', 'float32', ['rows', d]);
    g.output(g.rmsNorm(x, w, 1e-6), 'rms');
    g.output(g.layerNorm(x, w, bias, 1e-5), 'ln');
    const out = await run(g, { x: f32(xs, [rows, d]) });
    const rms: number[] = [];
    const ln: number[] = [];
    for (let r = 0; r < rows; r++) {
      const v = Array.from(xs.subarray(r * d, (r + 1) * d));
      const ms = v.reduce((a, b) => a + b * b, 0) / d;
      const mean = v.reduce((a, b) => a + b, 0) / d;
      const variance = v.reduce((a, b) => a + (b - mean) ** 2, 0) / d;
      v.forEach((e, i) => rms.push((e / Math.sqrt(ms + 1e-6)) * w[i]));
      v.forEach((e, i) => ln.push(((e - mean) / Math.sqrt(variance + 1e-5)) * w[i] + bias[i]));
    }
    expectClose(out.rms, rms);
    expectClose(out.ln, ln);
  });

  it('attention with an additive mask; a fully masked row gets uniform weights', async () => {
    const [B, H, S, D] = [2, 2, 3, 4];
    const q = rand(B * H * S * D, 21);
    const k = rand(B * H * S * D, 22);
    const v = rand(B * H * S * D, 23);
    const MIN = -3.4028234663852886e38;
    // mask [B, 1, S, S]: batch 0 masks key 2 everywhere; batch 1 masks every key of query row 1.
    const mask = new Float32Array(B * S * S);
    for (let i = 0; i < S; i++) mask[i * S + 2] = MIN;
    for (let j = 0; j < S; j++) mask[S * S + 1 * S + j] = MIN;
    const g = new GraphBuilder();
    const qv = g.input('q', 'float32', ['b', H, 's', D]);
    const kv = g.input('k', 'float32', ['b', H, 's', D]);
    const vv = g.input('v', 'float32', ['b', H, 's', D]);
    const m = g.input('mask', 'float32', ['b', 1, 's', 's']);
    g.output(g.attention(qv, kv, vv, { mask: m }), 'out');
    g.output(g.attention(qv, kv, vv, { scale: 0.5 }), 'scaled');
    const dims = [B, H, S, D];
    const out = await run(g, { q: f32(q, dims), k: f32(k, dims), v: f32(v, dims), mask: f32(mask, [B, 1, S, S]) });
    const ref = (useMask: boolean, scale: number) => {
      const res: number[] = [];
      for (let b = 0; b < B; b++)
        for (let h = 0; h < H; h++)
          for (let i = 0; i < S; i++) {
            const base = (b * H + h) * S;
            const s = Array.from({ length: S }, (_, j) => {
              let dot = 0;
              for (let d = 0; d < D; d++) dot += q[(base + i) * D + d] * k[(base + j) * D + d];
              // float32 addition of the mask: dot + MIN rounds to MIN for small dots.
              return useMask ? Math.fround(Math.fround(dot * scale) + mask[b * S * S + i * S + j]) : dot * scale;
            });
            const mx = Math.max(...s);
            const e = s.map((x) => Math.exp(x - mx));
            const z = e.reduce((a, c) => a + c, 0);
            for (let d = 0; d < D; d++) res.push(e.reduce((a, c, j) => a + (c / z) * v[(base + j) * D + d], 0));
          }
      return res;
    };
    const want = ref(true, 1);
    expectClose(out.out, want);
    expectClose(out.scaled, ref(false, 0.5));
    // batch 1, query 1 is fully masked → mean of v over the keys.
    for (let h = 0; h < H; h++) {
      const base = (1 * H + h) * S;
      for (let d = 0; d < D; d++) {
        const mean = (v[base * D + d] + v[(base + 1) * D + d] + v[(base + 2) * D + d]) / 3;
        expect(out.out[(base + 1) * D + d]).toBeCloseTo(mean, 5);
      }
    }
  });

  it('rope matches x·cos + rotate_half(x)·sin', async () => {
    const [B, H, S, D] = [1, 2, 5, 8];
    const xs = rand(B * H * S * D, 31);
    const positions = [0, 1, 2, 3, 4];
    const { cos, sin } = ropeTables(positions, D, 10000);
    const g = new GraphBuilder();
    const x = g.input('x', 'float32', [B, H, 's', D]);
    const c = g.input('cos', 'float32', ['s', D]);
    const s = g.input('sin', 'float32', ['s', D]);
    g.output(g.rope(x, c, s, D), 'y');
    const out = await run(g, { x: f32(xs, [B, H, S, D]), cos: f32(cos, [S, D]), sin: f32(sin, [S, D]) });
    const want: number[] = [];
    for (let h = 0; h < H; h++)
      for (let p = 0; p < S; p++)
        for (let d = 0; d < D; d++) {
          const i = d % (D / 2);
          const angle = p * Math.pow(10000, -(2 * i) / D);
          const row = (h * S + p) * D;
          const rot = d < D / 2 ? -xs[row + d + D / 2] : xs[row + d - D / 2];
          want.push(xs[row + d] * Math.cos(angle) + rot * Math.sin(angle));
        }
    expectClose(out.y, want, 1e-5);
  });

  it('shape ops: reshape, transpose, gather, concat, slice, unsqueeze/squeeze, expand, reductions', async () => {
    const xs = Float32Array.from({ length: 24 }, (_, i) => i);
    const g = new GraphBuilder();
    const x = g.input('x', 'float32', [2, 3, 4]);
    g.output(g.transpose(g.reshape(x, [0, -1, 2]), [1, 0, 2]), 'rt'); // [6, 2, 2]
    g.output(g.gather(x, g.constI64([2, 0]), 1), 'gather'); // [2, 2, 4]
    g.output(g.concat([g.slice(x, [1], [3], [2]), g.slice(x, [-1], [4], [2])], 2), 'slice'); // [2,3,3]
    g.output(g.squeeze(g.unsqueeze(x, [0]), [0]), 'sq');
    g.output(g.expand(g.slice(x, [0], [1], [0]), [3, 3, 4]), 'expand');
    g.output(g.reduceSum(x, [2], false), 'sum');
    g.output(g.reduceMean(x, [0, 2]), 'mean');
    g.output(g.reduceMax(x, [1], false), 'rmax');
    g.output(g.cast(g.dim(x, 2), 'float32'), 'dim');
    const out = await run(g, { x: f32(xs, [2, 3, 4]) });
    const at = (b: number, i: number, j: number) => b * 12 + i * 4 + j;
    // reshape to [2, 6, 2], transpose → [6, 2, 2]: rt[r][b][c] = x_flat[b*12 + r*2 + c]
    const rt: number[] = [];
    for (let r = 0; r < 6; r++) for (let b = 0; b < 2; b++) for (let c = 0; c < 2; c++) rt.push(b * 12 + r * 2 + c);
    expect([...out.rt]).toEqual(rt);
    const gather: number[] = [];
    for (let b = 0; b < 2; b++) for (const i of [2, 0]) for (let j = 0; j < 4; j++) gather.push(at(b, i, j));
    expect([...out.gather]).toEqual(gather);
    const sl: number[] = [];
    for (let b = 0; b < 2; b++) for (let i = 0; i < 3; i++) for (const j of [1, 2, 3]) sl.push(at(b, i, j));
    expect([...out.slice]).toEqual(sl);
    expect([...out.sq]).toEqual([...xs]);
    expect([...out.expand]).toEqual([...xs.subarray(0, 12), ...xs.subarray(0, 12), ...xs.subarray(0, 12)]);
    const sum: number[] = [];
    for (let b = 0; b < 2; b++) for (let i = 0; i < 3; i++) sum.push([0, 1, 2, 3].reduce((a, j) => a + at(b, i, j), 0));
    expect([...out.sum]).toEqual(sum);
    expect([...out.mean]).toEqual(
      [0, 1, 2].map((i) => [0, 1].reduce((a, b) => a + [0, 1, 2, 3].reduce((s, j) => s + at(b, i, j), 0), 0) / 8),
    );
    const rmax: number[] = [];
    for (let b = 0; b < 2; b++) for (let j = 0; j < 4; j++) rmax.push(at(b, 2, j));
    expect([...out.rmax]).toEqual(rmax);
    expect([...out.dim]).toEqual([4]);
  });

  it('T5 relative position buckets match PyTorch (graph and plain TS), and the bias gathers them', async () => {
    const ref = JSON.parse(readFileSync(new URL('./testdata/t5-buckets.json', import.meta.url), 'utf8')) as Record<string, number[]>;
    const configs: Array<[string, boolean, number, number]> = [
      ['bi32_128', true, 32, 128],
      ['uni32_128', false, 32, 128],
      ['bi64_256', true, 64, 256],
    ];
    const rel = Array.from({ length: 601 }, (_, i) => i - 300);
    const g = new GraphBuilder();
    const r = g.input('rel', 'int64', [601]);
    for (const [name, bi, nb, md] of configs) g.output(g.relativePositionBucket(r, bi, nb, md), name);
    // bias: table [numBuckets=32, heads=2] for q=3, k=5
    const table = rand(64, 41);
    const qLen = g.input('qlen', 'int64', []);
    const kLen = g.input('klen', 'int64', []);
    g.output(g.relativePositionBias(table, 2, qLen, kLen, { bidirectional: true, numBuckets: 32, maxDistance: 128 }), 'bias');
    const out = await run(g, {
      rel: { type: 'int64', data: BigInt64Array.from(rel.map(BigInt)), dims: [601] },
      qlen: { type: 'int64', data: BigInt64Array.from([3n]), dims: [] },
      klen: { type: 'int64', data: BigInt64Array.from([5n]), dims: [] },
    });
    for (const [name, bi, nb, md] of configs) {
      expect(Array.from(out[name] as unknown as BigInt64Array, Number)).toEqual(ref[name]);
      const buckets = relativePositionBuckets(1, 601, bi, nb, md); // query 0, keys 0..600 → rel 0..600
      expect(Array.from(buckets.subarray(0, 301))).toEqual(ref[name].slice(300));
    }
    const buckets = relativePositionBuckets(3, 5, true, 32, 128);
    const bias = out.bias;
    for (let h = 0; h < 2; h++)
      for (let q = 0; q < 3; q++) for (let k = 0; k < 5; k++) expect(bias[(h * 3 + q) * 5 + k]).toBe(table[buckets[q * 5 + k] * 2 + h]);
  });

  it('serialises a valid ModelProto with opset 17 and symbolic dims', () => {
    const g = new GraphBuilder({ name: 'tiny' });
    const x: Value = g.input('x', 'float32', ['batch', 4]);
    g.output(g.relu(x), 'y');
    const m = onnxProto.onnx.ModelProto.decode(g.serialize());
    expect(Number(m.opsetImport[0].version)).toBe(17);
    expect(m.graph?.input?.[0].type?.tensorType?.shape?.dim?.[0].dimParam).toBe('batch');
    expect(m.graph?.node?.map((n) => n.opType)).toEqual(['Relu', 'Identity']);
  });
});
