/**
 * Parity families by name. Built-in families are listed in `./families/index.ts`; callers (tests,
 * other model families) may register more at run time.
 */
import { EParityFileInvalid } from '../../errors/index.js';
import { builtinParityFamilies } from './families/index.js';
import type { ParityFamily } from './types.js';

const families = new Map<string, ParityFamily>();
for (const f of builtinParityFamilies) families.set(f.family, f);

/** Adds or replaces a family. */
export function registerParityFamily(family: ParityFamily): void {
  families.set(family.family, family);
}

export function parityFamilyNames(): string[] {
  return [...families.keys()].sort();
}

export function getParityFamily(name: string): ParityFamily {
  const f = families.get(name);
  if (!f) {
    throw new EParityFileInvalid(`No parity family "${name}"; registered: ${parityFamilyNames().join(', ') || 'none'}.`, {
      context: { family: name, registered: parityFamilyNames() },
    });
  }
  return f;
}
