/** `tsagentkit gift-eval run | merge | list` through commander, on a synthetic GIFT_EVAL root. */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { seq, writeGiftDataset } from '../../gift-eval/__tests__/giftFixture.js';
import { register } from './giftEval.js';

const root = mkdtempSync(join(tmpdir(), 'gift-cli-root-'));
writeGiftDataset(root, 'hospital', 'M', [{ itemId: 'h', start: Date.UTC(2000, 0, 31), target: seq(60, (t) => (t % 12) + t) }]);
writeGiftDataset(root, 'm4_monthly', 'M', [{ itemId: 'm', start: Date.UTC(2000, 0, 31), target: seq(80, (t) => 10 + t) }]);

async function cli(...args: string[]): Promise<{ stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((c: string | Uint8Array) => ((stdout += String(c)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((c: string | Uint8Array) => ((stderr += String(c)), true));
  const program = new Command().exitOverride();
  register(program);
  await program.parseAsync(['node', 'tsagentkit', 'gift-eval', ...args]);
  vi.restoreAllMocks();
  return { stdout, stderr };
}

afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
});

describe('tsagentkit gift-eval', () => {
  it('run: scores what it can, names the configuration that failed, exit code 1; merge and list', async () => {
    const out = mkdtempSync(join(tmpdir(), 'gift-cli-out-'));
    const run = await cli(
      'run',
      '--data',
      root,
      '--datasets',
      'hospital,m4_monthly,solar/W',
      '--model',
      'seasonal_naive',
      '--model-label',
      'Seasonal_Naive',
      '--out',
      out,
    );
    expect(process.exitCode).toBe(1);
    expect(run.stdout).toContain('2 configuration(s) computed, 0 already done, 1 failed');
    expect(run.stdout).toContain('MASE 1.0000, CRPS 1.0000');
    expect(run.stderr).toMatch(/solar\/W\/short failed: E_GIFT_EVAL_DATA_INVALID/);
    const rows = readFileSync(join(out, 'all_results.csv'), 'utf8').trim().split('\n');
    expect(rows.slice(1).map((r) => r.split(',').slice(0, 2).join(','))).toEqual([
      'm4_monthly/M/short,Seasonal_Naive',
      'hospital/M/short,Seasonal_Naive',
    ]);
    // m4_monthly: PL 18, one window; a trend of 1 per month misses by 12·(⌊i/12⌋ + 1) with seasonal error 12
    expect(Number(rows[1]?.split(',')[5])).toBeCloseTo((12 * 12 + 24 * 6) / 18 / 12, 9);

    process.exitCode = undefined;
    const merged = mkdtempSync(join(tmpdir(), 'gift-cli-merged-'));
    const merge = await cli('merge', '--out', merged, '--from', out, '--baseline', join(out, 'all_results.csv'));
    expect(merge.stdout).toContain('2 row(s)');
    expect(JSON.parse(readFileSync(join(merged, 'summary.json'), 'utf8'))).toMatchObject({
      configs: 2,
      mase_gmean_ratio: 1,
      crps_gmean_ratio: 1,
    });

    const list = await cli('list', '--data', root, '--json');
    const inv = JSON.parse(list.stdout) as Array<{ dir: string; present: boolean; configurations: string[] }>;
    expect(inv).toHaveLength(55);
    expect(inv.filter((r) => r.present).map((r) => r.dir)).toEqual(['m4_monthly', 'hospital']);
  });
});
