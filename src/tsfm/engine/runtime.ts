/**
 * onnxruntime-node sessions for graphs built in TypeScript. One `EngineSession` wraps one
 * `ort.InferenceSession`: created from serialised ModelProto bytes (weights inside, or left in the
 * checkpoint file as external data via `externalDataDir`), run with named typed-array inputs,
 * released explicitly (native memory is not reclaimed by the JS GC in time).
 *
 * Defaults: CPU provider ('cuda' on request, typed error when absent), graph optimisation 'all',
 * inter-op threads 1, intra-op threads configurable, no spin-waiting, GEMM weights pre-packed.
 * `createCachedSession` keeps onnxruntime's optimised, pre-packed model on disk so later loads map
 * it instead of rebuilding it.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as ort from 'onnxruntime-node';
import { EModelLoadFailed, EModelPredictFailed } from '../../errors/index.js';
import { currentVersions } from '../../forecast/versions.js';
import type { EngineOptions } from './options.js';
import { loadOrt, type Ort } from './ort.js';

export type FeedValue =
  | { type: 'float32'; data: Float32Array; dims: number[] }
  | { type: 'int64'; data: BigInt64Array; dims: number[] }
  | { type: 'int32'; data: Int32Array; dims: number[] }
  | { type: 'bool'; data: Uint8Array; dims: number[] };

export type Feeds = Record<string, FeedValue>;

export interface RunOutput {
  data: Float32Array | BigInt64Array | Int32Array | Uint8Array;
  dims: readonly number[];
}

export interface SessionCreateOptions extends EngineOptions {
  /** Label for errors and logs (e.g. 'chronos2'). */
  label?: string | undefined;
  /** Write onnxruntime's optimised graph here (debugging fusions). */
  optimizedModelFilePath?: string | undefined;
  /** 'all' by default. */
  graphOptimizationLevel?: 'disabled' | 'basic' | 'extended' | 'all' | undefined;
  /** onnxruntime log level for this session (0 verbose … 4 fatal); default onnxruntime's (2, warnings). */
  logSeverityLevel?: 0 | 1 | 2 | 3 | 4 | undefined;
  /** Folder that external-data initializers (`ExternalTensorRef.location`) are relative to. */
  externalDataDir?: string | undefined;
  /** Extra onnxruntime session config entries (`session.*` keys without the prefix), e.g. { disable_prepacking: '1' }. */
  sessionConfig?: Record<string, string> | undefined;
}

function executionProviders(device: EngineOptions['device']): string[] {
  return device === 'cuda' ? ['cuda'] : ['cpu'];
}

/** True when this onnxruntime-node build ships the CUDA execution provider (loads onnxruntime). */
export async function cudaAvailable(): Promise<boolean> {
  return cudaBundled(await loadOrt());
}

function cudaBundled(ort: Ort): boolean {
  const list = (ort as unknown as { listSupportedBackends?: () => { name: string; bundled: boolean }[] }).listSupportedBackends?.() ?? [];
  return list.some((b) => b.name === 'cuda' && b.bundled);
}

export class EngineSession {
  private released = false;

  private constructor(
    private readonly ort: Ort,
    private readonly session: ort.InferenceSession,
    readonly label: string,
    readonly device: 'cpu' | 'cuda',
  ) {}

  /** A session for serialised ModelProto bytes. */
  static async create(modelBytes: Uint8Array, options: SessionCreateOptions = {}): Promise<EngineSession> {
    return EngineSession.open(modelBytes, options);
  }

  /** A session for a model file (external data resolves relative to its folder). */
  static async createFromFile(modelPath: string, options: SessionCreateOptions = {}): Promise<EngineSession> {
    return EngineSession.open(modelPath, options);
  }

