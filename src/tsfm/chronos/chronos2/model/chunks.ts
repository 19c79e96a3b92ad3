/**
 * Splitting a large forward batch into runs of whole groups. Every series' result depends only on
 * its own group, so runs of a bounded number of tokens give the same forecasts while keeping the
 * activations (and peak memory) bounded; the cost stays linear in the batch.
 */
import type { Chronos2ForwardInput } from '../types.js';

/** Row lists, each a set of whole groups in order of first appearance, of at most `maxRows` rows (a larger group runs alone). */
export function groupChunks(groupIds: Int32Array, maxRows: number): number[][] {
  const groups = new Map<number, number[]>();
  for (let b = 0; b < groupIds.length; b++) {
    let rows = groups.get(groupIds[b]);
    if (!rows) groups.set(groupIds[b], (rows = []));
    rows.push(b);
  }
  const chunks: number[][] = [];
  let current: number[] = [];
  for (const rows of groups.values()) {
    if (current.length > 0 && current.length + rows.length > maxRows) {
      chunks.push(current);
      current = [];
    }
    current.push(...rows);
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/** The forward input restricted to `rows` (in that order). */
export function selectRows(input: Chronos2ForwardInput, rows: number[], horizon: number): Chronos2ForwardInput {
  const T = input.contextLength;
  const context = new Float32Array(rows.length * T);
  const groupIds = new Int32Array(rows.length);
  const futureCovariates = input.futureCovariates ? new Float32Array(rows.length * horizon) : null;
  rows.forEach((b, i) => {
    context.set(input.context.subarray(b * T, (b + 1) * T), i * T);
    groupIds[i] = input.groupIds[b];
    if (futureCovariates) futureCovariates.set(input.futureCovariates!.subarray(b * horizon, (b + 1) * horizon), i * horizon);
  });
  return { ...input, batch: rows.length, context, groupIds, futureCovariates };
}
