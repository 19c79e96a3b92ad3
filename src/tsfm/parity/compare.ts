/**
 * Elementwise comparison of produced and stored outputs under a family's tolerance function, and
 * helpers to read stored nested lists.
 */
import { EParityFileInvalid } from '../../errors/index.js';
import type { CaseResult, OutputResult, ParityArray, ParityCase, ParityOutput, ToleranceFn } from './types.js';

export type Nested = number | null | readonly Nested[];

/** Flattens nested lists row-major; `null` → NaN. */
export function flattenNested(x: Nested, out: number[] = []): number[] {
  if (Array.isArray(x)) for (const v of x) flattenNested(v as Nested, out);
  else out.push(x === null ? Number.NaN : (x as number));
  return out;
}

/** The shape of a rectangular nested list. */
export function nestedShape(x: Nested): number[] {
  const shape: number[] = [];
  let cur: Nested = x;
  while (Array.isArray(cur)) {
    shape.push(cur.length);
    cur = cur.length > 0 ? (cur as readonly Nested[])[0] : null;
  }
  return shape;
}

/** A stored nested list as a flat array of the given shape; a size mismatch is a typed error naming `where`. */
export function nestedArray(value: Nested, shape: readonly number[], where: string): ParityArray {
  const data = flattenNested(value);
  const size = shape.reduce((a, b) => a * b, 1);
  if (data.length !== size) {
    throw new EParityFileInvalid(`Stored output ${where} has ${data.length} values but shape [${shape.join(', ')}].`, {
      context: { where, shape },
    });
  }
  return { shape, data: Float64Array.from(data) };
}

/** Population standard deviation (ddof 0) of the non-null values; 0 with fewer than 2. */
export function populationStd(series: ReadonlyArray<number | null>): number {
  let n = 0;
  let sum = 0;
  for (const v of series) {
    if (v === null || Number.isNaN(v)) continue;
    n++;
    sum += v;
  }
  if (n < 2) return 0;
  const mean = sum / n;
  let ss = 0;
  for (const v of series) if (v !== null && !Number.isNaN(v)) ss += (v - mean) ** 2;
  return Math.sqrt(ss / n);
}

/** Compares every output key the case stores; produced keys that are not stored are ignored. */
export function compareOutputs(
  expected: Record<string, ParityOutput>,
  produced: Record<string, ParityOutput>,
  tolerance: ToleranceFn,
): OutputResult[] {
  return Object.entries(expected).map(([key, want]) => compareOutput(key, want, produced[key], tolerance));
}

function asParts(x: ParityOutput | undefined): { parts: readonly ParityArray[]; single: boolean } | undefined {
  if (x === undefined) return undefined;
  return Array.isArray(x) ? { parts: x as readonly ParityArray[], single: false } : { parts: [x as ParityArray], single: true };
}

function compareOutput(key: string, wantOut: ParityOutput, gotOut: ParityOutput | undefined, tolerance: ToleranceFn): OutputResult {
  const want = asParts(wantOut)!;
  const got = asParts(gotOut);
  const wantShape = want.parts.map((p) => [...p.shape]);
  const gotShape = got ? got.parts.map((p) => [...p.shape]) : [];
  const shapeOk =
    got !== undefined &&
    got.single === want.single &&
    got.parts.length === want.parts.length &&
    want.parts.every((w, i) => sameShape(w.shape, got.parts[i].shape) && got.parts[i].data.length === w.data.length);
  if (!shapeOk) return { key, shapeOk, wantShape, gotShape, maxAbsErr: Infinity, worstRatio: Infinity, allowedAtWorst: Number.NaN };

  let maxAbsErr = 0;
  let worstRatio = 0;
  let allowedAtWorst = Number.NaN;
  let first = true;
  want.parts.forEach((w, p) => {
    const g = got!.parts[p];
    for (let i = 0; i < w.data.length; i++) {
      const wv = w.data[i];
      const gv = g.data[i];
      const diff = Number.isNaN(wv) && Number.isNaN(gv) ? 0 : Math.abs(gv - wv);
      const err = Number.isNaN(diff) ? Infinity : diff;
      const allowed = tolerance({ key, part: want.single ? null : p, index: i, shape: w.shape }, wv);
      const ratio = err === 0 ? 0 : allowed > 0 ? err / allowed : Infinity;
      if (err > maxAbsErr) maxAbsErr = err;
      if (first || ratio > worstRatio) {
        worstRatio = ratio;
        allowedAtWorst = allowed;
        first = false;
      }
    }
  });
  return { key, shapeOk, wantShape, gotShape, maxAbsErr, worstRatio, allowedAtWorst };
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** Folds per-output results into the case result. */
export function summariseCase(c: ParityCase, outputs: OutputResult[], ms: number): CaseResult {
  const maxAbsErr = outputs.reduce((m, o) => Math.max(m, o.maxAbsErr), 0);
  const worst = outputs.reduce<OutputResult | undefined>((w, o) => (w === undefined || o.worstRatio > w.worstRatio ? o : w), undefined);
  const worstRatio = worst?.worstRatio ?? Infinity;
  const allowedAtWorst = worst?.allowedAtWorst ?? Number.NaN;
  const pass = outputs.length > 0 && outputs.every((o) => o.shapeOk && o.worstRatio <= 1);
  return { name: c.name, level: c.level, pass, maxAbsErr, worstRatio, allowedAtWorst, outputs, ms };
}
