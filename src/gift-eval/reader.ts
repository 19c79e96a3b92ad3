/**
 * Reads one GIFT-Eval dataset folder: a Hugging Face `save_to_disk` output whose
 * `data-00000-of-00001.arrow` is an Arrow IPC *stream* with `item_id`, `start` (timestamp[s]),
 * `freq` and `target` (list<float32>, or fixed_size_list<list<float32>>[N] for N variates), and
 * optionally `past_feat_dynamic_real` (not used by the metrics; ignored here).
 *
 * The file is streamed record batch by record batch from disk, and each target is copied out of
 * the batch, so memory holds the float32 values once and never the whole file twice. We trust the
 * Arrow schema, not `dataset_info.json` (newer `datasets` versions spell the features differently).
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DataType, RecordBatchReader, type Vector } from 'apache-arrow';
import { EGiftEvalDataInvalid } from '../errors/index.js';

export const ARROW_FILE = 'data-00000-of-00001.arrow';

export interface DatasetRecord {
  readonly itemId: string;
  /** Epoch milliseconds (UTC) of the first observation. */
  readonly start: number;
  readonly freq: string;
  /** One float32 array per variate (one for univariate data); NaN marks a missing value. */
  readonly target: readonly Float32Array[];
}

export interface LoadedDataset {
  readonly dir: string;
  readonly records: readonly DatasetRecord[];
  /** Row 0's frequency, as gift-eval takes it. */
  readonly freq: string;
  /** Variates per record (from row 0; gift-eval's `target_dim`). */
  readonly targetDim: number;
  /** Shortest raw target length over records, of variate 0 (gift-eval's `_min_series_length`). */
  readonly minLength: number;
}

/** Where a folder's Arrow file is, or a typed error saying what is missing. */
export function arrowFileOf(root: string, dir: string): string {
  const folder = join(root, dir);
  if (!existsSync(folder) || !statSync(folder).isDirectory()) {
    throw new EGiftEvalDataInvalid(`Dataset folder ${folder} does not exist.`, { context: { dataset: dir, path: folder } });
  }
  const file = join(folder, ARROW_FILE);
  if (!existsSync(file)) {
    throw new EGiftEvalDataInvalid(`Dataset folder ${folder} has no ${ARROW_FILE}.`, { context: { dataset: dir, path: file } });
  }
  return file;
}

/** A list cell as float32 values; Arrow nulls (missing values) become NaN. */
function toFloat32(v: unknown): Float32Array {
  const vector = v as Vector | null;
  if (!vector) return new Float32Array(0);
  const arr: unknown = vector.toArray();
  const out = arr instanceof Float32Array ? arr.slice() : Float32Array.from(arr as ArrayLike<number>);
  if (vector.nullCount > 0) {
    for (let i = 0; i < out.length; i++) if (!vector.isValid(i)) out[i] = Number.NaN;
  }
  return out;
}

/** Whether the target column holds one list per variate (fixed-size or plain list of lists). */
function isMultivariateType(type: DataType): boolean {
  const child = type.children[0]?.type;
  return (
    (DataType.isList(type) || DataType.isFixedSizeList(type)) &&
    child !== undefined &&
    (DataType.isList(child) || DataType.isFixedSizeList(child))
  );
}

/** The target cell as one array per variate. */
function targetOf(cell: unknown, multivariate: boolean): Float32Array[] {
  const outer = cell as Vector | null;
  if (!outer) return [];
  if (!multivariate) return [toFloat32(outer)];
  const dims: Float32Array[] = [];
  for (let d = 0; d < outer.length; d++) dims.push(toFloat32(outer.get(d)));
  return dims;
}

/** Reads every record of `<root>/<dir>`; missing folders and unreadable files are EGiftEvalDataInvalid. */
export async function readDataset(root: string, dir: string): Promise<LoadedDataset> {
  const file = arrowFileOf(root, dir);
  const records: DatasetRecord[] = [];
  try {
    const reader = await RecordBatchReader.from(createReadStream(file));
    for await (const batch of reader) {
      const ids = batch.getChild('item_id');
      const starts = batch.getChild('start');
      const freqs = batch.getChild('freq');
      const targets = batch.getChild('target');
      if (!targets || !freqs || !starts) {
        throw new EGiftEvalDataInvalid(`${file} lacks a required column (target, start, freq).`, {
          context: { dataset: dir, path: file, columns: batch.schema.fields.map((f) => f.name) },
        });
      }
      const multivariate = isMultivariateType(targets.type as DataType);
      for (let i = 0; i < batch.numRows; i++) {
        const start = Number(starts.get(i));
        records.push({
          itemId: String(ids?.get(i) ?? records.length),
          start: Number.isFinite(start) ? start : 0,
          freq: String(freqs.get(i)),
          target: targetOf(targets.get(i), multivariate),
        });
      }
    }
  } catch (error) {
    if (error instanceof EGiftEvalDataInvalid) throw error;
    throw new EGiftEvalDataInvalid(
      `Cannot read ${file} as an Arrow IPC stream: ${error instanceof Error ? error.message : String(error)}`,
      {
        context: { dataset: dir, path: file },
        cause: error,
      },
    );
  }
  const first = records[0];
  if (!first || first.target.length === 0) {
    throw new EGiftEvalDataInvalid(`${file} holds no series.`, { context: { dataset: dir, path: file } });
  }
  let minLength = Number.POSITIVE_INFINITY;
  for (const r of records) minLength = Math.min(minLength, r.target[0]?.length ?? 0);
  return { dir, records, freq: first.freq, targetDim: first.target.length, minLength };
}
