/**
 * Groups prepared items into model batches the way upstream's `Chronos2Dataset` does in test mode:
 * items are taken in order until the batch holds at least `batchSize` rows (targets and covariates
 * all count), each item keeps only its last `contextLength` steps, rows are left-padded with NaN to
 * the longest row of the batch, and the rows of item k get group id k (its position in the batch).
 */
import type { PreparedItem } from './inputs.js';

export interface ModelBatch {
  /** Number of rows (targets + covariates of every item). */
  readonly rows: number;
  /** Context length T of this batch (longest truncated item). */
  readonly length: number;
  /** [rows, length] row-major, NaN-left-padded. */
  readonly context: Float32Array;
  /** [rows]. */
  readonly groupIds: Int32Array;
  /** [rows, predictionLength]; NaN except known-future covariates. */
  readonly futureCovariates: Float32Array;
  readonly futureLength: number;
  /** Per item of the batch: its target rows [start, end). */
  readonly targetRanges: ReadonlyArray<readonly [number, number]>;
}

/** Splits items into sequential batches of at least `batchSize` rows each (the last may be smaller). */
export function* sequentialBatches(items: readonly PreparedItem[], batchSize: number): Generator<PreparedItem[]> {
  let i = 0;
  while (i < items.length) {
    const batch: PreparedItem[] = [];
    let rows = 0;
    while (i < items.length && rows < batchSize) {
      batch.push(items[i]);
      rows += items[i].context.length;
      i++;
    }
    yield batch;
  }
}

/** Builds the tensors of one batch. */
export function buildBatch(items: readonly PreparedItem[], contextLength: number, predictionLength: number): ModelBatch {
  const rows = items.reduce((n, it) => n + it.context.length, 0);
  const truncated = items.map((it) =>
    it.context.map((row) => (row.length > contextLength ? row.subarray(row.length - contextLength) : row)),
  );
  const length = truncated.reduce((m, rs) => Math.max(m, ...rs.map((r) => r.length)), 0);

  const context = new Float32Array(rows * length).fill(Number.NaN);
  const futureCovariates = new Float32Array(rows * predictionLength);
  const groupIds = new Int32Array(rows);
  const targetRanges: Array<readonly [number, number]> = [];
  let r = 0;
  items.forEach((item, k) => {
    targetRanges.push([r, r + item.nTargets]);
    truncated[k].forEach((row, j) => {
      context.set(row, r * length + (length - row.length));
      futureCovariates.set(item.future[j], r * predictionLength);
      groupIds[r] = k;
      r++;
    });
  });
  return { rows, length, context, groupIds, futureCovariates, futureLength: predictionLength, targetRanges };
}
