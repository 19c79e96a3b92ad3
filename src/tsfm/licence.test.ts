/**
 * The licence gate, as users meet it: Moirai 2.0's weights are CC-BY-NC-4.0, so it is never in the
 * default ladder and loads only after the user accepts its licence (option, pool config or
 * environment); naming it without acceptance is a typed error that says how to accept it.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { forecastCommand } from '../cli/commands/forecast.js';
import { modelsReport } from '../cli/commands/models.js';
import { ELicenceNotAccepted } from '../errors/index.js';
import { ModelPool } from '../runtime/modelPool.js';
import { runForecast } from '../runtime/runForecast.js';
import { parseTaskSpec } from '../task/taskSpec.js';
import { ACCEPT_LICENCES_ENV, acceptedLicences, defaultTsfmAdapters, requireLicenceAccepted } from './licence.js';

const MOIRAI_DIR = fileURLToPath(new URL('../../test/fixtures/moirai2/checkpoints/seed-20250801', import.meta.url));
const out = mkdtempSync(join(tmpdir(), 'tsak-licence-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

const DAY = 86_400_000;
const rows = Array.from({ length: 60 }, (_, i) => ({
  unique_id: 'web',
  ds: new Date(Date.UTC(2024, 0, 1) + i * DAY),
  y: 100 + (i % 7) * 5,
}));

beforeEach(() => {
  // Whatever the developer's shell accepts, these tests start from "nothing accepted".
  vi.stubEnv(ACCEPT_LICENCES_ENV, '');
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
});
afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

function caught(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  return undefined;
}

describe('the licence gate', () => {
  it('keeps a non-commercial family out of the default ladder, accepted or not', () => {
    expect(defaultTsfmAdapters()).toEqual(['chronos', 'timesfm']);
    expect(parseTaskSpec({ h: 1 }).tsfmPolicy.adapters).toEqual(['chronos', 'timesfm']);
    vi.stubEnv(ACCEPT_LICENCES_ENV, 'moirai');
    expect(parseTaskSpec({ h: 1 }).tsfmPolicy.adapters).toEqual(['chronos', 'timesfm']);
  });

  it('refuses a pool holding Moirai without acceptance: a typed error naming the licence and the three ways to accept it', () => {
    const err = caught(() => new ModelPool({ adapters: ['chronos', 'moirai'] }));
    expect(err).toBeInstanceOf(ELicenceNotAccepted);
    const e = err as ELicenceNotAccepted;
    expect(e.code).toBe('E_LICENCE_NOT_ACCEPTED');
    expect(e.message).toContain('CC-BY-NC-4.0');
    expect(e.context).toMatchObject({
      family: 'moirai',
      licence: 'CC-BY-NC-4.0',
      commercialUse: false,
      url: 'https://huggingface.co/Salesforce/moirai-2.0-R-small',
    });
    expect(e.fixHint).toContain('--accept-licence moirai');
    expect(e.fixHint).toContain("acceptLicences: ['moirai']");
    expect(e.fixHint).toContain(`${ACCEPT_LICENCES_ENV}=moirai`);
    // Commercially licensed families and names that are not TSFM families pass.
    expect(() => new ModelPool({ adapters: ['chronos', 'timesfm'] })).not.toThrow();
    expect(() => requireLicenceAccepted('AutoETS', undefined, new Set())).not.toThrow();
  });

  it('accepts by pool config, by environment (comma or space separated, any case)', async () => {
    await new ModelPool({ adapters: ['moirai'], acceptLicences: ['moirai'] }).close();
    vi.stubEnv(ACCEPT_LICENCES_ENV, 'timesfm, Moirai');
    await new ModelPool({ adapters: ['moirai'] }).close();
    expect([...acceptedLicences(['x'], { [ACCEPT_LICENCES_ENV]: 'a b,c' })].sort()).toEqual(['a', 'b', 'c', 'x']);
  });

  it('runForecast naming Moirai without acceptance rejects; with acceptLicences it answers with Moirai', async () => {
    const spec = { h: 7, levels: [], tsfmPolicy: { mode: 'required' as const, adapters: ['moirai'] } };
    const modelPool = { adapters: ['moirai'], adapterOptions: { moirai: { modelDir: MOIRAI_DIR, graphCacheDir: false } } };
    await expect(runForecast(rows, spec, { modelPool, mode: 'quick' })).rejects.toBeInstanceOf(ELicenceNotAccepted);
    const run = await runForecast(rows, spec, { modelPool, mode: 'quick', acceptLicences: ['moirai'] });
    expect(run.modelBySeries).toEqual({ web: 'moirai' });
    expect(run.fallbacks).toEqual([]);
  });

  it('the CLI: forecast --tsfm moirai is refused before any checkpoint is read; with --accept-licence moirai it forecasts with Moirai', async () => {
    const base = {
      example: 'co2',
      h: '6',
      mode: 'quick',
      quiet: true,
      tsfm: 'moirai',
      tsfmPolicy: 'required',
      modelDir: `moirai=${MOIRAI_DIR}`,
    };
    await expect(forecastCommand(undefined, { ...base, out: join(out, 'refused') })).rejects.toBeInstanceOf(ELicenceNotAccepted);
    const r = await forecastCommand(undefined, { ...base, out: join(out, 'accepted'), acceptLicence: ['moirai'] });
    expect(r.exitCode).toBe(0);
    const models = new Set(
      readFileSync(join(out, 'accepted', 'forecast.csv'), 'utf8')
        .trim()
        .split('\n')
        .slice(1)
        .map((l) => l.split(',')[2]),
    );
    expect([...models]).toEqual(['moirai']);
  });

  it("tsagentkit models shows each checkpoint's state and that only commercial families are defaults", () => {
    const rowOf = (r: ReturnType<typeof modelsReport>, family: string) => r.models.find((m) => m.family === family)!;
    expect(rowOf(modelsReport(), 'moirai')).toMatchObject({ licenceState: 'not-accepted', inDefaultLadder: false });
    expect(rowOf(modelsReport(), 'chronos')).toMatchObject({ licenceState: 'commercial', inDefaultLadder: true });
    expect(rowOf(modelsReport({ acceptLicence: ['moirai'] }), 'moirai')).toMatchObject({
      licenceState: 'accepted',
      inDefaultLadder: false,
    });
  });
});
