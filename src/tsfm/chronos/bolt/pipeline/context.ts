/**
 * Turns the inputs upstream's `ChronosBoltPipeline` accepts into one float32 [batch, T] matrix:
 * a 1-d series (one row), a list of 1-d series of any lengths (left-padded with NaN to the
 * longest, as `left_pad_and_stack_1D`), or equal-length rows that are already NaN-left-padded
 * (a 2-d tensor). Upstream casts the float64 inputs to float32 before the model sees them.
 */
import { EContractEmpty, EContractInvalidType, EContractNonFinite } from '../../../../errors/index.js';

/** One series: NaN (or null in plain arrays) marks a missing value. */
export type BoltSeries = ArrayLike<number | null>;

/** A single series, or a batch of series (ragged lengths are left-padded with NaN). */
export type BoltContextInput = BoltSeries | readonly BoltSeries[];

export interface BoltContextMatrix {
  batch: number;
  length: number;
  /** [batch, length] row-major. */
  data: Float32Array;
}

function isSeries(x: unknown): x is BoltSeries {
  if (ArrayBuffer.isView(x)) return !(x instanceof DataView || x instanceof BigInt64Array || x instanceof BigUint64Array);
  return Array.isArray(x) && x.every((v) => v === null || typeof v === 'number');
}

/** Splits the input into its rows, rejecting anything that is not a series or a list of series. */
export function contextRows(input: BoltContextInput): BoltSeries[] {
  if (isSeries(input)) return [input];
  if (Array.isArray(input) && input.every(isSeries)) return input as BoltSeries[];
  throw new EContractInvalidType('Chronos-Bolt context must be a series (array of numbers) or a list of series', {
    context: { got: describe(input) },
    fixHint: 'Pass number[] / Float32Array / Float64Array for one series, or an array of them for a batch; use NaN for missing values.',
  });
}

function describe(x: unknown): string {
  if (Array.isArray(x)) return `array(${x.length}) of ${[...new Set(x.map((v) => (Array.isArray(v) ? 'array' : typeof v)))].join('/')}`;
  return typeof x;
}

/** Left-pads every row with NaN to the longest and stacks them into float32. */
export function leftPadAndStack(input: BoltContextInput): BoltContextMatrix {
  const rows = contextRows(input);
  if (rows.length === 0) throw new EContractEmpty('Chronos-Bolt context is an empty list of series');
  const length = rows.reduce((m, r) => Math.max(m, r.length), 0);
  if (length === 0) throw new EContractEmpty('Every Chronos-Bolt context series is empty', { context: { batch: rows.length } });
  const data = new Float32Array(rows.length * length).fill(NaN);
  rows.forEach((row, b) => {
    const offset = b * length + (length - row.length);
    for (let t = 0; t < row.length; t++) {
      const v = row[t];
      if (v === null || Number.isNaN(v)) continue;
      if (!Number.isFinite(v)) {
        throw new EContractNonFinite(`Chronos-Bolt context series ${b} has a non-finite value at index ${t}`, {
          context: { series: b, index: t, value: String(v) },
        });
      }
      data[offset + t] = v;
    }
  });
  return { batch: rows.length, length, data };
}

/** Keeps the last `maxLength` steps of every row (upstream truncates to the model's context_length). */
export function truncateLeft(m: BoltContextMatrix, maxLength: number): BoltContextMatrix {
  if (m.length <= maxLength) return m;
  const data = new Float32Array(m.batch * maxLength);
  for (let b = 0; b < m.batch; b++) {
    data.set(m.data.subarray((b + 1) * m.length - maxLength, (b + 1) * m.length), b * maxLength);
  }
  return { batch: m.batch, length: maxLength, data };
}
