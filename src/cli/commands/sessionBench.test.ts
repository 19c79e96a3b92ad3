import { afterEach, describe, expect, it } from 'vitest';
import { runSessionBench } from './sessionBench.js';
import { registerTestAdapters } from '../../runtime/__tests__/testAdapter.js';

let restore: (() => void) | undefined;
afterEach(() => restore?.());

describe('bench session (shape and counts, on a test adapter)', () => {
  it('legacy loads once per batch, the session once; both give the same forecasts', async () => {
    const reg = registerTestAdapters({ probe: { loadDelayMs: 5 } });
    restore = reg.restore;
    const result = await runSessionBench({ batches: 3, adapter: 'probe', modelDir: '/unused' });
    expect(result.legacy).toMatchObject({ load_count: 3, temporary_session_count: 3, session_reuse_count: 0 });
    expect(result.session).toMatchObject({ load_count: 1, temporary_session_count: 0, session_reuse_count: 2 });
    for (const leg of [result.legacy, result.session]) {
      expect(Object.keys(leg)).toEqual(expect.arrayContaining(['load_count', 'load_time_ms_total', 'forecast_time_ms_total', 'wall_ms']));
      expect(leg.wall_ms).toBeGreaterThan(0);
    }
    expect(result.legacy.load_time_ms_total).toBeGreaterThanOrEqual(3 * 4);
    expect(result.wall_ratio).toBeCloseTo(result.legacy.wall_ms / result.session.wall_ms, 1);
    expect(result.identical_forecasts).toBe(true);
    expect(result.series_per_batch).toBe(14);
    // 1 warm-up + 3 legacy + 1 session load; every adapter was released.
    expect(reg.log.load).toBe(5);
    expect(reg.log.unload).toBe(5);
  });
});
