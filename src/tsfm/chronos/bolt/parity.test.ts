import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatCaseLine, runParityFile } from '../../parity/index.js';
import { loadChronosBoltModel } from './model/index.js';
import { chronosBoltParityFamily } from './parityFamily.js';

const caseFile = fileURLToPath(new URL('../../../../test/fixtures/chronos_bolt/random-s0.cases.json', import.meta.url));

describe('Chronos-Bolt parity with upstream (test/fixtures/chronos_bolt/random-s0.cases.json)', () => {
  it('passes every pipeline and model case under the fixtures rule, with exact shapes', async () => {
    const family = chronosBoltParityFamily((dir, options) => loadChronosBoltModel(dir, { ...options, intraOpNumThreads: 1 }));
    const report = await runParityFile(caseFile, { family });
    const lines = report.cases.map(formatCaseLine);
    expect(report.cases.length).toBe(15);
    expect(report.cases.filter((c) => c.level === 'model').length).toBe(3);
    for (const c of report.cases) {
      expect(
        c.outputs.every((o) => o.shapeOk),
        lines.join('\n'),
      ).toBe(true);
      expect(c.pass, lines.join('\n')).toBe(true);
    }
    // Pipeline cases compare predict, quantiles and mean; model cases quantile_preds.
    expect(report.cases.find((c) => c.name === 'quantile_levels_interpolated')!.outputs.map((o) => o.key)).toEqual([
      'predict',
      'quantiles',
      'mean',
    ]);
  });
});
