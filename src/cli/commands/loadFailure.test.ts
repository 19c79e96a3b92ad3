/**
 * A TSFM the user named that cannot be loaded: the summary says so on its own line, with the load
 * error's own code and message and the models that answered instead; under a required TSFM policy
 * the run fails with that error itself (code and hint), not a generic "all models failed".
 */
import { cpSync, mkdtempSync, rmSync, statSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EModelLoadFailed } from '../../errors/index.js';
import { forecastCommand } from './forecast.js';

const dir = mkdtempSync(join(tmpdir(), 'tsak-loadfail-'));
const broken = join(dir, 'chronos-truncated');
cpSync(fileURLToPath(new URL('../../../test/fixtures/chronos2/checkpoints/random-s0', import.meta.url)), broken, { recursive: true });
truncateSync(join(broken, 'model.safetensors'), Math.floor(statSync(join(broken, 'model.safetensors')).size / 2));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let stdout = '';
let stderr = '';
beforeEach(() => {
  stdout = '';
  stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((stdout += String(s)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((stderr += String(s)), true));
});
afterEach(() => vi.restoreAllMocks());

const options = { example: 'co2', h: '6', mode: 'quick', tsfm: 'chronos', modelDir: `chronos=${broken}` };

describe('a named TSFM that cannot be loaded', () => {
  it('preferred: the summary names it, its own error, and who answered instead', async () => {
    const r = await forecastCommand(undefined, { ...options, out: join(dir, 'preferred') });
    expect(r.exitCode).toBe(0);
    expect(stdout).toMatch(
      /^ {2}tsfm {7}chronos could not be loaded: E_MODEL_LOAD_FAILED Failed to load adapter 'chronos': Safetensors file is truncated.*; answered instead by AutoETS \(2 series\)$/m,
    );
    expect(stderr).toMatch(/could not be loaded \(.*truncated.*\); using the statistical ladder\./);
  });

  it('required: the run fails with the load error itself, code, message and hint', async () => {
    const err = await forecastCommand(undefined, { ...options, tsfmPolicy: 'required', out: join(dir, 'required') }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(EModelLoadFailed);
    const e = err as EModelLoadFailed;
    expect(e.message).toMatch(/^Failed to load adapter 'chronos': Safetensors file is truncated/);
    expect(e.fixHint).toMatch(/Re-download the checkpoint/);
    expect(stderr).toMatch(/the TSFM policy is required, so the run fails\./);
  });
});
