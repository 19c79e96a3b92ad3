/**
 * Which TSFM adapters the CLI can offer the router, decided before any model loads: an adapter is
 * available when this build has its family (`tsfm/families.ts`) and its checkpoint is on disk (a
 * --model-dir, or the Hugging Face cache). Nothing is downloaded unless --download is given, so a
 * machine without checkpoints (or without network) gets one clear line and the statistical ladder.
 *
 * `--model-dir` and `--model-size` take one value per family: `chronos=./c2,timesfm=./tfm`, or a
 * bare value that means the first TSFM of the policy.
 */
import { hasAdapterFactory } from '../../runtime/adapterRegistry.js';
import type { ModelPoolConfig } from '../../runtime/modelPoolConfig.js';
import { findTsfmFamily, TSFM_FAMILIES, tsfmFamilyNames, tsfmModel } from '../../tsfm/families.js';
import { acceptedLicences, ACCEPT_LICENCES_ENV, requireLicenceAccepted } from '../../tsfm/licence.js';
import { defaultHubCacheDir, repoCacheDir, resolveModelSource } from '../../tsfm/sources/index.js';
import { ETaskSpecInvalid, isTSAgentKitError } from '../../errors/index.js';

/** A per-family option as given: `name=value` entries and at most one bare value (the first TSFM's). */
export interface PerFamilyValues {
  readonly bare?: string;
  readonly byFamily: Readonly<Record<string, string>>;
}

const KEYED = /^([A-Za-z][\w-]*)=(.+)$/;

/**
 * Parses `chronos=./c2,timesfm=./tfm` (or a bare value) into per-family values, merging with an
 * earlier occurrence of the option. A key that names no family is a typed error listing the known ones.
 */
export function parsePerFamily(flag: string, value: string, previous?: PerFamilyValues): PerFamilyValues {
  let bare = previous?.bare;
  const byFamily: Record<string, string> = { ...previous?.byFamily };
  for (const entry of value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    if (/^[A-Za-z][\w-]*=$/.test(entry)) {
      throw new ETaskSpecInvalid(`${flag} "${entry}" names no value.`, {
        context: { option: flag, value: entry },
        fixHint: `Write ${flag} <family>=<value>, e.g. ${flag} ${tsfmFamilyNames()[0] ?? 'chronos'}=./checkpoint.`,
      });
    }
    const m = KEYED.exec(entry);
    if (!m) {
      if (bare !== undefined && bare !== entry) {
        throw new ETaskSpecInvalid(`${flag} has two values without a family: "${bare}" and "${entry}".`, {
          context: { option: flag, values: [bare, entry] },
          fixHint: `Name the family of each: ${flag} ${tsfmFamilyNames()
            .map((f) => `${f}=…`)
            .join(',')}.`,
        });
      }
      bare = entry;
      continue;
    }
    const [, family = '', v = ''] = m;
    if (!findTsfmFamily(family)) {
      throw new ETaskSpecInvalid(`${flag} names an unknown TSFM family "${family}"; known: ${tsfmFamilyNames().join(', ')}.`, {
        context: { option: flag, family, known: tsfmFamilyNames() },
        fixHint: `Use ${flag} <family>=<value> with one of: ${tsfmFamilyNames().join(', ')} (or a bare value for the first TSFM of the policy).`,
      });
    }
    byFamily[family] = v;
  }
  return { ...(bare !== undefined ? { bare } : {}), byFamily };
}

/**
 * commander's argument parser for a per-family option. Its typed error propagates out of commander's
 * parse (commander rethrows what is not its own), so the CLI prints it like any bad option: exit 2.
 */
export function perFamilyArgParser(flag: string): (value: string, previous?: PerFamilyValues) => PerFamilyValues {
  return (value, previous) => parsePerFamily(flag, value, previous);
}

/** A per-family option from commander (already parsed) or from a caller (a string). */
export function perFamilyValues(flag: string, value: string | PerFamilyValues | undefined): PerFamilyValues | undefined {
  return typeof value === 'string' ? parsePerFamily(flag, value) : value;
}

/**
 * The value of each adapter: keyed values as given, the bare one for the first adapter of the
 * policy. A keyed family outside the policy, or a bare value that collides with a keyed one for the
 * same family, is a typed error (nothing is silently ignored).
 */
