/**
 * Acceptance: `seasonal_naive` on M4 Hourly and Weekly in GIFT-Eval's layout (../shared, not part
 * of the project; skipped without it) reproduces GIFT-Eval's published rows
 * (`results/seasonal_naive/all_results.csv` at gift-eval 4fd98a9) to 6 significant digits, all 11
 * metrics. Nine are bit-identical; CRPS and MSIS differ by ~2e-8 relative (statsforecast's σ is float32).
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { METRIC_COLUMNS } from './metrics.js';
import { runGiftEval } from './runner.js';

const sharedRoot = fileURLToPath(new URL('../../../shared/datasets/gift-eval', import.meta.url));

const PUBLISHED: Record<string, number[]> = {
  // MSE[mean], MSE[0.5], MAE[0.5], MASE[0.5], MAPE[0.5], sMAPE[0.5], MSIS, RMSE[mean], NRMSE[mean], ND[0.5], CRPS
  'm4_hourly/H/short': [
    3614355.993558776, 3614355.993558776, 353.8562298711755, 1.1932101877276544, 0.1561203125786282, 0.1391227341312525, 9.229226853352637,
    1901.1459685039379, 0.25954838815818215, 0.04830918594592099, 0.03757255147212195,
  ],
  'm4_weekly/W/short': [
    453525.1459181487, 453525.1459181487, 347.99148275123207, 2.777295047362158, 0.08937289522218837, 0.09161286714732429,
    26.631225199626535, 673.442756229621, 0.1226908336142798, 0.06339865521526268, 0.06087039452311706,
  ],
};

describe.runIf(existsSync(join(sharedRoot, 'm4_weekly')) && existsSync(join(sharedRoot, 'm4_hourly')))(
  'published seasonal naive rows (../shared)',
  () => {
    it('seasonal_naive reproduces m4_hourly/H/short and m4_weekly/W/short to 6 significant digits, CRPS included', async () => {
      const outcome = await runGiftEval({
        root: sharedRoot,
        outDir: mkdtempSync(join(tmpdir(), 'gift-published-')),
        model: 'seasonal_naive',
        modelLabel: 'Seasonal_Naive',
        datasets: ['m4_hourly', 'm4_weekly'],
      });
      expect(outcome.failed).toEqual([]);
      expect(outcome.computed.map((r) => r.config).sort()).toEqual(Object.keys(PUBLISHED).sort());
      for (const r of outcome.computed) {
        const published = PUBLISHED[r.config] ?? [];
        METRIC_COLUMNS.forEach((m, i) => {
          const ours = r.metrics[m];
          const theirs = published[i] ?? Number.NaN;
          expect(ours.toPrecision(6), `${r.config} ${m}: ${ours} vs ${theirs}`).toBe(theirs.toPrecision(6));
          expect(Math.abs(ours - theirs) / Math.abs(theirs)).toBeLessThan(1e-6);
        });
      }
    }, 60_000);
  },
);
