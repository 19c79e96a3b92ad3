/**
 * The input forms Chronos-2 accepts and their conversion to "prepared" items (upstream
 * `chronos2.preprocess`): one block of rows per item — targets first, then past-only covariates,
 * then known-future covariates — plus the matching future rows (NaN where the future is unknown).
 *
 * Values are cast to float32 here, as upstream casts its numpy/torch inputs; `null`, `undefined`
 * and NaN mark missing values.
 */
import { ETSFMInputInvalid } from '../../../../errors/index.js';

/** One series of values; `null` / NaN = missing. */
export type SeriesLike = ArrayLike<number | null | undefined>;

/** A multivariate target: `[nVariates][T]`, forecast jointly (one group). */
export type MultiSeriesLike = ReadonlyArray<SeriesLike>;

/** An item with covariates, upstream's dict input. */
export interface Chronos2DictItem {
  /** 1-d `[T]` or 2-d `[nVariates][T]`. */
  readonly target: SeriesLike | MultiSeriesLike;
  /** Past values of every covariate (past-only and known-future), each of length T. */
  readonly pastCovariates?: Readonly<Record<string, SeriesLike>>;
  /**
   * Future values of known-future covariates, each of length `predictionLength`. Keys must be a
   * subset of `pastCovariates`. `null` or an empty array = known in the future but not available
   * (the future is left NaN).
   */
  readonly futureCovariates?: Readonly<Record<string, SeriesLike | null>>;
}

/** A dense `[batch][nVariates][T]` block, upstream's 3-d tensor input. */
export interface Tensor3D {
  readonly shape: readonly [number, number, number];
  readonly data: ArrayLike<number>;
}

export type Chronos2Item = SeriesLike | MultiSeriesLike;

/**
 * What `predict` accepts: a 3-d tensor; a list of 1-d / 2-d items (mixed, ragged lengths); or a list
 * of dict items sharing one schema.
 */
export type Chronos2Inputs = Tensor3D | ReadonlyArray<Chronos2Item> | ReadonlyArray<Chronos2DictItem>;

/** One item ready for batching; `context` rows have the item's own length. */
export interface PreparedItem {
  /** nTargets + nCovariates rows of equal length. */
  readonly context: Float32Array[];
  /** Same rows, `predictionLength` long; NaN except for known-future covariate rows. */
  readonly future: Float32Array[];
  readonly nTargets: number;
  readonly nCovariates: number;
  readonly nFutureCovariates: number;
}

export function isTensor3D(x: unknown): x is Tensor3D {
  return typeof x === 'object' && x !== null && !isArrayLike(x) && 'shape' in x && 'data' in x;
}

export function isDictItem(x: unknown): x is Chronos2DictItem {
  return typeof x === 'object' && x !== null && !isArrayLike(x) && 'target' in x;
}

function isArrayLike(x: unknown): x is ArrayLike<unknown> {
  return Array.isArray(x) || ArrayBuffer.isView(x);
}

/** Converts every supported input form to prepared items, validating as upstream does. */
export function prepareInputs(inputs: Chronos2Inputs, predictionLength: number): PreparedItem[] {
  if (isTensor3D(inputs)) return fromTensor3D(inputs, predictionLength);
  if (!Array.isArray(inputs)) {
    throw new ETSFMInputInvalid('Chronos-2 inputs must be a list of series, a list of {target, ...} items or a 3-d tensor {shape, data}.', {
      context: { received: typeof inputs },
    });
  }
  if (inputs.length === 0) {
    throw new ETSFMInputInvalid('Chronos-2 inputs are empty; provide at least one time series.', { context: { items: 0 } });
  }
  if (isDictItem(inputs[0])) return fromDictItems(inputs as ReadonlyArray<Chronos2DictItem>, predictionLength);
  return fromSeriesList(inputs as ReadonlyArray<Chronos2Item>, predictionLength);
}

/** [batch][nVariates][T] → one item per batch entry, every variate a target. */
export function fromTensor3D(tensor: Tensor3D, predictionLength: number): PreparedItem[] {
  const { shape, data } = tensor;
  if (shape.length !== 3 || shape.some((d) => !Number.isInteger(d) || d < 0)) {
    throw new ETSFMInputInvalid(`A 3-d input needs shape [batch, nVariates, T], got [${shape.join(', ')}].`, { context: { shape } });
  }
  const [batch, nVariates, length] = shape;
  if (data.length !== batch * nVariates * length) {
    throw new ETSFMInputInvalid(
      `3-d input data has ${data.length} values, shape [${shape.join(', ')}] needs ${batch * nVariates * length}.`,
      {
        context: { shape, values: data.length },
      },
    );
  }
  if (batch === 0) throw new ETSFMInputInvalid('Chronos-2 inputs are empty; provide at least one time series.', { context: { shape } });
  if (nVariates === 0 || length === 0) {
    throw new ETSFMInputInvalid(`3-d input has an empty axis: shape [${shape.join(', ')}].`, { context: { shape } });
  }
  const items: PreparedItem[] = [];
  for (let b = 0; b < batch; b++) {
    const context: Float32Array[] = [];
    for (let v = 0; v < nVariates; v++) {
      const start = (b * nVariates + v) * length;
      context.push(toFloat32(sliceLike(data, start, start + length), `inputs[${b}][${v}]`));
    }
    items.push(targetsOnly(context, predictionLength));
  }
  return items;
}