export function perAdapter(flag: string, values: PerFamilyValues | undefined, adapters: readonly string[]): Record<string, string> {
  if (!values) return {};
  const out: Record<string, string> = { ...values.byFamily };
  const outside = Object.keys(values.byFamily).filter((f) => !adapters.includes(f));
  if (outside.length > 0) {
    throw new ETaskSpecInvalid(
      `${flag} names ${outside.join(', ')}, which the TSFM policy does not use (${adapters.join(', ') || 'none'}).`,
      {
        context: { option: flag, families: outside, adapters },
        fixHint: `Add ${outside.join(', ')} to --tsfm, or drop ${flag} ${outside[0]}=….`,
      },
    );
  }
  if (values.bare !== undefined) {
    const first = adapters[0];
    if (first === undefined) {
      throw new ETaskSpecInvalid(`${flag} ${values.bare} has no TSFM to apply to: the policy lists none.`, { context: { option: flag } });
    }
    if (out[first] !== undefined && out[first] !== values.bare) {
      throw new ETaskSpecInvalid(`${flag} gives ${first} two values: "${values.bare}" and "${out[first]}".`, {
        context: { option: flag, family: first },
      });
    }
    out[first] = values.bare;
  }
  return out;
}

export const MODEL_DIR_HELP =
  'local checkpoint directories (config.json + model.safetensors) per TSFM: chronos=./c2,timesfm=./tfm; a bare path is the first TSFM of the policy';

/** The --model-size help, listing each family's size labels from the registry. */
export function modelSizeHelp(): string {
  const sizes = TSFM_FAMILIES.map((f) => `${f.name}: ${f.models.map((m) => m.size).join(', ')} (default ${f.defaultSize})`).join('; ');
  return `size label per TSFM when loading from the Hugging Face cache, e.g. chronos=small; a bare label is the first TSFM's. ${sizes}`;
}

export interface TsfmOptions {
  /** Policy adapters, in order. */
  readonly adapters: readonly string[];
  /** Checkpoint directory per adapter. */
  readonly modelDirs?: Readonly<Record<string, string>>;
  /** Size label per adapter (the family's `models`). */
  readonly modelSizes?: Readonly<Record<string, string>>;
  readonly download?: boolean;
  /** Hub branch, tag or commit of the checkpoints looked up by model id; default "main". */
  readonly revision?: string;
  readonly device?: string;
  /** Families whose non-commercial licence the user accepted (--accept-licence). */
  readonly acceptLicences?: readonly string[];
}

export const ACCEPT_LICENCE_HELP = `accept the licence of a family whose weights are not licensed for commercial use (moirai: CC-BY-NC-4.0); comma-separated or repeated; also $${ACCEPT_LICENCES_ENV}`;

/** Commander parser of --accept-licence: comma-separated, repeatable, collected into one list. */
export function acceptLicenceArgParser(value: string, previous: string[] | undefined): string[] {
  return [
    ...(previous ?? []),
    ...value
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  ];
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
  const accepted = acceptedLicences(o.acceptLicences);
  for (const name of o.adapters) {
    const family = findTsfmFamily(name);
    if (!family) {
      unavailable[name] = hasAdapterFactory(name) ? 'no checkpoint location known to the CLI' : 'no adapter in this build';
      continue;
    }
    const size = o.modelSizes?.[name] ?? family.defaultSize;
    const model = tsfmModel(family, size);
    if (!model) {
      const sizes = family.models.map((m) => m.size);
      throw new ETaskSpecInvalid(`Unknown ${name} model size "${size}".`, {
        context: { family: name, modelSize: size, sizes },
        fixHint: `Use one of: ${sizes.join(', ')}.`,
      });
    }
    // Named without accepting its licence: a typed error before any checkpoint is looked for.
    requireLicenceAccepted(name, size, accepted);
    const modelDir = o.modelDirs?.[name];
    const id = modelDir ?? model.id;
    if (o.download && !modelDir) {
      sources[name] = `${id} (downloaded into the Hugging Face cache if missing)`;
    } else {
      try {
        const found = await resolveModelSource(id, {
          allowDownload: false,
          progress: false,
          ...(o.revision ? { revision: o.revision } : {}),
        });
        sources[name] = found.dir;
      } catch (e) {
        if (!isTSAgentKitError(e)) throw e;
        unavailable[name] = modelDir ? `looked in ${modelDir}` : `looked in ${repoCacheDir(defaultHubCacheDir(), model.id)}`;
        continue;
      }
    }
    available.push(name);
    modelSizeByAdapter[name] = size;
    adapterOptions[name] = {
      ...(modelDir ? { modelDir } : {}),
      ...(o.download ? { download: true } : { download: false, source: { progress: false } }),
      ...(o.revision && !modelDir ? { revision: o.revision } : {}),
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
      ...(o.acceptLicences?.length ? { acceptLicences: o.acceptLicences } : {}),
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
