/**
 * Writes synthetic datasets in GIFT-Eval's on-disk layout (a `datasets.save_to_disk` folder: an
 * Arrow IPC *stream* `data-00000-of-00001.arrow` with item_id: Utf8, start: Timestamp<SECOND>,
 * freq: Utf8, target: List<Float32> or FixedSizeList[N]<List<Float32>>, plus dataset_info.json and
 * state.json), so the harness is tested on files shaped like the real ones.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Field, FixedSizeList, Float32, List, Table, TimestampSecond, Utf8, tableToIPC, vectorFromArray } from 'apache-arrow';

export interface FixtureSeries {
  readonly itemId: string;
  /** Epoch ms of the first value. */
  readonly start: number;
  /** One array (univariate) or one per variate (multivariate); null writes an Arrow null. */
  readonly target: ReadonlyArray<number | null> | ReadonlyArray<ReadonlyArray<number | null>>;
}

const isMultivariate = (t: FixtureSeries['target']): t is ReadonlyArray<ReadonlyArray<number | null>> => Array.isArray(t[0]);

export function writeGiftDataset(root: string, dir: string, freq: string, series: readonly FixtureSeries[]): string {
  const folder = join(root, dir);
  mkdirSync(folder, { recursive: true });
  const inner = new List(new Field('item', new Float32(), true));
  const first = series[0]?.target ?? [];
  const targetType = isMultivariate(first) ? new FixedSizeList(first.length, new Field('item', inner, true)) : inner;
  const table = new Table({
    item_id: vectorFromArray(
      series.map((s) => s.itemId),
      new Utf8(),
    ),
    start: vectorFromArray(
      series.map((s) => s.start),
      new TimestampSecond(),
    ),
    freq: vectorFromArray(
      series.map(() => freq),
      new Utf8(),
    ),
    target: vectorFromArray(
      series.map((s) => (isMultivariate(s.target) ? s.target.map((d) => [...d]) : [...s.target])),
      targetType,
    ),
  });
  writeFileSync(join(folder, 'data-00000-of-00001.arrow'), tableToIPC(table, 'stream'));
  writeFileSync(join(folder, 'dataset_info.json'), JSON.stringify({ citation: '', description: `synthetic ${dir}`, features: {} }));
  writeFileSync(join(folder, 'state.json'), JSON.stringify({ _data_files: [{ filename: 'data-00000-of-00001.arrow' }] }));
  return folder;
}

/** `n` values of f(t). */
export const seq = (n: number, f: (t: number) => number): number[] => Array.from({ length: n }, (_, t) => f(t));

export const T0 = Date.UTC(2020, 0, 5);
