/**
 * TimesFM 2.5 against upstream: every case of the seed-20250925 fixture (recorded from upstream
 * PyTorch at 3dae50b2) through our pipeline, decode and network, under the file's own rule.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatCaseLine, runParityFile } from '../parity/index.js';

const caseFile = fileURLToPath(new URL('../../../test/fixtures/timesfm2p5/seed-20250925.cases.json', import.meta.url));

describe('TimesFM 2.5 parity with upstream (seed-20250925)', () => {
  it('passes all 31 cases (29 pipeline, 2 model), error cases rejected at the same stage', async () => {
    const report = await runParityFile(caseFile, { engine: { intraOpNumThreads: 1 } });
    const lines = report.cases.map(formatCaseLine);
    expect(report.cases.filter((c) => !c.pass).map(formatCaseLine), lines.join('\n')).toEqual([]);
    expect(report.cases.length).toBe(31);
    expect(report.cases.filter((c) => c.level === 'model').length).toBe(2);
    // Exactly the two upstream ValueError cases pass by rejection; every other case compares numbers.
    expect(
      report.cases
        .filter((c) => c.outputs.length === 0)
        .map((c) => c.name)
        .sort(),
    ).toEqual(['cqh_max_horizon_over_1024_error', 'horizon_exceeds_max_horizon_error']);
    for (const c of report.cases.filter((r) => r.outputs.length > 0))
      expect(c.outputs.length).toBe(c.name === 'model_forward_no_cache' ? 4 : c.level === 'model' ? 3 : 2);
  }, 120_000);
});

describe('TimesFM parity: error cases need the same stage and kind', () => {
  it('accepts only a typed bad-input rejection thrown at the recorded stage', async () => {
    const { readParityFile } = await import('../parity/index.js');
    const { timesfmParityFamily } = await import('./parityFamily.js');
    const { loadTimesFMModel } = await import('./model/load.js');
    const { EModelPredictFailed } = await import('../../errors/index.js');
    const file = readParityFile(caseFile);
    const family = timesfmParityFamily((dir, options) => loadTimesFMModel(dir, { ...options, intraOpNumThreads: 1 }));
    const session = await family.open(`${caseFile.replace(/seed-20250925\.cases\.json$/, '')}checkpoints/seed-20250925`, {});
    try {
      const byName = (name: string) => {
        const c = file.cases.find((k) => k.name === name);
        if (!c) throw new Error(`no case ${name}`);
        return c;
      };
      const horizonCase = byName('horizon_exceeds_max_horizon_error');
      const thrown = await session.runCase(horizonCase).then(
        () => null,
        (e: unknown) => e,
      );
      expect(family.acceptsError?.(horizonCase, thrown)).toBe(true);
      // The same rejection recorded for the other stage, or another kind of error, does not pass.
      const compileCase = byName('cqh_max_horizon_over_1024_error');
      expect(family.acceptsError?.(compileCase, thrown)).toBe(false);
      expect(family.acceptsError?.(horizonCase, new EModelPredictFailed('boom'))).toBe(false);
    } finally {
      await session.dispose();
    }
  });
});
