import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { EParityFileInvalid } from '../../errors/index.js';
import { populationStd } from './compare.js';
import { chronosExpected, chronosTolerance } from '../chronos/parityFamily.js';
import { chronos2SeriesOf } from '../chronos/chronos2/parityFamily.js';
import { formatCaseLine, runParityFile } from './runner.js';
import type { ParityArray, ParityCase, ParityFamily, ParityOutput } from './types.js';

const caseFile = fileURLToPath(new URL('../../../test/fixtures/chronos2/random-s0.cases.json', import.meta.url));

/** A family that answers with the stored outputs, optionally changed, to test the runner alone. */
function oracleFamily(change: (c: ParityCase, out: Record<string, ParityOutput>) => void = () => {}): ParityFamily {
  return {
    family: 'chronos2',
    async open() {
      return {
        async runCase(c) {
          const out = structuredClone(chronosExpected(c)) as Record<string, ParityOutput>;
          change(c, out);
          return out;
        },
        async dispose() {},
      };
    },
    expected: chronosExpected,
    tolerance: (file, c) => chronosTolerance(file.tolerance, (ref, row) => chronos2SeriesOf(c, ref, row)),
  };
}

const part = (o: ParityOutput, i: number) => (Array.isArray(o) ? o[i] : o) as ParityArray & { data: Float64Array };

describe('runParityFile', () => {
  it('passes every case when the outputs equal the stored ones, and resolves the checkpoint beside the file', async () => {
    const seen: string[] = [];
    const report = await runParityFile(caseFile, { family: oracleFamily(), onCase: (r) => seen.push(r.name) });
    expect(report.cases.length).toBe(24);
    expect(seen.length).toBe(24);
    expect(report.pass).toBe(true);
    expect(report.cases.every((c) => c.worstRatio === 0 && c.maxAbsErr === 0)).toBe(true);
    expect(report.checkpointDir).toBe(path.join(path.dirname(caseFile), 'checkpoints/random-s0'));
  });

  it('scales the tolerance with the population std of the series the element forecasts', async () => {
    // item 2, variate 1 of multivariate_list_mixed: numpy.nanstd of that input series = 2.3337512426991163
    const s = 2.3337512426991163;
    const want = 17.148361206054688; // outputs.predict[2][1][0][0]
    const allowed = 1e-4 * want + 1e-4 * s;
    const perturb = (factor: number) =>
      oracleFamily((c, out) => {
        if (c.name !== 'multivariate_list_mixed') return;
        const p = part(out['predict'], 2);
        const index = 1 * 21 * 24; // variate 1, quantile 0, step 0
        expect(p.data[index]).toBe(want);
        p.data[index] += factor * allowed;
      });
    const ok = await runParityFile(caseFile, { family: perturb(0.9), cases: ['multivariate_list_mixed'] });
    expect(ok.cases[0].pass).toBe(true);
    expect(ok.cases[0].worstRatio).toBeCloseTo(0.9, 6);
    expect(ok.cases[0].allowedAtWorst).toBeCloseTo(allowed, 12);

    const bad = await runParityFile(caseFile, { family: perturb(1.1), cases: ['multivariate_list_mixed'] });
    expect(bad.pass).toBe(false);
    expect(bad.cases[0].worstRatio).toBeCloseTo(1.1, 6);
    expect(formatCaseLine(bad.cases[0])).toMatch(/^FAIL {2}multivariate_list_mixed/);
  });

  it('maps list_of_dicts targets and model-level rows to their series', () => {
    const file = JSON.parse(readFileSync(caseFile, 'utf8'));
    const find = (n: string) => file.cases.find((c: ParityCase) => c.name === n);
    const dicts = find('covariates_past_only_and_known_future');
    expect(populationStd(chronos2SeriesOf(dicts, { key: 'predict', part: 1, index: 0, shape: [1, 21, 24] }, 0))).toBeCloseTo(
      2.072538911581011,
      12,
    );
    const model = find('model_forward_two_series');
    expect(populationStd(chronos2SeriesOf(model, { key: 'quantile_preds', part: null, index: 0, shape: [2, 21, 32] }, 1))).toBeCloseTo(
      2.1851605243534746,
      12,
    );
  });

  it('fails a case on a shape mismatch, and a case that throws, without stopping the run', async () => {
    const report = await runParityFile(caseFile, {
      family: oracleFamily((c, out) => {
        if (c.name === 'short_single_series') out['mean'] = [{ shape: [1, 15], data: new Float64Array(15) }];
        if (c.name === 'constant_series') throw new Error('boom');
      }),
      cases: ['short_single_series', 'constant_series', 'negative_values'],
    });
    expect(report.cases.map((c) => c.pass)).toEqual([false, false, true]);
    expect(formatCaseLine(report.cases[0])).toMatch(/shape mismatch in mean/);
    expect(report.cases[1].error?.message).toBe('boom');
    expect(report.failed).toBe(2);
  });

  it('passes a case whose error the family accepts as the recorded upstream rejection, and only that one', async () => {
    const family: ParityFamily = {
      ...oracleFamily((c) => {
        if (c.name === 'constant_series') throw new EParityFileInvalid('rejected as upstream does');
        if (c.name === 'negative_values') throw new Error('another failure');
      }),
      acceptsError: (c, error) => c.name === 'constant_series' && error instanceof EParityFileInvalid,
    };
    const report = await runParityFile(caseFile, { family, cases: ['constant_series', 'negative_values', 'short_single_series'] });
    const byName = Object.fromEntries(report.cases.map((c) => [c.name, c]));
    expect([byName['constant_series']?.pass, byName['negative_values']?.pass, byName['short_single_series']?.pass]).toEqual([
      true,
      false,
      true,
    ]);
    expect(byName['negative_values']?.error?.message).toBe('another failure');
  });

  it('rejects unreadable, malformed and unknown-family files with EParityFileInvalid', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'parity-'));
    const write = (name: string, text: string) => {
      const p = path.join(dir, name);
      writeFileSync(p, text);
      return p;
    };
    await expect(runParityFile(path.join(dir, 'missing.json'))).rejects.toBeInstanceOf(EParityFileInvalid);
    await expect(runParityFile(write('bad.json', '{not json'))).rejects.toBeInstanceOf(EParityFileInvalid);
    await expect(runParityFile(write('empty.json', '{"family":"chronos2","cases":[]}'))).rejects.toThrow(/checkpoint_dir/);
    const unknown = write(
      'u.json',
      JSON.stringify({ family: 'nope', checkpoint_dir: '.', tolerance: { abs: 1, rel: 1 }, cases: [{ name: 'a', level: 'model' }] }),
    );
    await expect(runParityFile(unknown)).rejects.toThrow(/No parity family "nope"/);
    await expect(runParityFile(caseFile, { family: oracleFamily(), cases: ['no_such_case'] })).rejects.toBeInstanceOf(EParityFileInvalid);
  });
});