/** A list of 1-d and 2-d items (ragged lengths allowed); every row is a target. */
export function fromSeriesList(list: ReadonlyArray<Chronos2Item>, predictionLength: number): PreparedItem[] {
  return list.map((item, i) => {
    if (isDictItem(item) || isTensor3D(item)) {
      throw new ETSFMInputInvalid(`Item ${i} is an object, but item 0 is a series; do not mix series and {target, ...} items.`, {
        context: { index: i },
      });
    }
    return targetsOnly(targetRows(item, `inputs[${i}]`), predictionLength);
  });
}

/** A list of dict items with a shared schema (upstream `from_list_of_dicts`). */
export function fromDictItems(items: ReadonlyArray<Chronos2DictItem>, predictionLength: number): PreparedItem[] {
  const allowed = new Set(['target', 'pastCovariates', 'futureCovariates']);
  // First pass: per-item types and lengths, so the error names the faulty item.
  const parsed = items.map((item, i) => {
    if (!isDictItem(item)) {
      throw new ETSFMInputInvalid(`Item ${i} has no "target"; when item 0 is a {target, ...} item, every item must be one.`, {
        context: { index: i },
      });
    }
    const extra = Object.keys(item).filter((k) => !allowed.has(k));
    if (extra.length > 0) {
      throw new ETSFMInputInvalid(`Item ${i} has unknown keys ${extra.join(', ')}; allowed: target, pastCovariates, futureCovariates.`, {
        context: { index: i, keys: extra },
      });
    }
    const targets = targetRows(item.target, `inputs[${i}].target`);
    const length = targets[0].length;
    const past = checkRecord(item.pastCovariates, 'pastCovariates', i);
    const future = checkRecord(item.futureCovariates, 'futureCovariates', i);
    const pastRows = new Map<string, Float32Array>();
    for (const [key, values] of Object.entries(past)) {
      const row = seriesToFloat32(values, `inputs[${i}].pastCovariates.${key}`);
      if (row.length !== length) {
        throw new ETSFMInputInvalid(
          `Past covariate "${key}" of item ${i} has ${row.length} values; it must have the target's length ${length}.`,
          { context: { index: i, covariate: key, length: row.length, expected: length } },
        );
      }
      pastRows.set(key, row);
    }
    const futureRows = new Map<string, Float32Array | null>();
    for (const [key, values] of Object.entries(future)) {
      if (isUnavailable(values)) {
        futureRows.set(key, null);
        continue;
      }
      const row = seriesToFloat32(values as SeriesLike, `inputs[${i}].futureCovariates.${key}`);
      if (row.length !== predictionLength) {
        throw new ETSFMInputInvalid(
          `Future covariate "${key}" of item ${i} has ${row.length} values; it must have predictionLength = ${predictionLength}.`,
          { context: { index: i, covariate: key, length: row.length, expected: predictionLength } },
        );
      }
      futureRows.set(key, row);
    }
    return { targets, pastRows, futureRows };
  });

  // Second pass: one schema for all items (upstream rejects heterogeneous lists).
  const first = parsed[0];
  const pastKeys = [...first.pastRows.keys()].sort();
  const futureKeys = [...first.futureRows.keys()].sort();
  const missing = futureKeys.filter((k) => !first.pastRows.has(k));
  if (missing.length > 0) {
    throw new ETSFMInputInvalid(
      `futureCovariates keys must be a subset of pastCovariates keys [${pastKeys.join(', ')}]; not in pastCovariates: ${missing.join(', ')}.`,
      { context: { pastCovariates: pastKeys, futureCovariates: futureKeys } },
    );
  }
  parsed.forEach((p, i) => {
    if (p.targets.length !== first.targets.length) {
      throw new ETSFMInputInvalid(
        `All targets must have the same number of variates: item 0 has ${first.targets.length}, item ${i} has ${p.targets.length}. Call predict once per schema.`,
        { context: { index: i, nTargets: p.targets.length, expected: first.targets.length } },
      );
    }
    const keys = [...p.pastRows.keys()].sort();
    if (keys.join('\u0000') !== pastKeys.join('\u0000')) {
      throw new ETSFMInputInvalid(
        `All items must have the same pastCovariates keys: item 0 has [${pastKeys.join(', ')}], item ${i} has [${keys.join(', ')}].`,
        {
          context: { index: i, keys, expected: pastKeys },
        },
      );
    }
    const fkeys = [...p.futureRows.keys()].sort();
    if (fkeys.join('\u0000') !== futureKeys.join('\u0000')) {
      throw new ETSFMInputInvalid(
        `All items must have the same futureCovariates keys: item 0 has [${futureKeys.join(', ')}], item ${i} has [${fkeys.join(', ')}].`,
        {
          context: { index: i, keys: fkeys, expected: futureKeys },
        },
      );
    }
    for (const key of futureKeys) {
      if ((p.futureRows.get(key) === null) !== (first.futureRows.get(key) === null)) {
        throw new ETSFMInputInvalid(
          `All items must agree on whether futureCovariates.${key} is provided or unavailable (null/empty); item ${i} differs.`,
          {
            context: { index: i, covariate: key },
          },
        );
      }
    }
  });

  // Row order inside each item: targets, past-only covariates, known-future covariates (each sorted by name).
  const futureSet = new Set(futureKeys);
  const ordered = [...pastKeys.filter((k) => !futureSet.has(k)), ...pastKeys.filter((k) => futureSet.has(k))];
  return parsed.map((p) => {
    const context = [...p.targets, ...ordered.map((k) => p.pastRows.get(k) as Float32Array)];
    const future = context.map((_, r) => {
      const key = r >= p.targets.length ? ordered[r - p.targets.length] : undefined;
      const known = key !== undefined ? p.futureRows.get(key) : undefined;
      return known ? known : nanRow(predictionLength);
    });
    return {
      context,
      future,
      nTargets: p.targets.length,
      nCovariates: ordered.length,
      nFutureCovariates: futureKeys.length,
    };
  });
}

