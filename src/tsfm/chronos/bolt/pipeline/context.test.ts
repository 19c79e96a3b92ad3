import { describe, expect, it } from 'vitest';
import { EContractEmpty, EContractInvalidType, EContractNonFinite } from '../../../../errors/index.js';
import { leftPadAndStack, truncateLeft } from './context.js';

describe('Chronos-Bolt context preparation', () => {
  it('takes a 1-d series as one row, cast to float32', () => {
    const m = leftPadAndStack([0.1, null, 3]);
    expect(m.batch).toBe(1);
    expect(m.length).toBe(3);
    expect(m.data[0]).toBe(Math.fround(0.1));
    expect(Number.isNaN(m.data[1])).toBe(true);
  });

  it('left-pads ragged series with NaN to the longest', () => {
    const m = leftPadAndStack([Float64Array.of(1, 2, 3), [4], new Float32Array(0)]);
    expect(m.batch).toBe(3);
    expect(m.length).toBe(3);
    expect(Array.from(m.data.subarray(0, 3))).toEqual([1, 2, 3]);
    expect(Array.from(m.data.subarray(3, 6))).toEqual([NaN, NaN, 4]);
    expect(Array.from(m.data.subarray(6, 9))).toEqual([NaN, NaN, NaN]);
  });

  it('keeps the last steps when truncating', () => {
    const m = truncateLeft(
      leftPadAndStack([
        [1, 2, 3, 4],
        [5, 6, 7, 8],
      ]),
      2,
    );
    expect(m.length).toBe(2);
    expect(Array.from(m.data)).toEqual([3, 4, 7, 8]);
  });

  it('rejects bad inputs with typed errors', () => {
    expect(() => leftPadAndStack([])).toThrow(EContractEmpty);
    expect(() => leftPadAndStack([[], []])).toThrow(EContractEmpty);
    expect(() => leftPadAndStack([1, Infinity])).toThrow(EContractNonFinite);
    expect(() => leftPadAndStack(['a'] as never)).toThrow(EContractInvalidType);
    expect(() => leftPadAndStack([[[1]]] as never)).toThrow(EContractInvalidType);
  });
});
