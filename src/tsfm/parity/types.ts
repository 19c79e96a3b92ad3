/**
 * Types of the parity runner: a case file (`*.cases.json`, see the fixtures README) names a model
 * family; the family knows how to load the checkpoint, replay a case through our code, read the
 * stored outputs, and how much error each element may have.
 */
import type { EngineOptions } from '../engine/options.js';

/** The common top level of every case file; families read their own extra fields. */
export interface ParityCaseFile {
  readonly family: string;
  readonly checkpoint_dir: string;
  readonly tolerance: { readonly abs: number; readonly rel: number; readonly [k: string]: unknown };
  readonly cases: readonly ParityCase[];
  readonly [k: string]: unknown;
}

export interface ParityCase {
  readonly name: string;
  readonly level: string;
  readonly [k: string]: unknown;
}

/** One output array: row-major data and its shape. */
export interface ParityArray {
  readonly shape: readonly number[];
  readonly data: ArrayLike<number>;
}

/** An output key holds one array, or one array per input item (Chronos-2's ragged lists). */
export type ParityOutput = ParityArray | readonly ParityArray[];

/** Where an element sits: the item (`part`, null for a single array) and its flat index in that array. */
export interface ElementRef {
  readonly key: string;
  readonly part: number | null;
  readonly index: number;
  /** The shape of the array the element belongs to. */
  readonly shape: readonly number[];
}

/** Allowed |got − want| for one element. */
export type ToleranceFn = (ref: ElementRef, want: number) => number;

/** A loaded checkpoint ready to replay cases. */
export interface ParitySession {
  /** Our outputs for the case, keyed like the case's stored outputs. */
  runCase(c: ParityCase): Promise<Record<string, ParityOutput>>;
  dispose(): Promise<void>;
}

export interface ParityFamily {
  /** Equals the case file's `family`. */
  readonly family: string;
  open(checkpointDir: string, options: EngineOptions): Promise<ParitySession>;
  /** The stored outputs of a case, in the same form `runCase` returns. */
  expected(c: ParityCase): Record<string, ParityOutput>;
  /** The pass rule of the file for one case. */
  tolerance(file: ParityCaseFile, c: ParityCase): ToleranceFn;
  /**
   * For cases that record an upstream error instead of outputs: whether the error `runCase` threw
   * is the same rejection (kind and stage). When it returns true the case passes; `expected` is not
   * consulted for such a case.
   */
  acceptsError?(c: ParityCase, error: unknown): boolean;
}

export interface OutputResult {
  readonly key: string;
  readonly shapeOk: boolean;
  readonly wantShape: readonly (readonly number[])[];
  readonly gotShape: readonly (readonly number[])[];
  /** max |got − want|; Infinity when shapes differ or we produced NaN where a number was stored. */
  readonly maxAbsErr: number;
  /** max over elements of |got − want| / allowed; ≤ 1 passes. */
  readonly worstRatio: number;
  /** The allowed error at the element with the worst ratio. */
  readonly allowedAtWorst: number;
}

export interface CaseResult {
  readonly name: string;
  readonly level: string;
  readonly pass: boolean;
  readonly maxAbsErr: number;
  readonly worstRatio: number;
  readonly allowedAtWorst: number;
  readonly outputs: readonly OutputResult[];
  /** Set when replaying the case threw. */
  readonly error?: { readonly code?: string; readonly message: string };
  readonly ms: number;
}

export interface ParityReport {
  readonly file: string;
  readonly family: string;
  readonly checkpointDir: string;
  readonly cases: readonly CaseResult[];
  readonly passed: number;
  readonly failed: number;
  readonly pass: boolean;
  readonly loadMs: number;
}
