/**
 * The Chronos family's config.json: which variant a checkpoint directory holds. Each variant parses
 * its own config (`chronos2/config.ts`, `bolt/config.ts`); this reads the file only to dispatch.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ECheckpointNotFound, EConfigInvalid } from '../../errors/index.js';
import { detectChronosFamily, type ChronosVariant } from './detect.js';

/** The variant of the checkpoint in `dir`; an unreadable or non-Chronos config.json is `EConfigInvalid`. */ export function readChronosFamily(
  dir: string,
): ChronosVariant {
  const file = path.join(dir, 'config.json');
  // Chronos cannot do without config.json (its dimensions vary by size): missing is "not found", not "invalid".
  if (!existsSync(file)) {
    throw new ECheckpointNotFound(`Chronos checkpoint file missing: ${file}`, {
      context: { dir, file },
      fixHint: `Put the checkpoint's config.json (from the same model revision as model.safetensors) in ${dir}.`,
    });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (cause) {
    throw new EConfigInvalid(`Cannot read ${file} as JSON.`, { context: { file }, cause });
  }
  return detectChronosFamily(raw, file);
}
