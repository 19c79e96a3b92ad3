/**
 * The licence gate. A family whose weights may not be used commercially (Moirai 2.0 today:
 * CC-BY-NC-4.0) is never in the default TSFM ladder, and loads only after the user accepts its
 * licence explicitly — `--accept-licence <family>`, `acceptLicences: ['<family>']` in a ModelPool
 * config (or runForecast's options), or `TSAGENTKIT_ACCEPT_LICENCES=<family>[,<family>…]`. Naming
 * such a family without acceptance is an `ELicenceNotAccepted` that names the licence and the three
 * ways to accept it, so a commercial user who has its weights in a cache never gets it silently.
 */
import { ELicenceNotAccepted } from '../errors/index.js';
import { findTsfmFamily, TSFM_FAMILIES } from './families.js';
import type { TsfmFamily, TsfmLicence } from './family.js';

/** Environment variable listing accepted families, comma- or space-separated. */
export const ACCEPT_LICENCES_ENV = 'TSAGENTKIT_ACCEPT_LICENCES';

/** The licence of a family's checkpoint of this size label (a model entry may override the family's). */
export function licenceOf(family: TsfmFamily, size?: string): TsfmLicence {
  const model = family.models.find((m) => m.size === (size ?? family.defaultSize));
  return model?.licence ?? family.licence;
}

/** The families whose licence the user accepted: the explicit list plus the environment's. */
export function acceptedLicences(explicit: readonly string[] = [], env: NodeJS.ProcessEnv = process.env): ReadonlySet<string> {
  const fromEnv = (env[ACCEPT_LICENCES_ENV] ?? '').split(/[\s,]+/);
  return new Set([...explicit, ...fromEnv].map((s) => s.trim().toLowerCase()).filter(Boolean));
}

/**
 * Throws `ELicenceNotAccepted` when `name` is a TSFM family whose checkpoint (at `size`) is not
 * licensed for commercial use and the user has not accepted it. Names that are not TSFM families
 * (statistical models, test adapters) pass.
 */
export function requireLicenceAccepted(name: string, size: string | undefined, accepted: ReadonlySet<string>): void {
  const family = findTsfmFamily(name);
  if (!family) return;
  const licence = licenceOf(family, size);
  if (licence.commercialUse || accepted.has(family.name.toLowerCase())) return;
  throw new ELicenceNotAccepted(
    `${family.displayName} ("${family.name}") weights are ${licence.spdx}: not licensed for commercial use, so tsagentkit loads them only after you accept the licence.`,
    {
      context: {
        family: family.name,
        licence: licence.spdx,
        commercialUse: false,
        url: licence.url,
        ...(licence.note ? { note: licence.note } : {}),
      },
      fixHint: `Read ${licence.url}; if your use is allowed, accept it with --accept-licence ${family.name}, acceptLicences: ['${family.name}'] or ${ACCEPT_LICENCES_ENV}=${family.name}. Otherwise use a commercially licensed family (${defaultTsfmAdapters().join(', ')}).`,
    },
  );
}

/** The default TSFM ladder: the registered families licensed for commercial use, in registration order. */
export function defaultTsfmAdapters(): string[] {
  return TSFM_FAMILIES.filter((f) => licenceOf(f).commercialUse).map((f) => f.name);
}