  private static async open(model: Uint8Array | string, options: SessionCreateOptions): Promise<EngineSession> {
    const ort = await loadOrt();
    const label = options.label ?? 'model';
    const device = options.device ?? 'cpu';
    const sessionOptions: ort.InferenceSession.SessionOptions = {
      executionProviders: executionProviders(device),
      graphOptimizationLevel: options.graphOptimizationLevel ?? 'all',
      interOpNumThreads: 1,
      executionMode: 'sequential',
      enableCpuMemArena: true,
      enableMemPattern: true,
      // A missing CUDA provider is reported through our typed error below, not onnxruntime's log.
      ...(device === 'cuda'
        ? { logSeverityLevel: 4 as const }
        : options.logSeverityLevel !== undefined
          ? { logSeverityLevel: options.logSeverityLevel }
          : {}),
    };
    if (options.intraOpNumThreads !== undefined) sessionOptions.intraOpNumThreads = options.intraOpNumThreads;
    if (options.optimizedModelFilePath) sessionOptions.optimizedModelFilePath = options.optimizedModelFilePath;
    const session: Record<string, string> = {
      'intra_op.allow_spinning': options.allowSpinning ? '1' : '0',
      ...(options.prepackWeights === false ? { disable_prepacking: '1' } : {}),
      ...(options.sessionConfig ?? {}),
    };
    // A model given as bytes has no folder of its own: tell onnxruntime where external weights live.
    if (options.externalDataDir) session.model_external_initializers_file_folder_path = options.externalDataDir;
    if (Object.keys(session).length > 0) sessionOptions.extra = { session };
    try {
      const created =
        typeof model === 'string'
          ? await ort.InferenceSession.create(model, sessionOptions)
          : await ort.InferenceSession.create(model, sessionOptions);
      return new EngineSession(ort, created, label, device);
    } catch (cause) {
      if (device === 'cuda') {
        throw new EModelLoadFailed(`The CUDA execution provider is not available for ${label}: ${(cause as Error).message}`, {
          context: { model: label, device, cudaBundled: cudaBundled(ort) },
          fixHint:
            'Install the CUDA build of onnxruntime-node (npm install onnxruntime-node --onnxruntime-node-install=cuda12) with a matching CUDA/cuDNN, or use device: "cpu".',
          cause,
        });
      }
      throw new EModelLoadFailed(`onnxruntime could not create a session for ${label}: ${(cause as Error).message}`, {
        context: { model: label, device },
        cause,
      });
    }
  }

  get inputNames(): readonly string[] {
    return this.session.inputNames;
  }

  get outputNames(): readonly string[] {
    return this.session.outputNames;
  }

  /** Runs the graph; returns the requested outputs (all by default) as typed arrays. */
  async run(feeds: Feeds, outputNames?: string[]): Promise<Record<string, RunOutput>> {
    if (this.released) {
      throw new EModelPredictFailed(`Session for ${this.label} was already released`, { context: { model: this.label } });
    }
    const ortFeeds: Record<string, ort.Tensor> = {};
    for (const [name, f] of Object.entries(feeds)) ortFeeds[name] = new this.ort.Tensor(f.type, f.data, f.dims);
    let results: ort.InferenceSession.ReturnType;
    try {
      results = outputNames ? await this.session.run(ortFeeds, outputNames) : await this.session.run(ortFeeds);
    } catch (cause) {
      throw new EModelPredictFailed(`onnxruntime failed running ${this.label}: ${(cause as Error).message}`, {
        context: { model: this.label, inputs: Object.fromEntries(Object.entries(feeds).map(([k, v]) => [k, v.dims])) },
        cause,
      });
    }
    const out: Record<string, RunOutput> = {};
    for (const [name, t] of Object.entries(results)) {
      out[name] = { data: t.data as RunOutput['data'], dims: t.dims };
    }
    return out;
  }

  /** Frees the native session (weights and arenas). Idempotent. */
  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    await this.session.release();
  }
}

/** Hex SHA-256 of some bytes (checkpoint identity for the graph cache). */
export function hashBytes(...parts: (Uint8Array | string)[]): string {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest('hex');
}

