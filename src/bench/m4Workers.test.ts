import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scoreMethod } from './m4.js';
import { runM4WithWorkers } from './m4Workers.js';

/** A tiny Weekly M4 set: a few trending, wiggly series of different lengths, plus a constant one. */
function tinyWeekly(): string {
  const dir = mkdtempSync(join(tmpdir(), 'm4w-'));
  const rows = Array.from({ length: 5 }, (_, k) => {
    const n = 40 + 5 * k;
    const v = (t: number) => (k === 4 ? 7 : 100 + k * t + 10 * Math.sin(t * (0.7 + 0.1 * k)));
    return { id: `W${k + 1}`, train: Array.from({ length: n }, (_, t) => v(t)), test: Array.from({ length: 13 }, (_, t) => v(n + t)) };
  });
  const csv = (pick: (r: (typeof rows)[number]) => number[]) => {
    const width = Math.max(...rows.map((r) => pick(r).length));
    const header = ['"V1"', ...Array.from({ length: width }, (_, i) => `"V${i + 2}"`)].join(',');
    return `${header}\n${rows.map((r) => [`"${r.id}"`, ...pick(r).map(String)].join(',')).join('\n')}\n`;
  };
  writeFileSync(join(dir, 'Weekly-train.csv'), csv((r) => r.train));
  writeFileSync(join(dir, 'Weekly-test.csv'), csv((r) => r.test));
  return dir;
}

describe('M4 benchmark with --workers', () => {
  it('scores the same on 2 worker threads as in-process, and reports time and event-loop delay', async () => {
    const dir = tinyWeekly();
    const options = { methods: ['Theta', 'AutoETS'], scoreInProcess: scoreMethod };
    const one = await runM4WithWorkers(dir, ['Weekly'], 1, options);
    const two = await runM4WithWorkers(dir, ['Weekly'], 2, options);
    for (const method of ['Theta', 'AutoETS']) {
      const a = one['Weekly'][method];
      const b = two['Weekly'][method];
      expect([b.smape, b.mase, b.failures]).toEqual([a.smape, a.mase, a.failures]);
      expect(a.smape).toBeGreaterThan(0);
      expect([a.workers, b.workers]).toEqual([1, 2]);
      for (const s of [a, b]) {
        expect(s.wallSeconds).toBeGreaterThan(0);
        expect(s.cpuSeconds).toBeGreaterThanOrEqual(0);
        expect(s.eventLoopDelayMaxMs).toBeGreaterThanOrEqual(s.eventLoopDelayP99Ms);
        expect(s.threadCpuSeconds.length).toBeLessThanOrEqual(s.workers);
      }
    }
  });
});
