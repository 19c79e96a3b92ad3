/**
 * A family added through `registerTsfmFamily` alone — a stand-in honouring the family contract
 * (descriptor, detect, a forecaster with simple numbers, a parity runner) — is offered everywhere a
 * built-in family is: the default TSFM policy, `forecast --tsfm … --model-dir …`, `models` and
 * `parity`. Nothing else is edited to get there: that is what makes the registry the single list.
 * The CLI runs in-process through its commander program, so the registration is visible to it.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { commands } from '../cli/commands/index.js';
import { hasAdapterFactory } from '../runtime/adapterRegistry.js';
import { parseTaskSpec } from '../task/taskSpec.js';
import { detectTsfmFamily, registerTsfmFamily, tsfmFamilyNames, unregisterTsfmFamily } from './families.js';
import type { TsfmFamily, TsfmForecaster } from './family.js';
import type { ParityFamily } from './parity/types.js';

const NAME = 'standin';
const BUILT_IN = tsfmFamilyNames();
// The default policy holds the commercially licensed families only (Moirai 2.0 is CC-BY-NC-4.0).
const BUILT_IN_DEFAULT = BUILT_IN.filter((name) => name !== 'moirai');

/** The stand-in's forecast: the last observed value for every step; quantile k is that value + (level − 0.5). */
function standInForecaster(): TsfmForecaster {
  return {
    info: { variant: NAME, parameters: 1, weightBytes: 4 },
    covariates: { past: false, futureKnown: false },
    async forecast(items, { h, quantileLevels }) {
      return items.map((item) => {
        const last = [...item.target].reverse().find(Number.isFinite) ?? 0;
        const quantiles = new Float64Array(h * quantileLevels.length);
        for (let t = 0; t < h; t++) quantileLevels.forEach((level, k) => (quantiles[t * quantileLevels.length + k] = last + level - 0.5));
        return { levels: quantileLevels, quantiles, mean: new Float64Array(h).fill(last) };
      });
    },
    dispose: async () => {},
  };
}

/** Replays a case by answering [1, 2] for `y`; the stored outputs must say the same, exactly. */
const standInParity: ParityFamily = {
  family: NAME,
  open: async () => ({ runCase: async () => ({ y: { shape: [2], data: [1, 2] } }), dispose: async () => {} }),
  expected: (c) => ({ y: { shape: [2], data: (c['outputs'] as { y: number[] }).y } }),
  tolerance: () => () => 0,
};

const standInFamily: TsfmFamily = {
  name: NAME,
  displayName: 'Stand-in',
  defaultSize: 'tiny',
  models: [{ size: 'tiny', id: 'tsagentkit-test/stand-in-tiny', parameters: 1 }],
  licence: { spdx: 'Apache-2.0', commercialUse: true, url: 'https://example.invalid/stand-in' },
  detect: (config) => ((config as { architectures?: unknown } | null)?.architectures === 'StandIn' ? NAME : undefined),
  load: async () => standInForecaster(),
  parity: { [NAME]: async () => standInParity },
};

const work = mkdtempSync(path.join(tmpdir(), 'tsak-standin-'));
const checkpoint = path.join(work, 'checkpoint');
const savedCache = process.env['HF_HUB_CACHE'];
let unregister: () => void = () => {};

beforeAll(() => {
  process.env['HF_HUB_CACHE'] = path.join(work, 'empty-hf-cache');
  // A checkpoint directory is config.json + model.safetensors (here one with no tensors: an 8-byte
  // header length, then the JSON header); the stand-in reads no weights.
  mkdirSync(checkpoint);
  writeFileSync(path.join(checkpoint, 'config.json'), JSON.stringify({ architectures: 'StandIn' }));
  const header = Buffer.from('{}      ');
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(header.length));
  writeFileSync(path.join(checkpoint, 'model.safetensors'), Buffer.concat([length, header]));
  unregister = registerTsfmFamily(standInFamily);
});

afterAll(() => {
  unregister();
  if (savedCache === undefined) delete process.env['HF_HUB_CACHE'];
  else process.env['HF_HUB_CACHE'] = savedCache;
});

afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
});

