/**
 * A checkpoint directory (config.json + model.safetensors) into an onnxruntime session, once for
 * every family: read and parse the config, read the weights (header only when onnxruntime reads
 * them from the file), build the family's graph in TypeScript, create the session through the
 * graph cache, and time each step. A family supplies what differs — how to parse its config, map
 * its weights and build its graph, and what its cache key must also cover — and wraps the result
 * in its own model class.
 */
import { existsSync, lstatSync, readFileSync, readlinkSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { z } from 'zod';
import { ECheckpointNotFound, EConfigInvalid } from '../../errors/index.js';
import type { EngineOptions } from './options.js';
import { EngineSession, cachedGraphBytes, createCachedSession, hashBytes } from './runtime.js';
import { SafetensorsFile } from './safetensors.js';

/** Parses an already-decoded config object; `source` names the file in errors. */
export type ConfigParser<C> = (raw: unknown, source: string) => C;

/** Parses a decoded config with a family's zod schema; every failing field is listed in one `EConfigInvalid`. */
export function parseCheckpointConfig<S extends z.ZodType>(schema: S, modelName: string, raw: unknown, source: string): z.output<S> {
  const result = schema.safeParse(raw);
  if (!result.success) {
    const issues = result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
    throw new EConfigInvalid(`Invalid ${modelName} config in ${source}: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, {
      context: { file: source, issues },
    });
  }
  return result.data;
}

/**
 * Reads and parses a family's `config.json`: an unreadable file is `ECheckpointNotFound`
 * ("Cannot read <model> config <file>"), bad JSON `EConfigInvalid`; `parse` reports bad fields.
 */
export function readCheckpointConfig<C>(file: string, modelName: string, parse: ConfigParser<C>): C {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    throw new ECheckpointNotFound(`Cannot read ${modelName} config ${file}`, { context: { file }, cause });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (cause) {
    throw new EConfigInvalid(`config.json is not valid JSON: ${file}`, { context: { file }, cause });
  }
  return parse(raw, file);
}

/** Timings of a load, in milliseconds. */
export interface CheckpointLoadTimings {
  readMs: number;
  buildMs: number;
  sessionMs: number;
  graphCacheHit: boolean;
}

/** What a family supplies to `loadCompiledCheckpoint`. */
export interface CompiledCheckpointSpec<C, W> {
  /** Human name in errors, e.g. "Chronos-2". */
  readonly modelName: string;
  /** Session label for errors and logs, e.g. "chronos2". */
  readonly label: string;
  /** Reads `config.json` (given its path). */
  readonly readConfig: (file: string) => C;
  /** The config to use when the directory has no config.json; absent: a missing config.json is an error. */
  readonly defaultConfig?: () => C;
  /** Maps the safetensors tensors to the family's weights (checks names and shapes). */
  readonly readWeights: (st: SafetensorsFile, config: C) => W;
  /** Builds the serialised ONNX graph. */
  readonly buildGraph: (config: C, weights: W) => Uint8Array;
  /**
   * Where the F32 weights live and what the graph cache holds:
   * 'external': onnxruntime reads them from the checkpoint file; the cache keeps onnxruntime's optimised model.
   * 'memory': read once into memory and embedded in the graph; the cache keeps onnxruntime's optimised model.
   * 'embedded-graph': read into memory and embedded; the cache keeps the serialised graph, keyed on the
   * whole file's bytes (Chronos-Bolt's small checkpoints).
   */
  readonly weights: 'external' | 'memory' | 'embedded-graph';
  /**
   * The first part of the graph-cache key: a tag to bump whenever the graph builder changes what it
   * builds (the key does not hash the graph itself), e.g. "chronos2-graph-v3".
   */
  readonly cacheTag: string;
  /** Graph options the key must also cover, e.g. ["debug"] or ["plain"]. */
  readonly cacheVariant: readonly string[];
}

/** A loaded checkpoint: what the family's model class wraps. */
export interface CompiledCheckpoint<C> {
  readonly config: C;
  /** Bytes of tensor data in model.safetensors. */
  readonly weightBytes: number;
  readonly session: EngineSession;
  readonly timings: CheckpointLoadTimings;
}

/** Reads config.json and model.safetensors in `dir`, builds the family's graph and its session. */
export async function loadCompiledCheckpoint<C, W>(
  dir: string,
  spec: CompiledCheckpointSpec<C, W>,
  options: EngineOptions,
): Promise<CompiledCheckpoint<C>> {
  const configFile = join(dir, 'config.json');
  const weightsLink = join(dir, 'model.safetensors');
  for (const file of spec.defaultConfig ? [weightsLink] : [configFile, weightsLink]) checkCheckpointFile(file, dir, spec.modelName);
  // An optional config.json that is a dangling link is an error too, not a silent default config.
  if (spec.defaultConfig && isLink(configFile)) checkCheckpointFile(configFile, dir, spec.modelName);
  // In a Hugging Face cache the snapshot's model.safetensors is a symlink into ../../blobs/<sha>.
  // onnxruntime refuses external data that resolves outside the folder it is given, so the weights
  // are read from — and onnxruntime pointed at — the real file's own folder and name.
  const weightsFile = realpathSync(weightsLink);
  const t0 = performance.now();
  const config = spec.defaultConfig && !existsSync(configFile) ? spec.defaultConfig() : spec.readConfig(configFile);
  const external = spec.weights === 'external';
  const st = external ? SafetensorsFile.readHeader(weightsFile) : SafetensorsFile.read(weightsFile);
  const weights = spec.readWeights(st, config);
  const t1 = performance.now();

  if (spec.weights === 'embedded-graph') {
    // The key covers everything the graph depends on: the weights' bytes, the config and the graph variant.
    const key = options.graphCacheDir ? hashBytes(spec.cacheTag, ...spec.cacheVariant, JSON.stringify(config), st.bytes) : '';
    const { bytes, cacheHit } = cachedGraphBytes(options.graphCacheDir, key, () => spec.buildGraph(config, weights));
    const t2 = performance.now();
    const session = await EngineSession.create(bytes, { ...options, label: spec.label });
    const t3 = performance.now();
    return {
      config,
      weightBytes: st.dataBytes,
      session,
      timings: { readMs: t1 - t0, buildMs: t2 - t1, sessionMs: t3 - t2, graphCacheHit: cacheHit },
    };
  }

  let buildMs = 0;
  const build = () => {
    const tb = performance.now();
    const bytes = spec.buildGraph(config, weights);
    buildMs += performance.now() - tb;
    return bytes;
  };
  // The graph's external-data locations are the real file's name (`externalRef` uses the basename of
  // the path the header was read from), relative to the real file's folder.
  const sessionOptions = { ...options, label: spec.label, externalDataDir: external ? dirname(weightsFile) : undefined };
  let session: EngineSession;
  let cacheHit = false;
  const t2 = performance.now();
  if (options.graphCacheDir) {
    // The cached, optimised model depends on the config, the graph variant and the weights' identity
    // (header, size, mtime and name of the real file — a hub blob's name is its content hash); the
    // weights themselves are not hashed, so a cache hit costs no full read. The cache entry holds its
    // own copy of the (optimised) weights, so it never depends on where the checkpoint lives.
    const identity = `${st.fileBytes}:${statSync(weightsFile).mtimeMs}:${basename(weightsFile)}`;
    const key = hashBytes(
      spec.cacheTag,
      external ? 'external' : 'memory',
      ...spec.cacheVariant,
      JSON.stringify(config),
      st.headerBytes,
      identity,
    );
    ({ session, cacheHit } = await createCachedSession(options.graphCacheDir, key, build, sessionOptions));
  } else {
    session = await EngineSession.create(build(), sessionOptions);
  }
  const t3 = performance.now();
  // Building happens inside the session step (only on a cache miss); report it apart.
  return {
    config,
    weightBytes: st.dataBytes,
    session,
    timings: { readMs: t1 - t0, buildMs, sessionMs: t3 - t2 - buildMs, graphCacheHit: cacheHit },
  };
}

/**
 * A checkpoint file must exist; a symlink whose target is gone (a hub-cache snapshot whose blob was
 * pruned or never finished downloading) is named as such, since "missing" alone would send the
 * user looking for a file that is plainly in the folder listing.
 */
function checkCheckpointFile(file: string, dir: string, modelName: string): void {
  if (existsSync(file)) return;
  let target: string | undefined;
  try {
    if (lstatSync(file).isSymbolicLink()) target = readlinkSync(file);
  } catch {
    // not there at all
  }
  if (target !== undefined) {
    throw new ECheckpointNotFound(`${modelName} checkpoint file ${file} is a symlink to ${target}, which does not exist`, {
      context: { dir, file, target },
      fixHint: `The blob behind the snapshot is missing (an interrupted download or a pruned Hugging Face cache). Download the checkpoint again (tsagentkit … --download, or huggingface-cli download <model id>), or delete ${dir} and its refs entry.`,
    });
  }
  throw new ECheckpointNotFound(`${modelName} checkpoint file missing: ${file}`, { context: { dir, file } });
}

function isLink(file: string): boolean {
  try {
    return lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
}
