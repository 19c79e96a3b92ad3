import { describe, expect, it } from 'vitest';
import { ESeriesTooShort } from '../errors/index.js';
import { m4Mase, m4MaseScale, m4Smape } from './m4.js';

describe('M4 metrics', () => {
  it('sMAPE in percent, as the M4 benchmark code computes it', () => {
    // 200·|100 − 110|/210 = 9.5238…, 200·|50 − 40|/90 = 22.222…
    expect(m4Smape([100, 50], [110, 40])).toBeCloseTo((2000 / 210 + 2000 / 90) / 2, 12);
    expect(m4Smape([0], [0])).toBe(0);
  });

  it('MASE scaled by the in-sample seasonal-naive MAE', () => {
    const insample = [1, 2, 3, 5, 4, 6];
    expect(m4MaseScale(insample, 1)).toBeCloseTo((1 + 1 + 2 + 1 + 2) / 5, 14);
    expect(m4MaseScale(insample, 2)).toBeCloseTo((2 + 3 + 1 + 1) / 4, 14);
    expect(m4Mase([10, 12], [11, 10], 1.5)).toBeCloseTo(1.5 / 1.5, 14);
    expect(() => m4MaseScale([1, 2], 2)).toThrow(ESeriesTooShort);
  });
});
