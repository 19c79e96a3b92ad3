import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EGiftEvalDataInvalid } from '../errors/index.js';
import { lastValueImputation } from './predictor.js';
import { readDataset } from './reader.js';
import { countInstances, testInstances } from './splits.js';
import { T0, seq, writeGiftDataset } from './__tests__/giftFixture.js';

describe('GIFT-Eval reader', () => {
  it('reads univariate and multivariate (fixed-size list of lists) targets from the Arrow stream', async () => {
    const root = mkdtempSync(join(tmpdir(), 'gift-reader-'));
    writeGiftDataset(root, 'uni/H', 'H', [
      { itemId: 'a', start: T0, target: [1, Number.NaN, 3] },
      { itemId: 'b', start: T0 + 3_600_000, target: [4, 5] },
    ]);
    writeGiftDataset(root, 'multi', '10S', [
      {
        itemId: 'm',
        start: T0,
        target: [
          [1, 2, 3, 4],
          [5, 6, 7, 8],
        ],
      },
    ]);
    const uni = await readDataset(root, 'uni/H');
    expect(uni).toMatchObject({ freq: 'H', targetDim: 1, minLength: 2 });
    expect(uni.records.map((r) => r.itemId)).toEqual(['a', 'b']);
    expect(uni.records[1]?.start).toBe(T0 + 3_600_000);
    expect(Array.from(uni.records[0]?.target[0] ?? [])).toEqual([1, Number.NaN, 3]);
    const multi = await readDataset(root, 'multi');
    expect(multi).toMatchObject({ freq: '10S', targetDim: 2, minLength: 4 });
    expect(multi.records[0]?.target.map((d) => Array.from(d))).toEqual([
      [1, 2, 3, 4],
      [5, 6, 7, 8],
    ]);
  });

  it('reads Arrow nulls inside a target as missing values (NaN)', async () => {
    const root = mkdtempSync(join(tmpdir(), 'gift-reader-'));
    writeGiftDataset(root, 'nulls', 'D', [{ itemId: 'n', start: T0, target: [1, null, 3] }]);
    writeGiftDataset(root, 'mnulls', 'D', [
      {
        itemId: 'm',
        start: T0,
        target: [
          [null, 2],
          [3, null],
        ],
      },
    ]);
    expect(Array.from((await readDataset(root, 'nulls')).records[0]?.target[0] ?? [])).toEqual([1, Number.NaN, 3]);
    expect((await readDataset(root, 'mnulls')).records[0]?.target.map((d) => Array.from(d))).toEqual([
      [Number.NaN, 2],
      [3, Number.NaN],
    ]);
  });

  it('a missing folder, a missing or corrupt Arrow file are EGiftEvalDataInvalid', async () => {
    const root = mkdtempSync(join(tmpdir(), 'gift-reader-'));
    await expect(readDataset(root, 'nowhere')).rejects.toBeInstanceOf(EGiftEvalDataInvalid);
    mkdirSync(join(root, 'empty'));
    await expect(readDataset(root, 'empty')).rejects.toBeInstanceOf(EGiftEvalDataInvalid);
    mkdirSync(join(root, 'corrupt'));
    writeFileSync(join(root, 'corrupt', 'data-00000-of-00001.arrow'), Buffer.from('this is not arrow at all, just text'));
    await expect(readDataset(root, 'corrupt')).rejects.toMatchObject({ code: 'E_GIFT_EVAL_DATA_INVALID', context: { dataset: 'corrupt' } });
  });
});

describe('GIFT-Eval test split', () => {
  const record = (id: string, target: number[][]) => ({
    itemId: id,
    start: T0,
    freq: 'H',
    target: target.map((t) => Float32Array.from(t)),
  });

  it('W windows of PL after the full history: o = L − PL·W + w·PL, series-major', () => {
    const out = [...testInstances([record('a', [seq(10, (t) => t)])], { predictionLength: 2, windows: 3, dataset: 'x' })];
    expect(out.map((i) => i.offset)).toEqual([4, 6, 8]);
    expect(out.map((i) => Array.from(i.label))).toEqual([
      [4, 5],
      [6, 7],
      [8, 9],
    ]);
    expect(out.map((i) => i.input.length)).toEqual([4, 6, 8]);
    expect(Array.from(out[2]?.input ?? [])).toEqual(seq(8, (t) => t));
  });

  it('multivariate records become <item_id>_dim<i>, variate by variate, each with its windows', () => {
    const recs = [record('m', [seq(6, (t) => t), seq(6, (t) => 10 + t)]), record('n', [seq(5, (t) => t), seq(5, (t) => t)])];
    const out = [...testInstances(recs, { predictionLength: 1, windows: 2, dataset: 'x' })];
    expect(out.map((i) => `${i.itemId}@${i.window}`)).toEqual([
      'm_dim0@0',
      'm_dim0@1',
      'm_dim1@0',
      'm_dim1@1',
      'n_dim0@0',
      'n_dim0@1',
      'n_dim1@0',
      'n_dim1@1',
    ]);
    expect(Array.from(out[2]?.label ?? [])).toEqual([14]);
    expect(countInstances(recs, 2)).toBe(8);
  });

  it('a series too short for its windows is a typed error', () => {
    expect(() => [...testInstances([record('s', [[1, 2]])], { predictionLength: 2, windows: 1, dataset: 'x' })]).toThrow(
      EGiftEvalDataInvalid,
    );
  });
});

describe('LastValueImputation (gluonts)', () => {
  it('forward-fills, back-fills a leading gap with the first value, and zeroes an all-missing series', () => {
    const nan = Number.NaN;
    expect(Array.from(lastValueImputation([nan, 1, nan, nan, 3, nan]))).toEqual([1, 1, 1, 1, 3, 3]);
    expect(Array.from(lastValueImputation([nan, nan]))).toEqual([0, 0]);
    expect(Array.from(lastValueImputation([2]))).toEqual([2]);
  });
});
