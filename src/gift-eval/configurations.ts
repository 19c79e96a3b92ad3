/**
 * GIFT-Eval's 97 configurations: the 55 dataset folders of `Salesforce/GiftEval`, which terms each
 * is evaluated on, and the names, domains and variate counts the leaderboard's `all_results.csv`
 * uses (gift-eval `notebooks/*.ipynb` and `notebooks/dataset_properties.json`).
 *
 * A configuration's name is `<pretty key>/<freq>/<term>` (e.g. `m4_weekly/W/short`): the key is the
 * folder's first part lowercased with four datasets renamed (saugeenday → saugeen, the `*_with_missing` ones lose
 * the suffix); the freq is the folder's second part, or the dataset's listed frequency for folders
 * without one.
 */
import { EGiftEvalDatasetUnknown } from '../errors/index.js';

export type Term = 'short' | 'medium' | 'long';
export const TERMS: readonly Term[] = ['short', 'medium', 'long'];

export interface DatasetEntry {
  /** Folder under the GIFT_EVAL root, exactly as on the Hub (e.g. `LOOP_SEATTLE/5T`). */
  readonly dir: string;
  /** The leaderboard's dataset key (e.g. `loop_seattle`). */
  readonly key: string;
  /** The frequency label of the configuration name (e.g. `5T`). */
  readonly freqLabel: string;
  readonly terms: readonly Term[];
  readonly domain: string;
  readonly numVariates: number;
}

export interface Configuration {
  /** `key/freq/term` (e.g. `m4_weekly/W/short`), the `dataset` column of all_results.csv. */
  readonly name: string;
  readonly dataset: DatasetEntry;
  readonly term: Term;
}

const PRETTY_NAMES: Readonly<Record<string, string>> = {
  saugeenday: 'saugeen',
  temperature_rain_with_missing: 'temperature_rain',
  kdd_cup_2018_with_missing: 'kdd_cup_2018',
  car_parts_with_missing: 'car_parts',
};

/** Domain and variate count per key (dataset_properties.json). */
const PROPERTIES: Readonly<Record<string, { domain: string; numVariates: number; freq: string }>> = {
  m4_yearly: { domain: 'Econ/Fin', numVariates: 1, freq: 'A' },
  m4_quarterly: { domain: 'Econ/Fin', numVariates: 1, freq: 'Q' },
  m4_monthly: { domain: 'Econ/Fin', numVariates: 1, freq: 'M' },
  m4_weekly: { domain: 'Econ/Fin', numVariates: 1, freq: 'W' },
  m4_daily: { domain: 'Econ/Fin', numVariates: 1, freq: 'D' },
  m4_hourly: { domain: 'Econ/Fin', numVariates: 1, freq: 'H' },
  electricity: { domain: 'Energy', numVariates: 1, freq: 'W' },
  ett1: { domain: 'Energy', numVariates: 7, freq: 'W' },
  ett2: { domain: 'Energy', numVariates: 7, freq: 'W' },
  solar: { domain: 'Energy', numVariates: 1, freq: 'W' },
  hospital: { domain: 'Healthcare', numVariates: 1, freq: 'M' },
  covid_deaths: { domain: 'Healthcare', numVariates: 1, freq: 'D' },
  us_births: { domain: 'Healthcare', numVariates: 1, freq: 'M' },
  saugeen: { domain: 'Nature', numVariates: 1, freq: 'M' },
  temperature_rain: { domain: 'Nature', numVariates: 1, freq: 'D' },
  kdd_cup_2018: { domain: 'Nature', numVariates: 1, freq: 'D' },
  jena_weather: { domain: 'Nature', numVariates: 21, freq: 'D' },
  car_parts: { domain: 'Sales', numVariates: 1, freq: 'M' },
  restaurant: { domain: 'Sales', numVariates: 1, freq: 'D' },
  hierarchical_sales: { domain: 'Sales', numVariates: 1, freq: 'W-WED' },
  loop_seattle: { domain: 'Transport', numVariates: 1, freq: 'D' },
  sz_taxi: { domain: 'Transport', numVariates: 1, freq: 'H' },
  m_dense: { domain: 'Transport', numVariates: 1, freq: 'D' },
  bitbrains_fast_storage: { domain: 'Web/CloudOps', numVariates: 2, freq: 'H' },
  bitbrains_rnd: { domain: 'Web/CloudOps', numVariates: 2, freq: 'H' },
  bizitobs_application: { domain: 'Web/CloudOps', numVariates: 2, freq: '10S' },
  bizitobs_service: { domain: 'Web/CloudOps', numVariates: 2, freq: '10S' },
  bizitobs_l2c: { domain: 'Web/CloudOps', numVariates: 7, freq: 'H' },
};

/** Folders evaluated on all three terms; every other folder is short-only. */
const MEDIUM_LONG = new Set([
  'electricity/15T',
  'electricity/H',
  'solar/10T',
  'solar/H',
  'kdd_cup_2018_with_missing/H',
  'LOOP_SEATTLE/5T',
  'LOOP_SEATTLE/H',
  'SZ_TAXI/15T',
  'M_DENSE/H',
  'ett1/15T',
  'ett1/H',
  'ett2/15T',
  'ett2/H',
  'jena_weather/10T',
  'jena_weather/H',
  'bitbrains_fast_storage/5T',
  'bitbrains_rnd/5T',
  'bizitobs_application',
  'bizitobs_service',
  'bizitobs_l2c/5T',
  'bizitobs_l2c/H',
]);

