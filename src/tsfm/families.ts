/**
 * THE registry of TSFM families: one line per family. The pool's built-in adapter factories, the
 * CLI (`--model-dir`, `--model-size`, `tsagentkit models`), `tsagentkit parity` and model sources
 * all iterate it, so adding a family is a folder `src/tsfm/<family>/` and one line here.
 *
 * Importing this module must stay cheap: descriptors hold no model code (see `family.ts`).
 */
import { EAdapterNotAvailable } from '../errors/index.js';
import { chronosFamily } from './chronos/family.js';
import { moiraiFamily } from './moirai/family.js';
import type { TsfmFamily, TsfmModel } from './family.js';
import { timesfmFamily } from './timesfm/family.js';

export const TSFM_FAMILIES: readonly TsfmFamily[] = Object.freeze([
  chronosFamily,
  timesfmFamily,
  moiraiFamily,
]);

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
