/**
 * GIFT-Eval's test split (gluonts `split(offset=-PL·W)` then
 * `generate_instances(prediction_length=PL, windows=W, distance=PL)`): for every series in file
 * order and every window w = 0…W−1, the input is the whole history before
 * `o = L − PL·W + w·PL` and the label the PL values after it. Multivariate records are split into
 * one univariate series per variate first (`<item_id>_dim<i>`, gift-eval's
 * MultivariateToUnivariate), so instances run record → variate → window.
 */
import { EGiftEvalDataInvalid } from '../errors/index.js';
import type { DatasetRecord } from './reader.js';

export interface TestInstance {
  /** `<item_id>` or `<item_id>_dim<i>` for multivariate data. */
  readonly itemId: string;
  readonly window: number;
  /** Index of the first label value in the series (number of input values). */
  readonly offset: number;
  /** First timestamp of the series (epoch ms); the label starts `offset` periods later. */
  readonly start: number;
  /** Everything before the window (a view, float32 as gluonts holds it). */
  readonly input: Float32Array;
  /** The PL values to forecast (NaN = missing, masked out of the metrics). */
  readonly label: Float32Array;
}

export interface SplitOptions {
  readonly predictionLength: number;
  readonly windows: number;
  /** Dataset folder, for error context. */
  readonly dataset: string;
}

/** The number of instances `testInstances` yields. */
export function countInstances(records: readonly DatasetRecord[], windows: number): number {
  return records.reduce((n, r) => n + r.target.length * windows, 0);
}

export function* testInstances(records: readonly DatasetRecord[], options: SplitOptions): Generator<TestInstance> {
  const { predictionLength: pl, windows } = options;
  for (const record of records) {
    const multivariate = record.target.length > 1;
    for (let d = 0; d < record.target.length; d++) {
      const y = record.target[d];
      const itemId = multivariate ? `${record.itemId}_dim${d}` : record.itemId;
      for (let w = 0; w < windows; w++) {
        const offset = y.length - pl * windows + w * pl;
        if (offset < 1) {
          throw new EGiftEvalDataInvalid(
            `Series "${itemId}" has ${y.length} values, too few for ${windows} test window(s) of ${pl} steps plus history.`,
            { context: { dataset: options.dataset, itemId, length: y.length, predictionLength: pl, windows } },
          );
        }
        yield {
          itemId,
          window: w,
          offset,
          start: record.start,
          input: y.subarray(0, offset),
          label: y.subarray(offset, offset + pl),
        };
      }
    }
  }
}
