/**
 * Real checkpoints as users get them (issue 18): a Hugging Face hub cache laid out exactly as
 * huggingface_hub writes it — `models--<org>--<name>/blobs/<sha256>`, `snapshots/<rev>/{config.json,
 * model.safetensors}` as relative symlinks `../../blobs/<sha256>`, `refs/main` holding the revision —
 * around the four released config.json files (test/fixtures/released-configs, byte-exact) and
 * random weights in the released tensor layout, and the real CLI answering with each family.
 *
 * Sizes: Chronos-Bolt tiny and Moirai 2.0 small use their released config byte for byte, so their
 * weights are full size (34.6 MB, 45.6 MB). Chronos-2 (478 MB) and TimesFM 2.5 (925 MB) are reduced:
 * detection keys on the config's structure (pipeline class; TimesFM's transformers class and
 * layout), never on its dimensions, so the released file keeps every key and only the dimension
 * values shrink. A separate check parses the released TimesFM and Chronos-2 files themselves.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { modelsReport } from '../cli/commands/models.js';
import { forecastCommand } from '../cli/commands/forecast.js';
import { ECheckpointCorrupt, ECheckpointMismatch, ECheckpointNotFound, EConfigInvalid } from '../errors/index.js';
import { parseChronosBoltConfig } from './chronos/bolt/config.js';
import { chronosBoltExpectedShapes } from './chronos/bolt/model/weights.js';
import { parseChronos2Config } from './chronos/chronos2/config.js';
import { chronos2ExpectedShapes, chronos2RandomInit } from './chronos/chronos2/model/weights.js';
import { detectChronosFamily } from './chronos/detect.js';
import { writeRandomCheckpoint, type RandomCheckpoint } from './engine/randomCheckpoint.js';
import { detectTsfmFamily, unsupportedTsfmCheckpoint } from './families.js';
import { parseMoirai2Config } from './moirai/config.js';
import { moirai2ExpectedShapes, moirai2RandomInit } from './moirai/model/weights.js';
import { parseTimesFM2p5Config } from './timesfm/config.js';
import { loadTimesFMModel } from './timesfm/model/load.js';
import { timesfmExpectedShapes, timesfmRandomInit } from './timesfm/model/weights.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const RELEASED = join(ROOT, 'test/fixtures/released-configs');
const VITE_NODE = join(ROOT, 'node_modules/vite-node/vite-node.mjs');
const DIST_CLI = join(ROOT, 'dist/cli/main.js');
const REV = '29ec3766a8b1c2d3e4f5061728394a5b6c7d8e9f';

const released = (name: string): string => readFileSync(join(RELEASED, `${name}.config.json`), 'utf8');
const releasedJson = (name: string): Record<string, unknown> => JSON.parse(released(name)) as Record<string, unknown>;

/** Chronos-2's released structure at d_model 64; `quantiles` for chronos-2-small's 13. */
function reducedChronos2(quantiles?: number[]): Record<string, unknown> {
  const c = releasedJson('chronos-2');
  const cc = c['chronos_config'] as Record<string, unknown>;
  return {
    ...c,
    d_model: 64,
    d_ff: 128,
    d_kv: 16,
    num_heads: 4,
    num_layers: 2,
    chronos_config: { ...cc, ...(quantiles ? { quantiles } : {}) },
  };
}

/** TimesFM 2.5's released transformers-style file at hidden_size 64 (every key kept). */
function reducedTimesFM(): Record<string, unknown> {
  return {
    ...releasedJson('timesfm-2.5-200m-pytorch'),
    hidden_size: 64,
    num_hidden_layers: 2,
    num_attention_heads: 4,
    head_dim: 16,
    intermediate_size: 64,
  };
}

const CHRONOS2_SMALL_QUANTILES = [0.01, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99];

/** Writes config + random weights to a scratch folder; returns it with the weights' size. */
function writeCheckpoint(
  root: string,
  name: string,
  configText: string,
  shapes: Map<string, number[]>,
  initOf: (n: string) => 'weight' | 'gain' | 'bias',
) {
  const dir = join(root, 'scratch', name);
  const written = writeRandomCheckpoint(dir, { config: {}, shapes, initOf, seed: 7 });
  writeFileSync(join(dir, 'config.json'), configText); // the exact text (byte-exact for released files)
  return { dir, written };
}

