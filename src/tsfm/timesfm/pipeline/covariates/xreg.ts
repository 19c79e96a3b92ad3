/**
 * upstream `xreg_lib.BatchedInContextXRegLinear`: one linear model fitted in context over every
 * series of a call at once (their context rows stacked), on
 *   [1 | numeric covariates, each column standardised on the context rows | one-hot categoricals],
 * numeric = dynamic ones sorted by name, then static ones; categorical = dynamic ones sorted by name,
 * then static ones, one-hot over the context's categories (first dropped when ridge = 0; a category
 * unseen in the context encodes as all zeros). β = pinv(XᵀX + ridge·I)·Xᵀy; the fit is returned on
 * the horizon rows and on the context rows.
 */
import { ETSFMInputInvalid } from '../../../../errors/index.js';
import { matrix, multiply, ridgeSolve } from './linalg.js';

export type Category = string | number;

/** Covariates per series, as upstream's `forecast_with_covariates` takes them. */
export interface Covariates {
  /** name → per series, values over context + horizon (input length + horizon). */
  dynamicNumerical?: Readonly<Record<string, ReadonlyArray<ArrayLike<number>>>>;
  /** name → per series, categories over context + horizon. */
  dynamicCategorical?: Readonly<Record<string, ReadonlyArray<ReadonlyArray<Category>>>>;
  /** name → one value per series. */
  staticNumerical?: Readonly<Record<string, ReadonlyArray<number>>>;
  /** name → one category per series. */
  staticCategorical?: Readonly<Record<string, ReadonlyArray<Category>>>;
}

export interface XRegProblem {
  /** Per series, the regression target on its last `trainLens[i]` context steps. */
  targets: ReadonlyArray<ArrayLike<number>>;
  inputLens: readonly number[];
  trainLens: readonly number[];
  testLens: readonly number[];
  covariates: Covariates;
  ridge: number;
}

export interface XRegFit {
  /** Per series, the linear fit on the horizon (testLens[i] values). */
  test: Float64Array[];
  /** Per series, the linear fit on the context rows (trainLens[i] values). */
  train: Float64Array[];
  beta: Float64Array;
  /** Column names of the design matrix, intercept first. */
  columns: string[];
}

const TOL = 1e-6;

function bad(message: string, context: Record<string, unknown>): ETSFMInputInvalid {
  return new ETSFMInputInvalid(message, {
    context,
    fixHint: 'Give every covariate one value per context step and horizon step of each series (static ones: one per series).',
  });
}

