/**
 * THE registry of TSFM families: one line per family. The pool's built-in adapter factories, the
 * CLI (`--model-dir`, `--model-size`, `tsagentkit models`), `tsagentkit parity` and model sources
 * all iterate it, so adding a family is a folder `src/tsfm/<family>/` and one line here (or, for a
 * plugin or a test, one `registerTsfmFamily(family)` call).
 *
 * Importing this module must stay cheap: descriptors hold no model code (see `family.ts`).
 */
import { EAdapterNotAvailable } from '../errors/index.js';
import { chronosFamily } from './chronos/family.js';
import { moiraiFamily } from './moirai/family.js';
import type { TsfmFamily, TsfmModel } from './family.js';
import { timesfmFamily } from './timesfm/family.js';

/** The built-in families, in the default order of a TSFM policy: a new family is one line here. */
const families: TsfmFamily[] = [chronosFamily, timesfmFamily, moiraiFamily];

/**
 * Every family of this process, in registration order: the built-in ones, then those added with
 * `registerTsfmFamily`. A live view — read it when needed rather than copying it at import.
 */
export const TSFM_FAMILIES: readonly TsfmFamily[] = families;

/** Told when the list changes: the family added (or put in place of `removed`), the one taken out. */
export type TsfmFamilyListener = (added: TsfmFamily | undefined, removed: TsfmFamily | undefined) => void;

const listeners = new Set<TsfmFamilyListener>();

/**
 * Calls `listener` on every later registration change (so registries that derive something per
 * family, such as the ModelPool's adapter factories, follow the list); returns the unsubscribe.
 */
export function watchTsfmFamilies(listener: TsfmFamilyListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function changed(added: TsfmFamily | undefined, removed: TsfmFamily | undefined): void {
  for (const listener of listeners) listener(added, removed);
}

/**
 * Adds a family (a plugin's, a test's stand-in) after the built-in ones, or puts it in place of the
 * family with the same name. From then on the pool serves it as an adapter, the CLI accepts its
 * name (`--tsfm`, `--model-dir name=dir`, `models`), `parity` dispatches its runners and a default
 * TSFM policy lists it. Returns a function that restores what was there before.
 */
export function registerTsfmFamily(family: TsfmFamily): () => void {
  if (!family.name || family.name.includes(',') || family.name.includes('=')) {
    throw new EAdapterNotAvailable(
      `A TSFM family name must be non-empty, without "," or "=" (CLI lists and --model-dir name=dir), got ${JSON.stringify(family.name)}.`,
      {
        context: { family: family.name },
      },
    );
  }
  const at = families.findIndex((f) => f.name === family.name);
  const previous = at >= 0 ? families[at] : undefined;
  if (at >= 0) families[at] = family;
  else families.push(family);
  changed(family, previous);
  return () => {
    const now = families.indexOf(family);
    if (now < 0) return;
    if (previous) families[now] = previous;
    else families.splice(now, 1);
    changed(previous, family);
  };
}

/** Removes the family named `name`; false when there is none. */
export function unregisterTsfmFamily(name: string): boolean {
  const at = families.findIndex((f) => f.name === name);
  if (at < 0) return false;
  const [removed] = families.splice(at, 1);
  changed(undefined, removed);
  return true;
}

/** Family names in registration order (the default order of a TSFM policy's adapters). */
export function tsfmFamilyNames(): string[] {
  return TSFM_FAMILIES.map((f) => f.name);
}

export function findTsfmFamily(name: string): TsfmFamily | undefined {
  return TSFM_FAMILIES.find((f) => f.name === name);
}

/** The family named `name`; an unknown name is `EAdapterNotAvailable` listing the known ones. */
export function tsfmFamily(name: string): TsfmFamily {
  const family = findTsfmFamily(name);
  if (!family) {
    throw new EAdapterNotAvailable(`No TSFM family "${name}" in this build; known: ${tsfmFamilyNames().join(', ')}.`, {
      context: { family: name, known: tsfmFamilyNames() },
      fixHint: `Use one of: ${tsfmFamilyNames().join(', ')}.`,
    });
  }
  return family;
}

/** The family and variant a config.json belongs to, or undefined when no family recognises it. */
export function detectTsfmFamily(config: unknown): { family: TsfmFamily; variant: string } | undefined {
  for (const family of TSFM_FAMILIES) {
    const variant = family.detect(config);
    if (variant !== undefined) return { family, variant };
  }
  return undefined;
}

/**
 * A family's release that this build cannot load (e.g. TimesFM 2.0, Chronos T5), with the reason;
 * undefined when no family claims the config. For messages after `detectTsfmFamily` found nothing.
 */
export function unsupportedTsfmCheckpoint(config: unknown): { family: TsfmFamily; reason: string } | undefined {
  for (const family of TSFM_FAMILIES) {
    const reason = family.unsupported?.(config);
    if (reason !== undefined) return { family, reason };
  }
  return undefined;
}

/** The family and variant of a checkpoint folder without config.json, from its tensor names (`TsfmFamily.detectWeights`). */
export function detectTsfmWeights(tensorNames: readonly string[]): { family: TsfmFamily; variant: string } | undefined {
  for (const family of TSFM_FAMILIES) {
    const variant = family.detectWeights?.(tensorNames);
    if (variant !== undefined) return { family, variant };
  }
  return undefined;
}

/** The published checkpoint with this Hugging Face id, in any family. */
export function findTsfmModel(id: string): { family: TsfmFamily; model: TsfmModel } | undefined {
  for (const family of TSFM_FAMILIES) {
    const model = family.models.find((m) => m.id === id);
    if (model) return { family, model };
  }
  return undefined;
}

/** The family's model entry for a size label (default: the family's default size). */
export function tsfmModel(family: TsfmFamily, size = family.defaultSize): TsfmModel | undefined {
  return family.models.find((m) => m.size === size);
}
