/**
 * GIFT-Eval's protocol numbers (gift-eval `src/gift_eval/data.py`, gluonts 0.15.1
 * `time_feature/seasonality.py`): prediction length per frequency and term, number of test
 * windows, and the seasonality that scales MASE and MSIS.
 *
 * Frequencies are read with the project's pandas-alias parser; only the unit and the multiple
 * matter here. GIFT-Eval ignores the multiple for the prediction length (5T, 10T and 15T all get
 * 48) but not for the seasonality (5T → 1440 / 5 = 288). gluonts' seasonality is deliberately not
 * the project's `seasonLengthFor` (which gives 7 for daily and 52 for weekly data): the published
 * numbers use gluonts' table, where D and W are 1.
 */
import { parseFreq, type FreqUnit } from '../data/frequency.js';
import { EFreqInvalid } from '../errors/index.js';
import type { Term } from './configurations.js';

const TERM_MULTIPLIER: Readonly<Record<Term, number>> = { short: 1, medium: 10, long: 15 };

/** PRED_LENGTH_MAP; B has none in GIFT-Eval (a KeyError there, a typed error here). */
const PRED_LENGTH: Partial<Record<FreqUnit, number>> = { M: 12, W: 8, D: 30, H: 48, T: 48, S: 60 };
/** M4_PRED_LENGTH_MAP, used when the folder name contains "m4". */
const M4_PRED_LENGTH: Partial<Record<FreqUnit, number>> = { A: 6, Q: 8, M: 18, W: 13, D: 14, H: 48 };
/** gluonts DEFAULT_SEASONALITIES by unit (A and anything else: 1). */
const BASE_SEASONALITY: Partial<Record<FreqUnit, number>> = { S: 3600, T: 1440, H: 24, D: 1, W: 1, M: 12, B: 5, Q: 4 };

export const TEST_SPLIT = 0.1;
export const MAX_WINDOWS = 20;

/** gluonts `get_seasonality`: base // n when n divides the base, else 1. Throws EFreqInvalid for an unknown alias. */
export function gluontsSeasonality(freq: string): number {
  const f = parseFreq(freq);
  const base = BASE_SEASONALITY[f.unit] ?? 1;
  return base % f.n === 0 ? base / f.n : 1;
}

export function predictionLength(datasetDir: string, freq: string, term: Term): number {
  const f = parseFreq(freq);
  const m4 = datasetDir.includes('m4');
  const base = (m4 ? M4_PRED_LENGTH : PRED_LENGTH)[f.unit];
  if (base === undefined) {
    throw new EFreqInvalid(`Frequency "${freq}" has no GIFT-Eval prediction length${m4 ? ' for m4 datasets' : ''}.`, {
      context: { freq, unit: f.unit, known: Object.keys(m4 ? M4_PRED_LENGTH : PRED_LENGTH) },
      fixHint: 'GIFT-Eval defines prediction lengths for S, T, H, D, W and M data (m4: A, Q, M, W, D, H).',
    });
  }
  return base * TERM_MULTIPLIER[term];
}

/** `min(max(1, ceil(0.1·minLen/PL)), 20)`, and always 1 for m4 datasets. */
export function testWindows(datasetDir: string, minLength: number, predLength: number): number {
  if (datasetDir.includes('m4')) return 1;
  return Math.min(Math.max(1, Math.ceil((TEST_SPLIT * minLength) / predLength)), MAX_WINDOWS);
}
