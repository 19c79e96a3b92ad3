/**
 * The adapter factories every ModelPool knows without registration: one per TSFM family in
 * `tsfm/families.ts`. The adapter module is imported lazily and a family's model code only when it
 * loads, so merely using the runtime (or a statistical-only session) never loads onnxruntime.
 */
import type { AdapterFactory } from './adapterFactory.js';
import { TSFM_FAMILIES } from '../tsfm/families.js';

export const BUILTIN_ADAPTER_FACTORIES: Readonly<Record<string, AdapterFactory>> = Object.freeze(
  Object.fromEntries(
    TSFM_FAMILIES.map((family): [string, AdapterFactory] => [
      family.name,
      async (options) => (await import('../tsfm/adapters/index.js')).createTsfmAdapter(family, options),
    ]),
  ),
);
