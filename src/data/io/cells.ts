/** Reading numbers and missing markers from text cells, the way pandas' CSV reader does by default. */

/** pandas' default `na_values`: these strings read as missing. */
export const DEFAULT_NA_VALUES: readonly string[] = [
  '',
  '#N/A',
  '#N/A N/A',
  '#NA',
  '-1.#IND',
  '-1.#QNAN',
  '-NaN',
  '-nan',
  '1.#IND',
  '1.#QNAN',
  '<NA>',
  'N/A',
  'NA',
  'NULL',
  'NaN',
  'None',
  'n/a',
  'nan',
  'null',
];

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const INFINITY = /^([+-]?)(?:inf|infinity)$/i;

/** A number from text: decimal or scientific notation, or ±inf/Infinity; undefined when not a number. */
export function parseNumber(text: string): number | undefined {
  const s = text.trim();
  if (DECIMAL.test(s)) return Number(s);
  const inf = INFINITY.exec(s);
  if (inf) return inf[1] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  return undefined;
}

/** Integers written with leading zeros ("007") are identifiers or codes, not numbers. */
export function hasLeadingZero(text: string): boolean {
  return /^[+-]?0\d/.test(text.trim());
}

export type NumericCell = { ok: true; value: number } | { ok: false };

/**
 * A cell as a number: numbers as they are, null → NaN (missing), numeric text parsed, "true"/"false"
 * and booleans → 1/0. Dates and other text are not numbers.
 */
export function cellToNumber(v: unknown, naValues: ReadonlySet<string> = DEFAULT_NA_SET): NumericCell {
  if (v === null || v === undefined) return { ok: true, value: Number.NaN };
  if (typeof v === 'number') return { ok: true, value: v };
  if (typeof v === 'bigint') return { ok: true, value: Number(v) };
  if (typeof v === 'boolean') return { ok: true, value: v ? 1 : 0 };
  if (typeof v === 'string') {
    if (naValues.has(v) || naValues.has(v.trim())) return { ok: true, value: Number.NaN };
    const n = parseNumber(v);
    if (n !== undefined) return { ok: true, value: n };
    const lower = v.trim().toLowerCase();
    if (lower === 'true') return { ok: true, value: 1 };
    if (lower === 'false') return { ok: true, value: 0 };
  }
  return { ok: false };
}

export const DEFAULT_NA_SET: ReadonlySet<string> = new Set(DEFAULT_NA_VALUES);
