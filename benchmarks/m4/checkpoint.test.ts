import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EDataFormat } from '../../src/errors/index.js';
import { M4Checkpoint } from './checkpoint.js';

const fresh = () => join(mkdtempSync(join(tmpdir(), 'm4ckpt-')), 'run.jsonl');

describe('M4 checkpoint file', () => {
  it('reads back what it recorded, non-finite values and failures included', () => {
    const path = fresh();
    const a = M4Checkpoint.open(path);
    expect(a.size).toBe(0);
    a.record('Hourly', 'AutoARIMA', 'H1', { mean: Float64Array.of(1.25, 0.1 + 0.2, -3e-300), seconds: 12.5 });
    a.record('Hourly', 'AutoARIMA', 'H2', {
      mean: Float64Array.of(Number.NaN, Infinity, -Infinity),
      failed: 'No suitable ARIMA model found',
    });
    const b = M4Checkpoint.open(path);
    expect(b.size).toBe(2);
    expect(Array.from(b.get('Hourly', 'AutoARIMA', 'H1', 3)!.mean)).toEqual([1.25, 0.1 + 0.2, -3e-300]);
    expect(b.get('Hourly', 'AutoARIMA', 'H1', 3)!.seconds).toBe(12.5);
    const h2 = b.get('Hourly', 'AutoARIMA', 'H2', 3)!;
    expect(Array.from(h2.mean)).toEqual([Number.NaN, Infinity, -Infinity]);
    expect(h2.failed).toBe('No suitable ARIMA model found');
    expect(b.get('Hourly', 'AutoETS', 'H1', 3)).toBeUndefined();
    expect(b.get('Weekly', 'AutoARIMA', 'H1', 3)).toBeUndefined();
  });

  it('drops a torn last line so that later lines append whole', () => {
    const path = fresh();
    M4Checkpoint.open(path).record('Weekly', 'Theta', 'W1', { mean: Float64Array.of(1, 2) });
    writeFileSync(path, `${readFileSync(path, 'utf8')}{"dataset":"Weekly","method":"Theta","id":"W2","me`);
    const resumed = M4Checkpoint.open(path);
    expect(resumed.size).toBe(1);
    resumed.record('Weekly', 'Theta', 'W2', { mean: Float64Array.of(3, 4) });
    const again = M4Checkpoint.open(path);
    expect(again.size).toBe(2);
    expect(Array.from(again.get('Weekly', 'Theta', 'W2', 2)!.mean)).toEqual([3, 4]);
  });

  it('refuses a corrupt line before the last, and a recorded horizon that is not the run’s', () => {
    const path = fresh();
    writeFileSync(path, 'not json\n{"dataset":"Weekly","method":"Theta","id":"W1","mean":[1,2]}\n');
    expect(() => M4Checkpoint.open(path)).toThrow(EDataFormat);
    writeFileSync(path, '{"dataset":"Weekly","method":"Theta","id":"W1","mean":[1,2]}\n');
    const checkpoint = M4Checkpoint.open(path);
    expect(() => checkpoint.get('Weekly', 'Theta', 'W1', 13)).toThrow(/has 2 forecast steps, the run wants 13/);
  });
});