/** The 55 folders in the order of gift-eval's notebooks (short list). */
const DIRS = [
  'm4_yearly',
  'm4_quarterly',
  'm4_monthly',
  'm4_weekly',
  'm4_daily',
  'm4_hourly',
  'electricity/15T',
  'electricity/H',
  'electricity/D',
  'electricity/W',
  'solar/10T',
  'solar/H',
  'solar/D',
  'solar/W',
  'hospital',
  'covid_deaths',
  'us_births/D',
  'us_births/M',
  'us_births/W',
  'saugeenday/D',
  'saugeenday/M',
  'saugeenday/W',
  'temperature_rain_with_missing',
  'kdd_cup_2018_with_missing/H',
  'kdd_cup_2018_with_missing/D',
  'car_parts_with_missing',
  'restaurant',
  'hierarchical_sales/D',
  'hierarchical_sales/W',
  'LOOP_SEATTLE/5T',
  'LOOP_SEATTLE/H',
  'LOOP_SEATTLE/D',
  'SZ_TAXI/15T',
  'SZ_TAXI/H',
  'M_DENSE/H',
  'M_DENSE/D',
  'ett1/15T',
  'ett1/H',
  'ett1/D',
  'ett1/W',
  'ett2/15T',
  'ett2/H',
  'ett2/D',
  'ett2/W',
  'jena_weather/10T',
  'jena_weather/H',
  'jena_weather/D',
  'bitbrains_fast_storage/5T',
  'bitbrains_fast_storage/H',
  'bitbrains_rnd/5T',
  'bitbrains_rnd/H',
  'bizitobs_application',
  'bizitobs_service',
  'bizitobs_l2c/5T',
  'bizitobs_l2c/H',
] as const;

function entryFor(dir: string): DatasetEntry {
  const [first, sub] = dir.split('/') as [string, string | undefined];
  const lower = first.toLowerCase();
  const key = PRETTY_NAMES[lower] ?? lower;
  const props = PROPERTIES[key];
  if (!props) throw new Error(`giftEval catalogue: no properties for ${key}`);
  return {
    dir,
    key,
    freqLabel: sub ?? props.freq,
    terms: MEDIUM_LONG.has(dir) ? TERMS : ['short'],
    domain: props.domain,
    numVariates: props.numVariates,
  };
}

export const DATASETS: readonly DatasetEntry[] = DIRS.map(entryFor);

export function configurationName(dataset: DatasetEntry, term: Term): string {
  return `${dataset.key}/${dataset.freqLabel}/${term}`;
}

/** All 97 configurations, folder by folder, short before medium before long. */
export function allConfigurations(): Configuration[] {
  return DATASETS.flatMap((dataset) => dataset.terms.map((term) => ({ name: configurationName(dataset, term), dataset, term })));
}

/** A folder by its Hub name (case-insensitive, `saugeenday/D` or its config prefix `saugeen/d`). */
export function findDataset(name: string): DatasetEntry | undefined {
  const wanted = name.replace(/\/+$/, '').toLowerCase();
  return DATASETS.find((d) => d.dir.toLowerCase() === wanted || `${d.key}/${d.freqLabel}`.toLowerCase() === wanted);
}

export interface Selection {
  /** Folder names, or undefined / ['all'] for every folder. */
  readonly datasets?: readonly string[];
  /** Terms, or undefined / ['all'] for every term a folder has. */
  readonly terms?: readonly string[];
  /** Configuration names (`m4_weekly/W/short`, case-insensitive); intersected with the two filters above. */
  readonly configs?: readonly string[];
}

export interface SelectionOutcome {
  readonly configurations: Configuration[];
  /** Names that match nothing, each with its typed error (the run reports them and goes on). */
  readonly unknown: ReadonlyArray<{ readonly name: string; readonly error: EGiftEvalDatasetUnknown }>;
}

const isAll = (list: readonly string[] | undefined) => list === undefined || list.length === 0 || list.includes('all');

/** The configurations a run covers, in catalogue order; unknown names become typed errors. */
export function selectConfigurations(selection: Selection): SelectionOutcome {
  const unknown: Array<{ name: string; error: EGiftEvalDatasetUnknown }> = [];
  let terms: Set<Term> | undefined;
  if (!isAll(selection.terms)) {
    terms = new Set();
    for (const t of selection.terms ?? []) {
      if ((TERMS as readonly string[]).includes(t)) terms.add(t as Term);
      else
        unknown.push({
          name: t,
          error: new EGiftEvalDatasetUnknown(`Unknown GIFT-Eval term "${t}".`, { context: { term: t, terms: TERMS } }),
        });
    }
  }
  let dirs: Set<string> | undefined;
  if (!isAll(selection.datasets)) {
    dirs = new Set();
    for (const name of selection.datasets ?? []) {
      const found = findDataset(name);
      if (found) dirs.add(found.dir);
      else {
        unknown.push({
          name,
          error: new EGiftEvalDatasetUnknown(
            `Unknown GIFT-Eval dataset "${name}": it is none of the 55 folders of the 97 configurations.`,
            {
              context: { config: name, dataset: name },
            },
          ),
        });
      }
    }
  }
  let names: Set<string> | undefined;
  const all = allConfigurations();
  if (selection.configs !== undefined && selection.configs.length > 0) {
    names = new Set();
    for (const c of selection.configs) {
      const found = all.find((x) => x.name.toLowerCase() === c.toLowerCase());
      if (found) names.add(found.name);
      else {
        unknown.push({
          name: c,
          error: new EGiftEvalDatasetUnknown(`Unknown GIFT-Eval configuration "${c}".`, {
            context: { config: c },
            fixHint: 'Use names as in all_results.csv, key/freq/term, e.g. m4_weekly/W/short or electricity/15T/long.',
          }),
        });
      }
    }
  }
  const configurations = all.filter(
    (c) => (!dirs || dirs.has(c.dataset.dir)) && (!terms || terms.has(c.term)) && (!names || names.has(c.name)),
  );
  return { configurations, unknown };
}
