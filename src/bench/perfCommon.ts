/**
 * Pieces every TSFM performance benchmark shares: the anchor's input series, onnxruntime's own
 * MatMul rate at a GEMM shape (the "peak" a model's GFLOP/s is compared with), peak-RSS probes and
 * a seeded Gaussian for random real-size checkpoints.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { GraphBuilder } from '../tsfm/engine/graph/index.js';
import { EngineSession } from '../tsfm/engine/runtime.js';

export interface RateOptions {
  threads: number;
  spin: boolean;
  prepack: boolean;
}

/** Level + trend + two sinusoids + noise, like the anchor's inputs. */
export function makeBatch(batch: number, length: number): Float32Array {
  const out = new Float32Array(batch * length);
  let s = 7;
  const rnd = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296 - 0.5;
  };
  for (let b = 0; b < batch; b++) {
    const level = 10 + b;
    const period = 12 + (b % 7) * 4;
    for (let t = 0; t < length; t++) {
      out[b * length + t] = level + 0.01 * t + 3 * Math.sin((2 * Math.PI * t) / period) + Math.sin((2 * Math.PI * t) / 7) + 0.5 * rnd();
    }
  }
  return out;
}

/** onnxruntime's own rate for x[M,K] · W[N,K]ᵀ (FusedMatMul transB, the op the model uses). */
export async function matmulRate(m: number, k: number, n: number, args: RateOptions): Promise<number> {
  const g = new GraphBuilder();
  const x = g.input('x', 'float32', ['m', k]);
  const w = new Float32Array(n * k);
  for (let i = 0; i < w.length; i++) w[i] = ((i * 2654435761) % 1000) / 1000 - 0.5;
  g.output(g.linear(x, { weight: w, inFeatures: k, outFeatures: n }), 'y');
  const s = await EngineSession.create(g.serialize(), { intraOpNumThreads: args.threads, allowSpinning: args.spin, prepackWeights: args.prepack });
  const xs = new Float32Array(m * k).fill(0.5);
  const feeds = { x: { type: 'float32' as const, data: xs, dims: [m, k] } };
  await s.run(feeds);
  const times: number[] = [];
  const start = performance.now();
  while (times.length < 3 || (performance.now() - start < 1500 && times.length < 20)) {
    const t = performance.now();
    await s.run(feeds);
    times.push(performance.now() - t);
  }
  await s.release();
  times.sort((a, b) => a - b);
  return (2 * m * k * n) / (times[0] / 1000) / 1e9;
}

export function resetPeakRss(): void {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
  } catch {
    // not Linux or not permitted: peak covers the whole process
  }
}

export function peakRssMb(): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    if (m) return Number(m[1]) / 1024;
  } catch {
    // fall through
  }
  return process.resourceUsage().maxRSS / 1024;
}

/** xorshift32 + Box–Muller: N(0, 1) fast enough for hundreds of millions of values. */
export function gaussian(seed: number): () => number {
  let s = seed;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    const u = ((s >>> 0) + 1) / 4294967297;
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    const v = ((s >>> 0) + 1) / 4294967297;
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
}
