/**
 * What every TSFM performance family shares: the anchor's input series, onnxruntime's own MatMul
 * rate at a GEMM shape (the "peak" a model's GFLOP/s is compared with), peak-RSS probes, the timed
 * call loop and the records a child process reports.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { GraphBuilder } from '../../src/tsfm/engine/graph/index.js';
import { EngineSession } from '../../src/tsfm/engine/runtime.js';
import type { CheckpointLoadTimings } from '../../src/tsfm/engine/checkpoint.js';

export interface RateOptions {
  threads: number;
  spin: boolean;
  prepack: boolean;
}

/** Level + trend + two sinusoids + noise, like the anchor's inputs: batch rows of `length`, flat. */
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

/** The same series as `makeBatch`, one array per series (views of one buffer). */
export function makeSeries(batch: number, length: number): Float32Array[] {
  const flat = makeBatch(batch, length);
  return Array.from({ length: batch }, (_, b) => flat.subarray(b * length, (b + 1) * length));
}

/** onnxruntime's own rate for x[M,K] · W[N,K]ᵀ (FusedMatMul transB, the op the models use). */
export async function matmulRate(m: number, k: number, n: number, args: RateOptions): Promise<number> {
  const g = new GraphBuilder();
  const x = g.input('x', 'float32', ['m', k]);
  const w = new Float32Array(n * k);
  for (let i = 0; i < w.length; i++) w[i] = ((i * 2654435761) % 1000) / 1000 - 0.5;
  g.output(g.linear(x, { weight: w, inFeatures: k, outFeatures: n }), 'y');
  const s = await EngineSession.create(g.serialize(), {
    intraOpNumThreads: args.threads,
    allowSpinning: args.spin,
    prepackWeights: args.prepack,
  });
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

/** One GEMM shape of a forward pass, `count` times. */
export interface Gemm {
  m: number;
  k: number;
  n: number;
  count: number;
}

/** FLOPs of one call as the implementation computes it, and its GEMMs (for the MatMul peak). */
export interface CallFlops {
  total: number;
  gemm: Gemm[];
}

/** One cell (context × batch) as a child process measured it. */
export interface CellRecord {
  context: number;
  batch: number;
  /** Median wall time of the timed calls. */
  msPerCall: number;
  /** Median process CPU time per call (all threads): on a loaded machine, wall ≥ cpu / threads. */
  cpuMsPerCall: number;
  seriesPerSec: number;
  calls: number;
  peakRssMb: number;
  /** Achieved GFLOP/s and onnxruntime's MatMul rate at the call's GEMM shapes, when the family counts FLOPs. */
  gflops?: number;
  matmulPeakGflops?: number;
  efficiency?: number;
}

/** What a benchmark child process prints on stdout (one JSON document). */
export interface ChildReport {
  loadMs: number;
  timings: CheckpointLoadTimings;
  afterLoadRss: number;
  weightBytes: number;
  results: CellRecord[];
}

/**
 * Times `call`: one warm-up, then up to 10 calls within about 10 s (at least 3; 2 or 1 when the
 * warm-up alone took over 20 or 60 s). Returns the median wall and CPU milliseconds.
 */
export async function timeCalls(call: () => Promise<unknown>): Promise<{ msPerCall: number; cpuMsPerCall: number; calls: number }> {
  const tw = performance.now();
  await call();
  const warm = performance.now() - tw;
  const wall: number[] = [];
  const cpu: number[] = [];
  const maxCalls = warm > 60_000 ? 1 : warm > 20_000 ? 2 : 10;
  const start = performance.now();
  while (wall.length < maxCalls && (wall.length < 3 || performance.now() - start < 10_000)) {
    const c0 = process.cpuUsage();
    const t = performance.now();
    await call();
    wall.push(performance.now() - t);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  const median = (x: number[]) => x.sort((a, b) => a - b)[Math.floor(x.length / 2)] ?? warm;
  return { msPerCall: median(wall), cpuMsPerCall: median(cpu), calls: wall.length };
}

/** GFLOP/s of a call and onnxruntime's MatMul rate at its GEMM shapes (M capped for speed). */
export async function flopRates(
  flops: CallFlops,
  msPerCall: number,
  rate: RateOptions,
): Promise<{ gflops: number; matmulPeakGflops: number; efficiency: number }> {
  let gemmSeconds = 0;
  let gemmFlops = 0;
  for (const g of flops.gemm) {
    if (g.m * g.k * g.n < 1e6) continue; // tiny GEMMs: negligible share, noisy to time
    const r = await matmulRate(Math.min(g.m, 8192), g.k, g.n, rate);
    const f = 2 * g.m * g.k * g.n * g.count;
    gemmFlops += f;
    gemmSeconds += f / (r * 1e9);
  }
  const peak = gemmFlops / gemmSeconds / 1e9;
  const achieved = flops.total / (msPerCall / 1000) / 1e9;
  return { gflops: achieved, matmulPeakGflops: peak, efficiency: achieved / peak };
}
