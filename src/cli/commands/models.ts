/**
 * `tsagentkit models`: every TSFM family of this build with its published checkpoints (size label,
 * model id, parameters, licence) and whether each is present locally: in the Hugging Face cache, or
 * in a directory given with --model-dir (whose config.json must belong to the family; a release the
 * family cannot load is named with its version). Reads only config files and, for a folder without
 * config.json (upstream TimesFM's own save), the safetensors header: no weights, no onnxruntime.
 */
import { lstatSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { SafetensorsFile } from '../../tsfm/engine/safetensors.js';
import { TSFM_FAMILIES, detectTsfmFamily, detectTsfmWeights, tsfmFamily, unsupportedTsfmCheckpoint } from '../../tsfm/families.js';
import type { TsfmLicence } from '../../tsfm/family.js';
import { acceptedLicences, defaultTsfmAdapters, licenceOf } from '../../tsfm/licence.js';
import { defaultHubCacheDir, lookupHubCache, missingCheckpointFiles } from '../../tsfm/sources/index.js';
import { EXIT_OK } from '../exit.js';
import { runCommand } from './dataInput.js';
import {
  ACCEPT_LICENCE_HELP,
  acceptLicenceArgParser,
  MODEL_DIR_HELP,
  perFamilyArgParser,
  perFamilyValues,
  type PerFamilyValues,
} from './tsfmAvailability.js';

export interface ModelsCommandOptions {
  /** Directories to check: `chronos=./c2,timesfm=./tfm`, or bare directories (family read from config.json). */
  modelDir?: string | PerFamilyValues;
  /** Hugging Face hub cache; default HF_HUB_CACHE / HF_HOME / ~/.cache/huggingface/hub. */
  cacheDir?: string;
  json?: boolean;
  /** Families whose non-commercial licence is accepted (`--accept-licence`), plus $TSAGENTKIT_ACCEPT_LICENCES. */
  acceptLicence?: string[];
}

/**
 * Whether a checkpoint may be used here: its licence allows commercial use; or it does not and the
 * user accepted it; or it does not and loading it is refused until they do.
 */
export type LicenceState = 'commercial' | 'accepted' | 'not-accepted';

export interface ModelRow {
  readonly family: string;
  readonly displayName: string;
  readonly size: string;
  readonly modelId: string;
  readonly parameters: number;
  readonly default: boolean;
  readonly licence: TsfmLicence;
  readonly licenceState: LicenceState;
  /** Whether the family is in the default TSFM ladder (only commercially licensed families are). */
  readonly inDefaultLadder: boolean;
  /** Where the checkpoint is on this machine, or null. */
  readonly local: { readonly kind: 'hf-cache'; readonly dir: string } | null;
}

export interface ModelDirRow {
  readonly dir: string;
  /** The family the directory was given for, or the one its config.json belongs to (bare --model-dir). */
  readonly family: string | null;
  readonly variant: string | null;
  readonly present: boolean;
  /** Why the directory cannot serve the family, when it cannot. */
  readonly problem: string | null;
}

export interface ModelsReport {
  readonly cacheDir: string;
  readonly models: readonly ModelRow[];
  readonly dirs: readonly ModelDirRow[];
}

export function modelsReport(o: ModelsCommandOptions = {}): ModelsReport {
  const cacheDir = o.cacheDir ?? defaultHubCacheDir();
  const accepted = acceptedLicences(o.acceptLicence);
  const defaults = new Set(defaultTsfmAdapters());
  const models: ModelRow[] = TSFM_FAMILIES.flatMap((family) =>
    family.models.map((m) => {
      const found = lookupHubCache(cacheDir, m.id, 'main');
      const licence = licenceOf(family, m.size);
      return {
        family: family.name,
        displayName: family.displayName,
        size: m.size,
        modelId: m.id,
        parameters: m.parameters,
        default: m.size === family.defaultSize,
        licence,
        licenceState: licence.commercialUse ? 'commercial' : accepted.has(family.name.toLowerCase()) ? 'accepted' : 'not-accepted',
        inDefaultLadder: defaults.has(family.name),
        local: found.dir ? { kind: 'hf-cache' as const, dir: found.dir } : null,
      };
    }),
  );
  const given = perFamilyValues('--model-dir', o.modelDir);
  const dirs: ModelDirRow[] = [];
  if (given?.bare !== undefined) dirs.push(checkDir(given.bare, undefined));
  for (const [family, dir] of Object.entries(given?.byFamily ?? {})) dirs.push(checkDir(dir, family));
  return { cacheDir, models, dirs };
}

/** Whether `dir` holds a checkpoint, and of which family (checked against `familyName` when given). */
function checkDir(dir: string, familyName: string | undefined): ModelDirRow {
  const row = (present: boolean, family: string | null, variant: string | null, problem: string | null): ModelDirRow => ({
    dir: path.resolve(dir),
    family,
    variant,
    present,
    problem,
  });
  const missing = missingCheckpointFiles(dir);
  const dangling = missing.filter((f) => hasFile(path.join(dir, f)));
  if (dangling.length > 0)
    return row(
      false,
      familyName ?? null,
      null,
      `${dangling.join(' and ')}: a symlink to a missing file (hub-cache blob); download the checkpoint again`,
    );
  if (missing.includes('model.safetensors')) return row(false, familyName ?? null, null, `lacks ${missing.join(' and ')}`);
  if (missing.includes('config.json')) {
    // A folder saved by upstream TimesFM holds model.safetensors alone: identify it by its tensor names.
    let names: string[];
    try {
      names = SafetensorsFile.readHeader(path.join(dir, 'model.safetensors')).keys();
    } catch (e) {
      return row(false, familyName ?? null, null, `model.safetensors is unreadable: ${(e as Error).message}`);
    }
    const found = detectTsfmWeights(names);
    if (found && (familyName === undefined || found.family.name === familyName)) return row(true, found.family.name, found.variant, null);
    return row(false, familyName ?? null, null, 'lacks config.json');
  }
  let config: unknown;
  try {
    config = JSON.parse(readFileSync(path.join(dir, 'config.json'), 'utf8'));
  } catch {
    return row(false, familyName ?? null, null, 'config.json is not valid JSON');
  }
  const unsupported = () => {
    const u = unsupportedTsfmCheckpoint(config);
    return u && (familyName === undefined || u.family.name === familyName) ? u : undefined;
  };
  if (familyName === undefined) {
    const found = detectTsfmFamily(config);
    if (found) return row(true, found.family.name, found.variant, null);
    const u = unsupported();
    return u ? row(false, u.family.name, null, u.reason) : row(false, null, null, 'config.json belongs to no known TSFM family');
  }
  const variant = tsfmFamily(familyName).detect(config);
  if (variant !== undefined) return row(true, familyName, variant, null);
  return row(false, familyName, null, unsupported()?.reason ?? `config.json is not a ${familyName} config`);
}

/** True when `file` is a link or a file (so a dangling link counts: it is there, but its target is not). */
function hasFile(file: string): boolean {
  try {
    lstatSync(file);
    return true;
  } catch {
    return false;
  }
}

/** 120e6 → "120M", 1.5e9 → "1.5B". */
export function formatParameters(n: number): string {
  if (n >= 1e9) return `${Number((n / 1e9).toPrecision(3))}B`;
  if (n >= 1e6) return `${Number((n / 1e6).toPrecision(3))}M`;
  if (n >= 1e3) return `${Number((n / 1e3).toPrecision(3))}K`;
  return String(n);
}

export function formatModelsTable(r: ModelsReport): string {
  const header = ['family', 'size', 'model id', 'params', 'licence', 'commercial', 'use', 'local'];
  const rows = r.models.map((m) => [
    m.family,
    `${m.size}${m.default ? ' *' : ''}`,
    m.modelId,
    formatParameters(m.parameters),
    m.licence.spdx,
    m.licence.commercialUse ? 'yes' : 'no',
    m.licenceState === 'commercial' ? 'yes' : m.licenceState === 'accepted' ? 'accepted' : `--accept-licence ${m.family}`,
    m.local ? m.local.dir : '—',
  ]);
  const widths = header.map((h, j) => Math.max(h.length, ...rows.map((row) => (row[j] ?? '').length)));
  const line = (cells: string[]) => `  ${cells.map((c, j) => c.padEnd(widths[j] ?? 0)).join('  ')}`.trimEnd();
  const out = [
    line(header),
    ...rows.map(line),
    `  * default size of the family; local: found in the Hugging Face cache ${r.cacheDir}`,
    '  use: a family not licensed for commercial use loads only after its licence is accepted, and is never in the default ladder',
  ];
  const notes = new Set(r.models.filter((m) => m.licence.note).map((m) => `  ${m.family} ${m.size}: ${m.licence.note} (${m.licence.url})`));
  out.push(...notes);
  for (const d of r.dirs) {
    out.push(
      d.present
        ? `  --model-dir ${d.dir}: ${d.family} checkpoint (${d.variant})`
        : `  --model-dir ${d.dir}: not usable${d.family ? ` for ${d.family}` : ''}: ${d.problem}`,
    );
  }
  return `${out.join('\n')}\n`;
}

export function modelsCommand(o: ModelsCommandOptions = {}): { exitCode: number; report: ModelsReport } {
  const report = modelsReport(o);
  process.stdout.write(o.json ? `${JSON.stringify(report, null, 2)}\n` : formatModelsTable(report));
  return { exitCode: EXIT_OK, report };
}

export function register(program: Command): void {
  program
    .command('models')
    .description('list the TSFM families and checkpoints of this build: size, parameters, licence, local presence')
    .option('--model-dir <dirs>', `${MODEL_DIR_HELP}; a bare path is identified from its config.json`, perFamilyArgParser('--model-dir'))
    .option('--accept-licence <families>', ACCEPT_LICENCE_HELP, acceptLicenceArgParser)
    .option('--cache-dir <dir>', 'Hugging Face hub cache to look in (default HF_HUB_CACHE, HF_HOME/hub or ~/.cache/huggingface/hub)')
    .option('--json', 'print the report as JSON')
    .action((o: ModelsCommandOptions) => runCommand(async () => modelsCommand(o).exitCode));
}
