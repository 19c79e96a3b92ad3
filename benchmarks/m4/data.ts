/**
 * Reader for the M4 organisers' wide CSV files (`<Dataset>-train.csv`, `<Dataset>-test.csv`): a
 * header row, then one row per series — its id, then its values, padded with empty cells.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { EDataFormat } from '../../src/errors/index.js';

export interface M4Series {
  readonly id: string;
  readonly train: Float64Array;
  readonly test: Float64Array;
}

export const M4_SETTINGS = {
  Hourly: { h: 48, m: 24 },
  Weekly: { h: 13, m: 1 },
} as const;

export type M4Dataset = keyof typeof M4_SETTINGS;

export function parseM4Wide(text: string, file = '<input>'): Map<string, Float64Array> {
  const rows = parse(text, { relax_column_count: true, skip_empty_lines: true }) as string[][];
  const out = new Map<string, Float64Array>();
  for (const row of rows.slice(1)) {
    const id = row[0];
    const values: number[] = [];
    for (const cell of row.slice(1)) {
      if (cell.trim() === '' || cell === 'NA') continue;
      const v = Number(cell);
      if (!Number.isFinite(v)) {
        throw new EDataFormat(`${file}: series ${id} has a non-numeric value "${cell}"`, { context: { file, id, cell } });
      }
      values.push(v);
    }
    out.set(id, Float64Array.from(values));
  }
  return out;
}

export function readM4(dir: string, dataset: M4Dataset): M4Series[] {
  const load = (part: 'train' | 'test') => {
    const file = join(dir, `${dataset}-${part}.csv`);
    return parseM4Wide(readFileSync(file, 'utf8'), file);
  };
  const train = load('train');
  const test = load('test');
  const { h } = M4_SETTINGS[dataset];
  return [...train.entries()].map(([id, y]) => {
    const t = test.get(id);
    if (!t || t.length !== h) {
      throw new EDataFormat(`${dataset}: series ${id} has ${t ? t.length : 'no'} test values, expected ${h}`, {
        context: { dataset, id },
      });
    }
    return { id, train: y, test: t };
  });
}

/** What a method that failed on a series is scored with: its last observation repeated (naive). */
export function naiveForecast(train: Float64Array, h: number): Float64Array {
  return new Float64Array(h).fill(train[train.length - 1] ?? Number.NaN);
}
