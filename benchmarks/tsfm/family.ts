/**
 * What one TSFM family brings to the performance benchmark (`perf.ts`): its real-size checkpoint
 * with random weights, how to load it, the call a cell times, its FLOP count, and the upstream
 * PyTorch anchor it is compared with (shared/reference/pytorch-anchor.md). The driver does the rest
 * (child processes, load variants, timing, the table) the same way for every family.
 */
import type { CheckpointLoadTimings } from '../../src/tsfm/engine/checkpoint.js';
import type { RandomCheckpoint } from '../../src/tsfm/engine/randomCheckpoint.js';
import type { CallFlops } from './common.js';

export interface PerfLoadOptions {
  threads: number;
  weights: 'external' | 'memory';
  prepack: boolean;
  spin: boolean;
  cacheDir?: string | undefined;
}

/** The loader options every family takes, from the benchmark's. */
export function loadOptionsOf(o: PerfLoadOptions): {
  intraOpNumThreads: number;
  weights: 'external' | 'memory';
  prepackWeights: boolean;
  allowSpinning: boolean;
  graphCacheDir?: string;
} {
  return {
    intraOpNumThreads: o.threads,
    weights: o.weights,
    prepackWeights: o.prepack,
    allowSpinning: o.spin,
    ...(o.cacheDir ? { graphCacheDir: o.cacheDir } : {}),
  };
}

/** One cell's call, ready to time, and its FLOPs when the family counts them. */
export interface PerfCell {
  call(): Promise<unknown>;
  flops?: CallFlops | undefined;
}

export interface LoadedPerfModel {
  readonly timings: CheckpointLoadTimings;
  readonly weightBytes: number;
  cell(context: number, batch: number): PerfCell;
  dispose(): Promise<void>;
}

/** Upstream PyTorch series/s for a cell, at 2 and 1 threads, or the better of both; peak RSS. */
export interface AnchorCell {
  thr2?: number;
  thr1?: number;
  best?: number;
  rssMb?: number;
}

export interface PerfFamily {
  readonly name: string;
  /** The real size, for the report's first line, e.g. "Chronos-2 real size (d_model 768, …)". */
  readonly title: string;
  /** What the anchor is, e.g. "PyTorch defaults". */
  readonly anchorNote: string;
  readonly anchorLoadS: number;
  /** Anchor cells keyed `${context}x${batch}`. */
  readonly anchor: Readonly<Record<string, AnchorCell>>;
  /** Also measure a cold load with prepacking off (weights memory-mapped). */
  readonly coldLoadWithoutPrepack?: boolean;
  writeCheckpoint(dir: string): RandomCheckpoint;
  load(dir: string, options: PerfLoadOptions): Promise<LoadedPerfModel>;
  /** A reason to skip a cell unless `--all` is given (minutes per call on 2 cores). */
  skip?(context: number, batch: number): string | undefined;
}

/** The anchor figure a cell is compared with: batch 1 against 1 thread (upstream is slower with 2 there). */
export function anchorSeriesPerSec(a: AnchorCell | undefined, batch: number): number | undefined {
  if (!a) return undefined;
  if (a.best !== undefined) return a.best;
  return batch === 1 && a.thr1 !== undefined ? a.thr1 : a.thr2;
}

export const HORIZON = 64;
