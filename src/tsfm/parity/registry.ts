/**
 * Parity families by a case file's `family` field. The built-in ones come from the TSFM family
 * registry (`tsfm/families.ts`: each family's `parity` loaders, imported only when a case file of
 * that family is run); callers (tests, custom builds) may register more at run time.
 */
import { EParityFileInvalid } from '../../errors/index.js';
import { TSFM_FAMILIES } from '../families.js';
import type { TsfmParityLoader } from '../family.js';
import type { ParityFamily } from './types.js';

const registered = new Map<string, ParityFamily>();

function builtinLoaders(): Map<string, TsfmParityLoader> {
  const loaders = new Map<string, TsfmParityLoader>();
  for (const family of TSFM_FAMILIES) for (const [name, load] of Object.entries(family.parity ?? {})) loaders.set(name, load);
  return loaders;
}

/** Adds or replaces a family. */
export function registerParityFamily(family: ParityFamily): void {
  registered.set(family.family, family);
}

export function parityFamilyNames(): string[] {
  return [...new Set([...builtinLoaders().keys(), ...registered.keys()])].sort();
}

export async function getParityFamily(name: string): Promise<ParityFamily> {
  const own = registered.get(name);
  if (own) return own;
  const load = builtinLoaders().get(name);
  if (!load) {
    throw new EParityFileInvalid(`No parity family "${name}"; registered: ${parityFamilyNames().join(', ') || 'none'}.`, {
      context: { family: name, registered: parityFamilyNames() },
    });
  }
  return load();
}
