import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scoreMethod } from './m4.js';
import { M4Checkpoint } from './checkpoint.js';
import { runM4WithWorkers } from './workers.js';

/**
 * A tiny Weekly M4 set: a few trending, wiggly series of different lengths, plus a constant one
 * (and, with `withNegative`, one that dips below zero, where Croston's method fails).
 */
function tinyWeekly(withNegative = false): string {
  const dir = mkdtempSync(join(tmpdir(), 'm4w-'));
  const rows = Array.from({ length: withNegative ? 6 : 5 }, (_, k) => {
    const n = 40 + 5 * k;
    const v = (t: number) => (k === 4 ? 7 : k === 5 ? 10 * Math.sin(t) : 100 + k * t + 10 * Math.sin(t * (0.7 + 0.1 * k)));
    return { id: `W${k + 1}`, train: Array.from({ length: n }, (_, t) => v(t)), test: Array.from({ length: 13 }, (_, t) => v(n + t)) };
  });
  const csv = (pick: (r: (typeof rows)[number]) => number[]) => {
    const width = Math.max(...rows.map((r) => pick(r).length));
    const header = ['"V1"', ...Array.from({ length: width }, (_, i) => `"V${i + 2}"`)].join(',');
    return `${header}\n${rows.map((r) => [`"${r.id}"`, ...pick(r).map(String)].join(',')).join('\n')}\n`;
  };
  writeFileSync(
    join(dir, 'Weekly-train.csv'),
    csv((r) => r.train),
  );
  writeFileSync(
    join(dir, 'Weekly-test.csv'),
    csv((r) => r.test),
  );
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

describe('M4 benchmark with --checkpoint', () => {
  it('resumes a run cut short and scores exactly as one uninterrupted run, on either path', async () => {
    const dir = tinyWeekly(true);
    const methods = ['Theta', 'CrostonClassic'];
    const plain = await runM4WithWorkers(dir, ['Weekly'], 1, { methods, scoreInProcess: scoreMethod });
    expect(plain['Weekly']['CrostonClassic'].failures).toBe(1);

    const path = join(mkdtempSync(join(tmpdir(), 'm4ckpt-')), 'run.jsonl');
    const withCheckpoint = (checkpoint: M4Checkpoint) => ({
      methods,
      checkpoint,
      scoreInProcess: (dataset: 'Weekly' | 'Hourly', series: Parameters<typeof scoreMethod>[1], method: string) =>
        scoreMethod(dataset, series, method, { checkpoint }),
    });
    const first = await runM4WithWorkers(dir, ['Weekly'], 1, withCheckpoint(M4Checkpoint.open(path)));
    const lines = readFileSync(path, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(12);
    expect(lines.filter((l) => (JSON.parse(l) as { failed?: string }).failed !== undefined)).toHaveLength(1);

    // Cut short after three series (the third torn mid-line), then resumed on two worker threads.
    writeFileSync(path, `${lines.slice(0, 3).join('\n')}\n${lines[3].slice(0, 20)}`);
    const resumed = await runM4WithWorkers(dir, ['Weekly'], 2, withCheckpoint(M4Checkpoint.open(path)));
    // Every series once more, all recorded: a third run fits nothing.
    const third = await runM4WithWorkers(dir, ['Weekly'], 1, withCheckpoint(M4Checkpoint.open(path)));
    const recorded = readFileSync(path, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { seconds?: number });
    expect(recorded).toHaveLength(12);
    // Each series' time is kept (CPU seconds of its worker thread, or wall seconds in-process).
    for (const line of recorded) expect(line.seconds).toBeGreaterThanOrEqual(0);
    for (const method of methods) {
      const want = plain['Weekly'][method];
      for (const run of [first, resumed, third]) {
        const got = run['Weekly'][method];
        expect([got.smape, got.mase, got.failures]).toEqual([want.smape, want.mase, want.failures]);
      }
    }
    expect(first['Weekly']['Theta'].resumed).toBeUndefined();
    expect(resumed['Weekly']['Theta'].resumed).toBe(3);
    expect(resumed['Weekly']['CrostonClassic'].resumed).toBeUndefined();
    expect([third['Weekly']['Theta'].resumed, third['Weekly']['CrostonClassic'].resumed]).toEqual([6, 6]);
  });
});