/**
 * A session through an on-disk cache of onnxruntime's *optimised* model: the first load builds the
 * graph, lets onnxruntime optimise it (constant folding, fusions) and pre-pack the GEMM weights, and
 * saves all of that to `cacheDir/<key>/` with the large tensors (pre-packed ones included) in an
 * external data file. Later loads open that folder: the weights are memory-mapped instead of read,
 * folded and packed again, so loading is fast and the weights live in the shared page cache.
 * The key must cover everything the graph depends on (weights' identity, config, options); the
 * onnxruntime version and CPU architecture are added here because the optimised form is specific
 * to them, and the tsagentkit version because a release may build a family's graph differently. A failure to write the cache never fails the load.
 */
export async function createCachedSession(
  cacheDir: string,
  key: string,
  build: () => Uint8Array,
  options: SessionCreateOptions = {},
): Promise<{ session: EngineSession; cacheHit: boolean }> {
  const ort = await loadOrt();
  const fullKey = hashBytes(
    key,
    ort.env.versions?.common ?? 'ort',
    `tsagentkit ${currentVersions().tsagentkit}`,
    process.arch,
    options.prepackWeights === false ? 'noprepack' : 'prepack',
  ).slice(0, 32);
  const dir = join(cacheDir, fullKey);
  const modelFile = join(dir, 'model.onnx');
  if (existsSync(modelFile) && existsSync(join(dir, 'complete'))) {
    try {
      // Already optimised: running the optimisers again would only cost time.
      const session = await EngineSession.createFromFile(modelFile, {
        ...options,
        externalDataDir: undefined,
        graphOptimizationLevel: 'disabled',
      });
      return { session, cacheHit: true };
    } catch {
      // a damaged cache entry: rebuild it below
    }
  }
  const tmp = `${dir}.tmp-${process.pid}`;
  let session: EngineSession;
  try {
    mkdirSync(tmp, { recursive: true });
    session = await EngineSession.create(build(), {
      ...options,
      // onnxruntime warns that an 'all'-level optimised model is specific to this machine: that is
      // what the key already encodes.
      logSeverityLevel: 3,
      optimizedModelFilePath: join(tmp, 'model.onnx'),
      sessionConfig: {
        ...(options.sessionConfig ?? {}),
        optimized_model_external_initializers_file_name: 'model.data',
        optimized_model_external_initializers_min_size_in_bytes: '1024',
        save_external_prepacked_constant_initializers: '1',
      },
    });
  } catch (cause) {
    rmSync(tmp, { recursive: true, force: true });
    if (cause instanceof EModelLoadFailed) {
      // e.g. an unwritable cache folder: load without the cache
      return { session: await EngineSession.create(build(), options), cacheHit: false };
    }
    throw cause;
  }
  try {
    writeFileSync(join(tmp, 'complete'), '');
    rmSync(dir, { recursive: true, force: true });
    renameSync(tmp, dir);
  } catch {
    rmSync(tmp, { recursive: true, force: true });
  }
  return { session, cacheHit: false };
}

/**
 * Returns the serialised graph for `key` from `cacheDir` when present, else builds it and stores it
 * (atomically, via rename). With no cacheDir it just builds. (For graphs with in-memory weights;
 * `createCachedSession` caches onnxruntime's optimised form instead.)
 */
export function cachedGraphBytes(
  cacheDir: string | undefined,
  key: string,
  build: () => Uint8Array,
): { bytes: Uint8Array; cacheHit: boolean } {
  if (!cacheDir) return { bytes: build(), cacheHit: false };
  const file = join(cacheDir, `${key}.onnx`);
  if (existsSync(file)) {
    try {
      return { bytes: readFileSync(file), cacheHit: true };
    } catch {
      // unreadable cache entry: rebuild below
    }
  }
  const bytes = build();
  try {
    mkdirSync(cacheDir, { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, bytes);
    renameSync(tmp, file);
  } catch {
    // a read-only cache directory must not break loading
  }
  return { bytes, cacheHit: false };
}