/** Moves a checkpoint folder's files into a hub cache the way huggingface_hub stores them. */
function intoHubCache(hub: string, repoId: string, from: string, options: { absolute?: boolean } = {}): string {
  const repo = join(hub, `models--${repoId.replace('/', '--')}`);
  const snapshot = join(repo, 'snapshots', REV);
  mkdirSync(join(repo, 'blobs'), { recursive: true });
  mkdirSync(snapshot, { recursive: true });
  mkdirSync(join(repo, 'refs'), { recursive: true });
  writeFileSync(join(repo, 'refs', 'main'), REV);
  for (const file of ['config.json', 'model.safetensors']) {
    if (!existsSync(join(from, file))) continue;
    const sha = createHash('sha256')
      .update(readFileSync(join(from, file)))
      .digest('hex');
    renameSync(join(from, file), join(repo, 'blobs', sha));
    symlinkSync(options.absolute ? join(repo, 'blobs', sha) : `../../blobs/${sha}`, join(snapshot, file));
  }
  return snapshot;
}

function cli(args: string[], env: NodeJS.ProcessEnv): { status: number | null; stdout: string; stderr: string } {
  const argv = existsSync(VITE_NODE) ? [VITE_NODE, join(ROOT, 'src/cli/main.ts'), '--', ...args] : [DIST_CLI, ...args];
  const r = spawnSync(process.execPath, argv, { cwd: ROOT, env: { ...process.env, ...env }, encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The `model` column of a forecast.csv, one entry per row. */
function modelsOf(out: string): string[] {
  const [header, ...rows] = readFileSync(join(out, 'forecast.csv'), 'utf8').trim().split('\n');
  const col = header!.split(',').indexOf('model');
  return rows.map((r) => r.split(',')[col]!);
}

let root: string;
let hub: string;
const sizes: Record<string, RandomCheckpoint> = {};
const snapshots: Record<string, string> = {};

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'tsak-released-'));
  hub = join(root, 'hub');
  const put = (
    repoId: string,
    key: string,
    configText: string,
    shapes: Map<string, number[]>,
    initOf: (n: string) => 'weight' | 'gain' | 'bias',
  ) => {
    const { dir, written } = writeCheckpoint(root, key, configText, shapes, initOf);
    sizes[key] = written;
    snapshots[key] = intoHubCache(hub, repoId, dir);
  };
  const c2 = reducedChronos2();
  put('amazon/chronos-2', 'chronos2', JSON.stringify(c2, null, 2), chronos2ExpectedShapes(parseChronos2Config(c2)), chronos2RandomInit);
  const c2s = reducedChronos2(CHRONOS2_SMALL_QUANTILES);
  put(
    'autogluon/chronos-2-small',
    'chronos2-small',
    JSON.stringify(c2s, null, 2),
    chronos2ExpectedShapes(parseChronos2Config(c2s)),
    chronos2RandomInit,
  );
  const bolt = released('chronos-bolt-tiny');
  put('amazon/chronos-bolt-tiny', 'bolt', bolt, chronosBoltExpectedShapes(parseChronosBoltConfig(JSON.parse(bolt))), chronos2RandomInit);
  const tfm = reducedTimesFM();
  put(
    'google/timesfm-2.5-200m-pytorch',
    'timesfm',
    JSON.stringify(tfm, null, 2),
    timesfmExpectedShapes(parseTimesFM2p5Config(tfm)),
    timesfmRandomInit,
  );
  const moirai = released('moirai-2.0-R-small');
  put('Salesforce/moirai-2.0-R-small', 'moirai', moirai, moirai2ExpectedShapes(parseMoirai2Config(JSON.parse(moirai))), moirai2RandomInit);
}, 120_000);

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('the released config.json files', () => {
  it('are detected as their family and variant (library and `tsagentkit models --model-dir`)', () => {
    const expected: Record<string, [string, string]> = {
      'chronos-2': ['chronos', 'chronos2'],
      'chronos-bolt-tiny': ['chronos', 'chronos_bolt'],
      'timesfm-2.5-200m-pytorch': ['timesfm', 'timesfm2p5'],
      'moirai-2.0-R-small': ['moirai', 'moirai2'],
    };
    for (const [name, [family, variant]] of Object.entries(expected)) {
      const found = detectTsfmFamily(releasedJson(name));
      expect([found?.family.name, found?.variant], name).toEqual([family, variant]);
    }
    // The hub snapshots hold the byte-exact Bolt and Moirai files; `models` reads them through the links.
    const report = modelsReport({ cacheDir: hub, modelDir: snapshots['bolt']! });
    expect(report.dirs[0]).toMatchObject({ family: 'chronos', variant: 'chronos_bolt', present: true });
    for (const key of ['chronos2', 'timesfm', 'moirai']) {
      const r = modelsReport({ cacheDir: hub, modelDir: snapshots[key]! });
      expect(r.dirs[0]?.present, key).toBe(true);
    }
    // And every released checkpoint is listed as found in the cache.
    const local = report.models.filter((m) => m.local !== null).map((m) => m.modelId);
    expect(local.sort()).toEqual(
      [
        'Salesforce/moirai-2.0-R-small',
        'amazon/chronos-2',
        'amazon/chronos-bolt-tiny',
        'autogluon/chronos-2-small',
        'google/timesfm-2.5-200m-pytorch',
      ].sort(),
    );
  });

  it("parse TimesFM 2.5's transformers-style file onto the released 200M dims", () => {
    const c = parseTimesFM2p5Config(releasedJson('timesfm-2.5-200m-pytorch'));
    expect(c).toEqual(parseTimesFM2p5Config({}));
    expect(c).toMatchObject({
      model_dims: 1280,
      num_layers: 20,
      num_heads: 16,
      input_patch_len: 32,
      output_patch_len: 128,
      output_quantile_len: 1024,
      ff_hidden_dims: 1280,
      decode_index: 5,
    });
    const reference = JSON.parse(readFileSync(join(ROOT, 'test/fixtures/timesfm2p5/reference_200m_state_dict_shapes.json'), 'utf8')) as {
      state_dict: Record<string, number[]>;
    };
    expect(Object.fromEntries(timesfmExpectedShapes(c))).toEqual(reference.state_dict);
    // Chronos-2 base parses with its 21 quantiles.
    expect(parseChronos2Config(releasedJson('chronos-2')).chronos_config.quantiles).toHaveLength(21);
  });

  it('name the version of a TimesFM 1.0/2.0 or Chronos T5 config: typed errors with a hint', () => {
    const tfm2 = {
      architectures: ['TimesFmModelForPrediction'],
      model_type: 'timesfm',
      context_length: 2048,
      freq_size: 3,
      head_dim: 80,
      hidden_size: 1280,
      horizon_length: 128,
      intermediate_size: 1280,
      num_attention_heads: 16,
      num_hidden_layers: 50,
      patch_length: 32,
      quantiles: [0.1, 0.5, 0.9],
      rms_norm_eps: 1e-6,
      use_positional_embedding: false,
    };
    const tfm1 = { ...tfm2, context_length: 512, num_hidden_layers: 20, use_positional_embedding: true };
    expect(detectTsfmFamily(tfm2)).toBeUndefined();
    expect(unsupportedTsfmCheckpoint(tfm2)?.reason).toMatch(/TimesFM 2\.0 .*TimesFM 2\.5 only/);
    expect(unsupportedTsfmCheckpoint(tfm1)?.reason).toMatch(/TimesFM 1\.0/);
    const err = (() => {
      try {
        parseTimesFM2p5Config(tfm2, 'x/config.json');
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(err).toBeInstanceOf(ECheckpointMismatch);
    expect((err as ECheckpointMismatch).message).toContain('TimesFM 2.0');
    expect((err as ECheckpointMismatch).fixHint).toContain('google/timesfm-2.5-200m-pytorch');
    // A 2.5-looking file with a wrong head_dim is a config error, not a different model.
    expect(() => parseTimesFM2p5Config({ ...reducedTimesFM(), head_dim: 8 })).toThrow(EConfigInvalid);

    const t5 = {
      architectures: ['T5ForConditionalGeneration'],
      model_type: 't5',
      chronos_config: { tokenizer_class: 'MeanScaleUniformBins', n_tokens: 4096 },
      chronos_pipeline_class: 'ChronosPipeline',
    };
    expect(detectTsfmFamily(t5)).toBeUndefined();
    expect(() => detectChronosFamily(t5)).toThrow(/Chronos \(T5, v1\)/);
    const dir = join(root, 'tfm2');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'config.json'), JSON.stringify(tfm2));
    writeFileSync(join(dir, 'model.safetensors'), '');
    expect(modelsReport({ cacheDir: hub, modelDir: dir }).dirs[0]).toMatchObject({
      family: 'timesfm',
      present: false,
      problem: expect.stringMatching(/TimesFM 2\.0/),
    });
  });
});

describe('a Hugging Face hub cache of the released checkpoints', () => {
  const families: Array<[family: string, extra: string[], env: NodeJS.ProcessEnv]> = [
    ['chronos', [], {}],
    ['chronos', ['--model-size', 'chronos=bolt-tiny'], {}],
    ['timesfm', [], {}],
    ['moirai', [], { TSAGENTKIT_ACCEPT_LICENCES: 'moirai' }],
  ];
  it.each(families)(
    'forecast --tsfm %s %j --tsfm-policy required answers with that family',
    (family, extra, env) => {
      const out = join(root, `out-${family}-${extra.length}`);
      const r = cli(
        ['forecast', '--example', 'co2', '--tsfm', family, '--tsfm-policy', 'required', '--mode', 'quick', '--out', out, ...extra],
        {
          HF_HUB_CACHE: hub,
          HF_HUB_OFFLINE: '1',
          TSAGENTKIT_CACHE_DIR: join(root, 'graphs'),
          TSAGENTKIT_WORKERS: '1',
          ...env,
        },
      );
      expect(r.status, r.stderr).toBe(0);
      expect(r.stderr).not.toMatch(/could not be loaded|statistical ladder/);
      const models = modelsOf(out);
      expect(models.length).toBeGreaterThan(0);
      expect(new Set(models)).toEqual(new Set([family]));
      const artifact = JSON.parse(readFileSync(join(out, 'artifact.json'), 'utf8')) as {
        fallbacks: unknown[];
        model: { seriesPerModel: Record<string, number> };
      };
      expect(artifact.fallbacks).toEqual([]);
      expect(Object.keys(artifact.model.seriesPerModel)).toEqual([family]);
    },
    180_000,
  );
});

describe('hub-cache variants, in process', () => {
  const saved = { ...process.env };
  beforeAll(() => {
    process.env['HF_HUB_CACHE'] = hub;
    process.env['HF_HUB_OFFLINE'] = '1';
    process.env['TSAGENTKIT_CACHE_DIR'] = join(root, 'graphs-in-process');
    process.env['TSAGENTKIT_ACCEPT_LICENCES'] = 'moirai'; // the non-commercial licence gate
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  });
  afterAll(() => {
    vi.restoreAllMocks();
    for (const k of ['HF_HUB_CACHE', 'HF_HUB_OFFLINE', 'TSAGENTKIT_CACHE_DIR', 'TSAGENTKIT_ACCEPT_LICENCES']) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
  });
  const run = (o: Record<string, string>) =>
    forecastCommand(undefined, { example: 'co2', h: '4', mode: 'quick', tsfmPolicy: 'required', quiet: true, ...o });

  it('Chronos-2 small with 13 quantiles, from the cache (--model-size chronos=small)', async () => {
    const r = await run({ tsfm: 'chronos', modelSize: 'chronos=small', out: join(root, 'o-small') });
    expect(r.artifact.fallbacks).toEqual([]);
    expect(Object.keys(r.artifact.model.seriesPerModel)).toEqual(['chronos']);
  }, 60_000);

  it('a --model-dir that is a snapshot folder; a second load, through the graph cache, gives the same forecast', async () => {
    const a = await run({ tsfm: 'timesfm', modelDir: `timesfm=${snapshots['timesfm']!}`, out: join(root, 'o-snap-1') });
    // The optimised graph was cached (it holds its own weights, so it never needs the blob's path).
    expect(readdirSync(join(root, 'graphs-in-process', 'graphs')).length).toBeGreaterThan(0);
    const b = await run({ tsfm: 'timesfm', modelDir: `timesfm=${snapshots['timesfm']!}`, out: join(root, 'o-snap-2') });
    expect(Object.keys(a.artifact.model.seriesPerModel)).toEqual(['timesfm']);
    expect(readFileSync(join(root, 'o-snap-2', 'forecast.csv'), 'utf8')).toBe(readFileSync(join(root, 'o-snap-1', 'forecast.csv'), 'utf8'));
    expect(b.artifact.fallbacks).toEqual([]);
  }, 60_000);

  it('absolute symlinks into the blobs (Moirai, weights kept as external data)', async () => {
    const { dir } = writeCheckpoint(
      root,
      'moirai-abs',
      released('moirai-2.0-R-small'),
      moirai2ExpectedShapes(parseMoirai2Config(releasedJson('moirai-2.0-R-small'))),
      moirai2RandomInit,
    );
    const absHub = join(root, 'hub-abs');
    intoHubCache(absHub, 'Salesforce/moirai-2.0-R-small', dir, { absolute: true });
    process.env['HF_HUB_CACHE'] = absHub;
    try {
      const r = await run({ tsfm: 'moirai', out: join(root, 'o-abs') });
      expect(Object.keys(r.artifact.model.seriesPerModel)).toEqual(['moirai']);
      expect(r.artifact.fallbacks).toEqual([]);
    } finally {
      process.env['HF_HUB_CACHE'] = hub;
    }
  }, 60_000);

  it('a TimesFM folder holding only model.safetensors loads (the default dims; here a mismatch names the tensor)', async () => {
    // Upstream saves model.safetensors alone; without config.json the loader takes the 200M dims, so
    // the reduced weights are a typed shape mismatch — proof the folder was accepted and read as TimesFM.
    const dir = join(root, 'tfm-weights-only');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'model.safetensors'), readFileSync(join(snapshots['timesfm']!, 'model.safetensors')));
    expect(modelsReport({ cacheDir: hub, modelDir: dir }).dirs[0]).toMatchObject({
      family: 'timesfm',
      variant: 'timesfm2p5',
      present: true,
    });
    await expect(loadTimesFMModel(dir)).rejects.toThrow(ECheckpointMismatch);
    // With its config.json beside it, the same weights load.
    writeFileSync(join(dir, 'config.json'), JSON.stringify(reducedTimesFM()));
    const model = await loadTimesFMModel(dir);
    expect(model.dims.modelDims).toBe(64);
    await model.dispose();
  }, 60_000);
});