/** `tsagentkit <args>` in-process, as `cli/main.ts` builds it; stdout, stderr and the exit code. */
async function tsagentkit(...args: string[]): Promise<{ exit: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((stdout += String(s)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((stderr += String(s)), true));
  const program = new Command().exitOverride();
  for (const register of commands) register(program);
  await program.parseAsync(['node', 'tsagentkit', ...args]);
  return { exit: Number(process.exitCode ?? 0), stdout, stderr };
}

describe('a family registered with registerTsfmFamily', () => {
  it('is in the registry, detected from its config.json, and served by the ModelPool', () => {
    expect(tsfmFamilyNames()).toEqual([...BUILT_IN, NAME]);
    expect(detectTsfmFamily({ architectures: 'StandIn' })).toEqual({ family: standInFamily, variant: NAME });
    expect(hasAdapterFactory(NAME)).toBe(true);
  });

  it('is in the default TSFM policy, after the built-in families (registry order; commercially licensed ones only)', () => {
    expect(parseTaskSpec({ h: 1 }).tsfmPolicy.adapters).toEqual([...BUILT_IN_DEFAULT, NAME]);
    expect(parseTaskSpec({ h: 1, tsfmPolicy: { mode: 'required' } }).tsfmPolicy.adapters).toEqual([...BUILT_IN_DEFAULT, NAME]);
  });

  it('forecast --tsfm standin --model-dir standin=<dir> --tsfm-policy required answers with it', async () => {
    const out = path.join(work, 'forecast');
    const r = await tsagentkit(
      'forecast',
      '--example',
      'unemployment',
      '--h',
      '3',
      '--mode',
      'quick',
      '--quiet',
      '--tsfm',
      NAME,
      '--model-dir',
      `${NAME}=${checkpoint}`,
      '--tsfm-policy',
      'required',
      '--out',
      out,
    );
    expect(r.stderr).toBe('');
    expect(r.exit).toBe(0);
    const [header, ...rows] = readFileSync(path.join(out, 'forecast.csv'), 'utf8').trim().split('\n');
    const modelColumn = header.split(',').indexOf('model');
    expect(rows.length).toBeGreaterThan(0);
    expect(new Set(rows.map((row) => row.split(',')[modelColumn]))).toEqual(new Set([NAME]));
    // The stand-in's numbers: the last value for every step, so each series' mean is flat.
    const meanColumn = header.split(',').indexOf('mean');
    const firstSeries = rows.slice(0, 3).map((row) => Number(row.split(',')[meanColumn]));
    expect(new Set(firstSeries).size).toBe(1);
  });

  it('models lists it and identifies a --model-dir whose config.json its detect accepts', async () => {
    const r = await tsagentkit('models', '--json', '--model-dir', checkpoint);
    expect(r.exit).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.models).toContainEqual(
      expect.objectContaining({ family: NAME, size: 'tiny', modelId: 'tsagentkit-test/stand-in-tiny', default: true }),
    );
    expect(report.dirs).toEqual([expect.objectContaining({ dir: checkpoint, family: NAME, variant: NAME, present: true, problem: null })]);
  });

  it('parity dispatches a case file whose family names its parity runner', async () => {
    const file = path.join(work, 'standin.cases.json');
    const cases = [{ name: 'answers_one_two', level: 'model', outputs: { y: [1, 2] } }];
    writeFileSync(file, JSON.stringify({ family: NAME, checkpoint_dir: 'checkpoint', tolerance: { abs: 0, rel: 0 }, cases }));
    const r = await tsagentkit('parity', file);
    expect(r.exit).toBe(0);
    expect(r.stdout).toMatch(/^PASS {2}answers_one_two {2}\[model\]/m);
    expect(r.stdout).toMatch(/^1\/1 cases pass \(standin, standin\.cases\.json\)/m);
  });

  it('is gone everywhere once unregistered', () => {
    expect(unregisterTsfmFamily(NAME)).toBe(true);
    expect(tsfmFamilyNames()).toEqual(BUILT_IN);
    expect(hasAdapterFactory(NAME)).toBe(false);
    expect(parseTaskSpec({ h: 1 }).tsfmPolicy.adapters).toEqual(BUILT_IN_DEFAULT);
    expect(unregisterTsfmFamily(NAME)).toBe(false);
    unregister(); // the restore function of a family already removed does nothing
    expect(tsfmFamilyNames()).toEqual(BUILT_IN);
  });
});