function compareCategory(a: Category, b: Category): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const sa = String(a);
  const sb = String(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

export function fitInContextXReg(p: XRegProblem): XRegFit {
  const n = p.targets.length;
  const cov = p.covariates;
  const dynNum = cov.dynamicNumerical ?? {};
  const dynCat = cov.dynamicCategorical ?? {};
  const stNum = cov.staticNumerical ?? {};
  const stCat = cov.staticCategorical ?? {};
  if (Object.keys(dynNum).length + Object.keys(dynCat).length + Object.keys(stNum).length + Object.keys(stCat).length === 0) {
    throw bad('At least one of dynamicNumerical, dynamicCategorical, staticNumerical, staticCategorical covariates must be set.', {});
  }
  const trainRows = p.trainLens.reduce((a, b) => a + b, 0);
  const testRows = p.testLens.reduce((a, b) => a + b, 0);
  for (let i = 0; i < n; i++) {
    if (p.targets[i].length !== p.trainLens[i])
      throw bad(`targets[${i}] has length ${p.targets[i].length} != expected ${p.trainLens[i]}.`, { series: i });
  }
  const checkDynamic = (kind: string, name: string, values: ReadonlyArray<ArrayLike<unknown>>) => {
    if (values.length !== n) throw bad(`${kind} covariate "${name}" has ${values.length} series, expected ${n}.`, { covariate: name });
    values.forEach((v, i) => {
      const want = p.inputLens[i] + p.testLens[i];
      if (v.length !== want)
        throw bad(
          `${kind} covariate "${name}" of series ${i} has ${v.length} values, expected context ${p.inputLens[i]} + horizon ${p.testLens[i]} = ${want}.`,
          { covariate: name, series: i },
        );
    });
  };
  const checkStatic = (kind: string, name: string, values: ArrayLike<unknown>) => {
    if (values.length !== n)
      throw bad(`${kind} covariate "${name}" has ${values.length} values, expected one per series (${n}).`, { covariate: name });
  };

  // Column builders: each gives its train and test column(s).
  const trainCols: Float64Array[] = [];
  const testCols: Float64Array[] = [];
  const names: string[] = [];
  const dynamicColumn = <T>(values: ReadonlyArray<ArrayLike<T>>, map: (v: T) => number) => {
    const tr = new Float64Array(trainRows);
    const te = new Float64Array(testRows);
    let a = 0;
    let b = 0;
    for (let i = 0; i < n; i++) {
      const v = values[i];
      for (let t = p.inputLens[i] - p.trainLens[i]; t < p.inputLens[i]; t++) tr[a++] = map(v[t]);
      for (let t = p.inputLens[i]; t < p.inputLens[i] + p.testLens[i]; t++) te[b++] = map(v[t]);
    }
    return [tr, te] as const;
  };
  const staticColumn = (value: (i: number) => number) => {
    const tr = new Float64Array(trainRows);
    const te = new Float64Array(testRows);
    let a = 0;
    let b = 0;
    for (let i = 0; i < n; i++) {
      const v = value(i);
      tr.fill(v, a, a + p.trainLens[i]);
      te.fill(v, b, b + p.testLens[i]);
      a += p.trainLens[i];
      b += p.testLens[i];
    }
    return [tr, te] as const;
  };

  for (const name of Object.keys(dynNum).sort()) {
    checkDynamic('Dynamic numerical', name, dynNum[name]);
    const [tr, te] = dynamicColumn(dynNum[name], (v: number) => v);
    trainCols.push(tr);
    testCols.push(te);
    names.push(name);
  }
  for (const [name, values] of Object.entries(stNum)) {
    checkStatic('Static numerical', name, values);
    const [tr, te] = staticColumn((i) => values[i]);
    trainCols.push(tr);
    testCols.push(te);
    names.push(name);
  }
  for (let c = 0; c < trainCols.length; c++) {
    const tr = trainCols[c];
    for (const v of tr)
      if (!Number.isFinite(v))
        throw bad(`Numerical covariate "${names[c]}" has a missing or non-finite value on the context.`, { covariate: names[c] });
    for (const v of testCols[c])
      if (!Number.isFinite(v))
        throw bad(`Numerical covariate "${names[c]}" has a missing or non-finite value on the horizon.`, { covariate: names[c] });
    // Standardise on the context rows, for robustness (upstream: np.std, ddof 0).
    let mean = 0;
    for (const v of tr) mean += v;
    mean /= tr.length || 1;
    let ss = 0;
    for (const v of tr) ss += (v - mean) ** 2;
    const sd = Math.sqrt(ss / (tr.length || 1));
    const scale = sd > TOL ? sd : 1;
    for (let r = 0; r < tr.length; r++) tr[r] = (tr[r] - mean) / scale;
    const te = testCols[c];
    for (let r = 0; r < te.length; r++) te[r] = (te[r] - mean) / scale;
  }

  const dropFirst = p.ridge <= 0;
  const oneHot = (name: string, fitOn: readonly Category[], trainOf: (row: number) => Category, testOf: (row: number) => Category) => {
    const categories = [...new Set(fitOn)].sort(compareCategory);
    const kept = dropFirst ? categories.slice(1) : categories;
    for (const cat of kept) {
      const tr = new Float64Array(trainRows);
      const te = new Float64Array(testRows);
      for (let r = 0; r < trainRows; r++) tr[r] = trainOf(r) === cat ? 1 : 0;
      for (let r = 0; r < testRows; r++) te[r] = testOf(r) === cat ? 1 : 0;
      trainCols.push(tr);
      testCols.push(te);
      names.push(`${name}=${String(cat)}`);
    }
  };
  for (const name of Object.keys(dynCat).sort()) {
    checkDynamic('Dynamic categorical', name, dynCat[name]);
    const tr: Category[] = [];
    const te: Category[] = [];
    dynCat[name].forEach((v, i) => {
      for (let t = p.inputLens[i] - p.trainLens[i]; t < p.inputLens[i]; t++) tr.push(v[t]);
      for (let t = p.inputLens[i]; t < p.inputLens[i] + p.testLens[i]; t++) te.push(v[t]);
    });
    oneHot(
      name,
      tr,
      (r) => tr[r],
      (r) => te[r],
    );
  }
  for (const [name, values] of Object.entries(stCat)) {
    checkStatic('Static categorical', name, values);
    const seriesOfTrain: number[] = [];
    const seriesOfTest: number[] = [];
    for (let i = 0; i < n; i++) {
      for (let t = 0; t < p.trainLens[i]; t++) seriesOfTrain.push(i);
      for (let t = 0; t < p.testLens[i]; t++) seriesOfTest.push(i);
    }
    oneHot(
      name,
      [...values],
      (r) => values[seriesOfTrain[r]],
      (r) => values[seriesOfTest[r]],
    );
  }

  const cols = trainCols.length + 1;
  const xTrain = matrix(trainRows, cols);
  const xTest = matrix(testRows, cols);
  for (let r = 0; r < trainRows; r++) {
    xTrain.data[r * cols] = 1;
    for (let c = 0; c < trainCols.length; c++) xTrain.data[r * cols + c + 1] = trainCols[c][r];
  }
  for (let r = 0; r < testRows; r++) {
    xTest.data[r * cols] = 1;
    for (let c = 0; c < testCols.length; c++) xTest.data[r * cols + c + 1] = testCols[c][r];
  }
  const y = new Float64Array(trainRows);
  let k = 0;
  for (const t of p.targets) for (let i = 0; i < t.length; i++) y[k++] = t[i];
  for (const v of y)
    if (!Number.isFinite(v))
      throw bad('The regression target has a missing or non-finite value; fill the series before forecasting with covariates.', {});

  const beta = ridgeSolve(xTrain, y, p.ridge);
  const yTest = multiply(xTest, beta);
  const yTrain = multiply(xTrain, beta);
  const test: Float64Array[] = [];
  const train: Float64Array[] = [];
  let a = 0;
  let b = 0;
  for (let i = 0; i < n; i++) {
    train.push(yTrain.slice(a, a + p.trainLens[i]));
    test.push(yTest.slice(b, b + p.testLens[i]));
    a += p.trainLens[i];
    b += p.testLens[i];
  }
  return { test, train, beta, columns: ['(intercept)', ...names] };
}

/** upstream `xreg_lib.normalize`: per series (x − mean)/std, std ≤ 1e-6 → 1. */
export function normalizePerSeries(batch: ReadonlyArray<ArrayLike<number>>): {
  normalized: Float64Array[];
  stats: Array<{ mean: number; std: number }>;
} {
  const stats = batch.map((x) => {
    let mean = 0;
    for (let i = 0; i < x.length; i++) mean += x[i];
    mean /= x.length || 1;
    let ss = 0;
    for (let i = 0; i < x.length; i++) ss += (x[i] - mean) ** 2;
    const sd = Math.sqrt(ss / (x.length || 1));
    return { mean, std: sd > TOL ? sd : 1 };
  });
  return { normalized: batch.map((x, i) => Float64Array.from(x as ArrayLike<number>, (v) => (v - stats[i].mean) / stats[i].std)), stats };
}