describe('bad checkpoints are typed errors with a hint', () => {
  it('a truncated model.safetensors', async () => {
    const dir = join(root, 'truncated');
    mkdirSync(dir, { recursive: true });
    const bytes = readFileSync(join(snapshots['chronos2']!, 'model.safetensors'));
    writeFileSync(join(dir, 'model.safetensors'), bytes.subarray(0, bytes.length - 1000));
    writeFileSync(join(dir, 'config.json'), readFileSync(join(snapshots['chronos2']!, 'config.json')));
    const { loadChronos2Model } = await import('./chronos/chronos2/model/index.js');
    const err = await loadChronos2Model(dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ECheckpointCorrupt);
    expect((err as ECheckpointCorrupt).message).toMatch(/truncated/);
    expect((err as ECheckpointCorrupt).fixHint).toMatch(/Re-download/);
  });

  it('a snapshot whose blob is missing (dangling symlink): loader, source resolution and `models`', async () => {
    const { dir } = writeCheckpoint(
      root,
      'dangling',
      JSON.stringify(reducedTimesFM()),
      timesfmExpectedShapes(parseTimesFM2p5Config(reducedTimesFM())),
      timesfmRandomInit,
    );
    const danglingHub = join(root, 'hub-dangling');
    const snapshot = intoHubCache(danglingHub, 'google/timesfm-2.5-200m-pytorch', dir);
    const blob = readFileSync(join(snapshot, 'model.safetensors'));
    expect(blob.length).toBeGreaterThan(0);
    unlinkSync(join(danglingHub, 'models--google--timesfm-2.5-200m-pytorch', 'blobs', createHash('sha256').update(blob).digest('hex')));
    const loadErr = await loadTimesFMModel(snapshot).catch((e: unknown) => e);
    expect(loadErr).toBeInstanceOf(ECheckpointNotFound);
    expect((loadErr as ECheckpointNotFound).message).toMatch(/symlink to \.\.\/\.\.\/blobs\/[0-9a-f]{64}, which does not exist/);
    expect((loadErr as ECheckpointNotFound).fixHint).toMatch(/blob behind the snapshot is missing/);
    const { resolveModelSource } = await import('./sources/resolve.js');
    const resolveErr = await resolveModelSource(snapshot).catch((e: unknown) => e);
    expect(resolveErr).toBeInstanceOf(ECheckpointNotFound);
    expect((resolveErr as ECheckpointNotFound).message).toMatch(/model\.safetensors is a symlink to a missing file/);
    expect(modelsReport({ cacheDir: danglingHub, modelDir: snapshot }).dirs[0]?.problem).toMatch(/symlink to a missing file/);
  });
});
