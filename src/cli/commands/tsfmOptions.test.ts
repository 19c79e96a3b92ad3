/**
 * The CLI's family-aware TSFM options: `--model-dir` / `--model-size` per family (parsed by
 * commander), `tsagentkit models`, and `backtest` taking its TSFMs from a ModelPool. HF_HUB_CACHE
 * points at a folder of this test, so what is "in the cache" is known.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { ETaskSpecInvalid } from '../../errors/index.js';
import { runtimeTelemetry } from '../../runtime/telemetry.js';
import { tsfmFamilyNames } from '../../tsfm/families.js';
import { backtestCommand } from './backtest.js';
import { register as registerForecast } from './forecast.js';
import { modelsCommand } from './models.js';
import { parsePerFamily, perAdapter } from './tsfmAvailability.js';

const fixtures = fileURLToPath(new URL('../../../test/fixtures/', import.meta.url));
const CHRONOS2_DIR = path.join(fixtures, 'chronos2/checkpoints/random-s0');
const BOLT_DIR = path.join(fixtures, 'chronos_bolt/checkpoints/random-s0');
const work = mkdtempSync(path.join(tmpdir(), 'tsak-tsfm-opts-'));
const hfCache = path.join(work, 'hub');
const savedCache = process.env['HF_HUB_CACHE'];
let stdout = '';

beforeAll(() => {
  process.env['HF_HUB_CACHE'] = hfCache;
  // amazon/chronos-bolt-tiny is "downloaded": refs/main → a snapshot holding the checkpoint files.
  const repo = path.join(hfCache, 'models--amazon--chronos-bolt-tiny');
  mkdirSync(path.join(repo, 'refs'), { recursive: true });
  writeFileSync(path.join(repo, 'refs', 'main'), 'abc123');
  cpSync(BOLT_DIR, path.join(repo, 'snapshots', 'abc123'), { recursive: true });
});
afterAll(() => {
  if (savedCache === undefined) delete process.env['HF_HUB_CACHE'];
  else process.env['HF_HUB_CACHE'] = savedCache;
  rmSync(work, { recursive: true, force: true });
});
beforeEach(() => {
  stdout = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
});
afterEach(() => vi.restoreAllMocks());

function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  return undefined;
}

describe('--model-dir / --model-size per family', () => {
  it('parses keyed and bare values, merges repeated options, and maps a bare value to the first TSFM of the policy', () => {
    const keyed = parsePerFamily('--model-dir', 'chronos=./c2');
    expect(keyed).toEqual({ byFamily: { chronos: './c2' } });
    const both = parsePerFamily('--model-dir', './first', keyed);
    expect(both).toEqual({ bare: './first', byFamily: { chronos: './c2' } });
    expect(perAdapter('--model-dir', parsePerFamily('--model-dir', './c2'), ['chronos', 'moirai'])).toEqual({ chronos: './c2' });
    expect(perAdapter('--model-dir', undefined, ['chronos'])).toEqual({});
    // a path that merely contains '=' after a non-name prefix stays a path
    expect(parsePerFamily('--model-dir', './runs/a=b')).toEqual({ bare: './runs/a=b', byFamily: {} });
  });

  it('an unknown family is a typed error that names the known ones', () => {
    const err = thrown(() => parsePerFamily('--model-dir', 'chronos=./c2,prophet=./p'));
    expect(err).toBeInstanceOf(ETaskSpecInvalid);
    expect((err as Error).message).toBe(`--model-dir names an unknown TSFM family "prophet"; known: ${tsfmFamilyNames().join(', ')}.`);
  });

  it('refuses two bare values, a keyed family outside the policy, and a bare value clashing with a keyed one', () => {
    expect(thrown(() => parsePerFamily('--model-size', 'small,base'))).toBeInstanceOf(ETaskSpecInvalid);
    const outside = thrown(() => perAdapter('--model-dir', parsePerFamily('--model-dir', 'chronos=./c2'), ['moirai']));
    expect((outside as Error).message).toBe('--model-dir names chronos, which the TSFM policy does not use (moirai).');
    const clash = thrown(() => perAdapter('--model-dir', parsePerFamily('--model-dir', './a,chronos=./b'), ['chronos']));
    expect((clash as Error).message).toBe('--model-dir gives chronos two values: "./a" and "./b".');
  });

  it('commander parses the options into per-family values; a bad family aborts the parse with the typed error', async () => {
    const program = new Command().exitOverride();
    let seen: unknown;
    registerForecast(program);
    const forecast = program.commands.find((c) => c.name() === 'forecast');
    forecast?.action((_file: unknown, o: { modelDir?: unknown; modelSize?: unknown }) => {
      seen = o;
    });
    await program.parseAsync(['forecast', '--model-dir', 'chronos=./c2', '--model-dir', './x', '--model-size', 'chronos=small'], {
      from: 'user',
    });
    expect(seen).toMatchObject({ modelDir: { bare: './x', byFamily: { chronos: './c2' } }, modelSize: { byFamily: { chronos: 'small' } } });
    await expect(program.parseAsync(['forecast', '--model-dir', 'nope=./n'], { from: 'user' })).rejects.toBeInstanceOf(ETaskSpecInvalid);
  });
});

describe('tsagentkit models', () => {
  it('--json lists every family and model with size, parameters, licence and local presence', () => {
    const { report } = modelsCommand({ json: true, modelDir: `chronos=${CHRONOS2_DIR}` });
    expect(JSON.parse(stdout)).toEqual(JSON.parse(JSON.stringify(report)));
    expect(report.cacheDir).toBe(hfCache);
    const chronos = report.models.filter((m) => m.family === 'chronos');
    expect(chronos.map((m) => m.size)).toEqual(['base', 'small', 'bolt-tiny', 'bolt-mini', 'bolt-small', 'bolt-base']);
    expect(chronos.find((m) => m.default)?.modelId).toBe('amazon/chronos-2');
    expect(chronos[0]).toMatchObject({ parameters: 120e6, licence: { spdx: 'Apache-2.0', commercialUse: true }, local: null });
    const tiny = report.models.find((m) => m.modelId === 'amazon/chronos-bolt-tiny');
    expect(tiny?.local).toEqual({ kind: 'hf-cache', dir: path.join(hfCache, 'models--amazon--chronos-bolt-tiny', 'snapshots', 'abc123') });
    expect(report.models.filter((m) => m.local !== null).map((m) => m.modelId)).toEqual(['amazon/chronos-bolt-tiny']);
    expect(report.dirs).toEqual([{ dir: CHRONOS2_DIR, family: 'chronos', variant: 'chronos2', present: true, problem: null }]);
  });

  it('identifies a bare --model-dir from its config.json and says why a directory cannot serve', () => {
    const empty = mkdtempSync(path.join(work, 'empty-'));
    const { report } = modelsCommand({ modelDir: `${BOLT_DIR},chronos=${empty}` });
    expect(report.dirs).toEqual([
      { dir: BOLT_DIR, family: 'chronos', variant: 'chronos_bolt', present: true, problem: null },
      { dir: empty, family: 'chronos', variant: null, present: false, problem: 'lacks config.json and model.safetensors' },
    ]);
    expect(stdout).toMatch(/^ {2}family +size +model id +params +licence +commercial +use +local$/m);
    expect(stdout).toMatch(/^ {2}chronos +base \* +amazon\/chronos-2 +120M +Apache-2\.0 +yes +yes +—$/m);
    expect(stdout).toMatch(
      /^ {2}moirai +small \* +Salesforce\/moirai-2\.0-R-small +11\.4M +CC-BY-NC-4\.0 +no +--accept-licence moirai +—$/m,
    );
    expect(stdout).toContain(`--model-dir ${BOLT_DIR}: chronos checkpoint (chronos_bolt)`);
  });
});

describe('backtest with a TSFM', () => {
  it('takes chronos from a ModelPool: one checkpoint load for every window, next to a statistical model', async () => {
    const before = runtimeTelemetry.snapshot().per_adapter['chronos']?.load_count ?? 0;
    const r = await backtestCommand(undefined, {
      example: 'unemployment',
      models: 'chronos,Naive',
      modelDir: CHRONOS2_DIR,
      h: '4',
      windows: '3',
      quiet: true,
    });
    expect(r.failed).toEqual({});
    expect(r.reports.map((x) => [x.model, x.nWindowsOk])).toEqual([
      ['chronos', 3],
      ['Naive', 3],
    ]);
    expect((runtimeTelemetry.snapshot().per_adapter['chronos']?.load_count ?? 0) - before).toBe(1);
  });

  it('records a TSFM without a checkpoint as not run, with where it looked', async () => {
    const r = await backtestCommand(undefined, { example: 'stocks', models: 'chronos,Naive', h: '3', quiet: true });
    expect(r.failed['chronos']).toBe(`no checkpoint (looked in ${path.join(hfCache, 'models--amazon--chronos-2')})`);
    expect(r.reports.map((x) => x.model)).toEqual(['Naive']);
  });
});