function targetsOnly(context: Float32Array[], predictionLength: number): PreparedItem {
  return {
    context,
    future: context.map(() => nanRow(predictionLength)),
    nTargets: context.length,
    nCovariates: 0,
    nFutureCovariates: 0,
  };
}

/** A 1-d series becomes one row; a 2-d `[nVariates][T]` array becomes nVariates rows of equal length. */
function targetRows(item: SeriesLike | MultiSeriesLike, where: string): Float32Array[] {
  if (!isArrayLike(item)) {
    throw new ETSFMInputInvalid(`${where} must be a 1-d series or a 2-d [nVariates][T] array.`, { context: { where } });
  }
  const is2d = item.length > 0 && isArrayLike((item as ArrayLike<unknown>)[0]);
  if (!is2d) return [seriesToFloat32(item as SeriesLike, where)];
  const rows = (item as MultiSeriesLike).map((row, v) => {
    if (!isArrayLike(row) || (row.length > 0 && isArrayLike((row as ArrayLike<unknown>)[0]))) {
      throw new ETSFMInputInvalid(`${where} must be 1-d or 2-d; row ${v} is not a series of numbers.`, { context: { where, row: v } });
    }
    return seriesToFloat32(row, `${where}[${v}]`);
  });
  const length = rows[0].length;
  rows.forEach((r, v) => {
    if (r.length !== length) {
      throw new ETSFMInputInvalid(`${where} is 2-d but its rows differ in length (${length} vs ${r.length} at row ${v}).`, {
        context: { where, row: v, length: r.length, expected: length },
      });
    }
  });
  return rows;
}

function seriesToFloat32(values: SeriesLike, where: string): Float32Array {
  const out = toFloat32(values, where);
  if (out.length === 0) throw new ETSFMInputInvalid(`${where} is empty; every series needs at least one value.`, { context: { where } });
  return out;
}

/** Casts to float32; null/undefined/NaN → NaN. ±Infinity and non-numbers are rejected. */
function toFloat32(values: ArrayLike<number | null | undefined>, where: string): Float32Array {
  const out = new Float32Array(values.length);
  for (let t = 0; t < values.length; t++) {
    const v = values[t];
    if (v === null || v === undefined) {
      out[t] = Number.NaN;
    } else if (typeof v !== 'number') {
      throw new ETSFMInputInvalid(`${where}[${t}] is not a number (${typeof v}); Chronos-2 takes numeric series only.`, {
        context: { where, index: t },
      });
    } else if (v === Infinity || v === -Infinity) {
      throw new ETSFMInputInvalid(`${where}[${t}] is ${v}; use null or NaN for a missing value.`, { context: { where, index: t } });
    } else {
      out[t] = v;
    }
  }
  return out;
}

function checkRecord<T>(value: Readonly<Record<string, T>> | undefined, name: string, index: number): Readonly<Record<string, T>> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || isArrayLike(value)) {
    throw new ETSFMInputInvalid(`${name} of item ${index} must be an object mapping covariate names to series.`, {
      context: { index, field: name },
    });
  }
  return value;
}

function isUnavailable(values: SeriesLike | null | undefined): boolean {
  return values === null || values === undefined || values.length === 0;
}

function nanRow(length: number): Float32Array {
  return new Float32Array(length).fill(Number.NaN);
}

function sliceLike(data: ArrayLike<number>, start: number, end: number): ArrayLike<number> {
  if (ArrayBuffer.isView(data)) return (data as unknown as Float64Array).subarray(start, end);
  return Array.prototype.slice.call(data, start, end) as number[];
}
