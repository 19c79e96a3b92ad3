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
    expect(report.cases.filter((c) => c.outputs.length === 0).map((c) => c.name).sort()).toEqual(['cqh_max_horizon_over_1024_error', 'horizon_exceeds_max_horizon_error']);
    for (const c of report.cases.filter((r) => r.outputs.length > 0)) expect(c.outputs.length).toBe(c.name === 'model_forward_no_cache' ? 4 : c.level === 'model' ? 3 : 2);
  }, 120_000);
});
