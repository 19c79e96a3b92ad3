/**
 * Which TSFM adapters the CLI can offer the router, decided before any model loads: an adapter is
 * available when this build has it and its checkpoint is on disk (a --model-dir, or the Hugging Face
 * cache). Nothing is downloaded unless --download is given, so a machine without checkpoints (or
 * without network) gets one clear line and the statistical ladder.
 */
import { hasAdapterFactory } from '../../runtime/adapterRegistry.js';
import type { ModelPoolConfig } from '../../runtime/modelPoolConfig.js';
import { CHRONOS_MODEL_IDS, isChronosModelSize, registerChronosAdapter } from '../../tsfm/adapters/index.js';
import { defaultHubCacheDir, repoCacheDir, resolveModelSource } from '../../tsfm/sources/index.js';
import { ETaskSpecInvalid, isTSAgentKitError } from '../../errors/index.js';

export interface TsfmOptions {
  /** Policy adapters, in order. */
  readonly adapters: readonly string[];
  readonly modelDir?: string;
  /** Chronos size label (base, small, bolt-tiny, …). */
  readonly modelSize?: string;
  readonly download?: boolean;
  readonly device?: string;
}

export interface TsfmAvailability {
  readonly available: string[];
  /** Adapter → why it is not offered. */
  readonly unavailable: Record<string, string>;
  /** Pool for the available adapters (undefined when none). */
  readonly poolConfig?: ModelPoolConfig;
  /** Where the checkpoint comes from, per available adapter. */
  readonly sources: Record<string, string>;
}

export async function detectTsfm(o: TsfmOptions): Promise<TsfmAvailability> {
  const available: string[] = [];
  const unavailable: Record<string, string> = {};
  const sources: Record<string, string> = {};
  const adapterOptions: Record<string, Record<string, unknown>> = {};
  const modelSizeByAdapter: Record<string, string> = {};
  for (const name of o.adapters) {
    if (name !== 'chronos') {
      unavailable[name] = hasAdapterFactory(name) ? 'no checkpoint location known to the CLI' : 'no adapter in this build';
      continue;
    }
    const size = o.modelSize ?? 'base';
    if (!isChronosModelSize(size)) {
      throw new ETaskSpecInvalid(`Unknown Chronos model size "${size}".`, {
        context: { modelSize: size, sizes: Object.keys(CHRONOS_MODEL_IDS) },
        fixHint: `Use one of: ${Object.keys(CHRONOS_MODEL_IDS).join(', ')}.`,
      });
    }
    const id = o.modelDir ?? CHRONOS_MODEL_IDS[size];
    if (o.download && !o.modelDir) {
      sources[name] = `${id} (downloaded into the Hugging Face cache if missing)`;
    } else {
      try {
        const found = await resolveModelSource(id, { allowDownload: false, progress: false });
        sources[name] = found.dir;
      } catch (e) {
        if (!isTSAgentKitError(e)) throw e;
        unavailable[name] = o.modelDir
          ? `looked in ${o.modelDir}`
          : `looked in ${repoCacheDir(defaultHubCacheDir(), CHRONOS_MODEL_IDS[size])}`;
        continue;
      }
    }
    registerChronosAdapter(name);
    available.push(name);
    modelSizeByAdapter[name] = size;
    adapterOptions[name] = {
      ...(o.modelDir ? { modelDir: o.modelDir } : {}),
      ...(o.download ? { source: { allowDownload: true } } : {}),
    };
  }
  if (available.length === 0) return { available, unavailable, sources };
  return {
    available,
    unavailable,
    sources,
    poolConfig: {
      adapters: available,
      preload: true,
      maxPreloadAdapters: Math.min(3, available.length),
      modelSizeByAdapter,
      adapterOptions,
      ...(o.device ? { device: o.device } : {}),
    },
  };
}

/**
 * The one line the CLI prints when no TSFM can be used, e.g.
 * "No TSFM checkpoint found for chronos (looked in ~/.cache/huggingface/hub/models--amazon--chronos-2); moirai, timesfm: no adapter in this build; using the statistical ladder."
 */
export function noTsfmNotice(a: TsfmAvailability): string | null {
  if (a.available.length > 0) return null;
  const entries = Object.entries(a.unavailable);
  if (entries.length === 0) return null;
  const missingCheckpoint = entries.filter(([, why]) => why.startsWith('looked in'));
  const others = entries.filter(([, why]) => !why.startsWith('looked in'));
  const parts: string[] = [];
  for (const [name, why] of missingCheckpoint) parts.push(`No TSFM checkpoint found for ${name} (${why})`);
  const byReason = new Map<string, string[]>();
  for (const [name, why] of others) byReason.set(why, [...(byReason.get(why) ?? []), name]);
  for (const [why, names] of byReason) parts.push(`${parts.length === 0 ? 'No TSFM available: ' : ''}${names.join(', ')}: ${why}`);
  return `${parts.join('; ')}; using the statistical ladder.`;
}
