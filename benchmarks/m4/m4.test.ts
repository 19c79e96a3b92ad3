import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseM4Wide } from './data.js';
import { formatTable, runM4 } from './m4.js';
import { EDataFormat } from '../../src/errors/index.js';

describe('M4 wide CSV', () => {
  it('reads ids and values, dropping the padding cells', () => {
    const text = '"V1","V2","V3","V4"\n"W1","1.5","2",""\n"W2","3","4","5"\n';
    const m = parseM4Wide(text);
    expect([...m.keys()]).toEqual(['W1', 'W2']);
    expect(Array.from(m.get('W1')!)).toEqual([1.5, 2]);
    expect(Array.from(m.get('W2')!)).toEqual([3, 4, 5]);
    expect(() => parseM4Wide('"V1","V2"\n"W1","abc"\n')).toThrow(EDataFormat);
  });

  it('runs the benchmark end to end on a tiny Weekly set and prints ratios to a reference', () => {
    const dir = mkdtempSync(join(tmpdir(), 'm4-'));
    const train = Array.from({ length: 30 }, (_, t) => String(100 + t));
    const test = Array.from({ length: 13 }, (_, t) => String(130 + t));
    writeFileSync(join(dir, 'Weekly-train.csv'), `"V1",${train.map((_, i) => `"V${i + 2}"`).join(',')}\n"W1",${train.join(',')}\n`);
    writeFileSync(join(dir, 'Weekly-test.csv'), `"V1",${test.map((_, i) => `"V${i + 2}"`).join(',')}\n"W1",${test.join(',')}\n`);
    const result = runM4(dir, ['Weekly'], { methods: ['Naive', 'Holt', 'NoSuchModel'] });
    expect(Object.keys(result['Weekly'])).toEqual(['Naive', 'Holt']);
    // Naive repeats 129: errors 1..13, sMAPE = mean 200·k/(258 + k); MASE scale is 1.
    const naive = result['Weekly']['Naive'];
    let s = 0;
    for (let k = 1; k <= 13; k++) s += (200 * k) / (258 + k);
    expect(naive.smape).toBeCloseTo(s / 13, 10);
    expect(naive.mase).toBeCloseTo(7, 10);
    // A straight line is Holt's home ground.
    expect(result['Weekly']['Holt'].mase).toBeLessThan(0.01);
    const table = formatTable(result, { Weekly: { Naive: { smape: naive.smape * 1.05, mase: 7, seconds: 1 } } });
    expect(table).toContain('0.9524');
    expect(table).toMatch(/Naive .*>2%/);
  });
});
