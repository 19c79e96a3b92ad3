import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ETSFMForecastConfigInvalid, ETSFMInputInvalid } from '../../../../errors/index.js';
import { loadTimesFMModel, type TimesFMOnnxModel } from '../../model/load.js';
import { TimesFM2p5Pipeline } from '../pipeline.js';
import { forecastWithCovariates } from './forecastWithCovariates.js';
import { matrix, ridgeSolve } from './linalg.js';
import { fitInContextXReg, normalizePerSeries } from './xreg.js';

/** Closed form for two columns: (XᵀX + λI)⁻¹ Xᵀy with the explicit 2×2 inverse. */
function closedForm2(x: number[][], y: number[], lambda: number): [number, number] {
  let a = lambda,
    b = 0,
    d = lambda,
    u = 0,
    v = 0;
  x.forEach(([x0, x1], r) => {
    a += x0 * x0;
    b += x0 * x1;
    d += x1 * x1;
    u += x0 * y[r];
    v += x1 * y[r];
  });
  const det = a * d - b * b;
  return [(d * u - b * v) / det, (a * v - b * u) / det];
}

describe('ridge solve (pinv of the symmetric normal matrix)', () => {
  const xs = [0.3, -1.2, 2.5, 0.8, 1.9, -0.4];
  const ys = [1.1, -0.7, 3.9, 2.2, 2.0, 0.1];
  const rows = xs.map((x) => [1, x]);
  it.each([0, 0.5, 10])('matches the closed-form 2×2 solution with ridge %s', (lambda) => {
    const beta = ridgeSolve(matrix(6, 2, Float64Array.from(rows.flat())), ys, lambda);
    const [b0, b1] = closedForm2(rows, ys, lambda);
    expect(beta[0]).toBeCloseTo(b0, 12);
    expect(beta[1]).toBeCloseTo(b1, 12);
  });
  it('gives the minimum-norm solution for collinear columns, as a pseudo-inverse does', () => {
    const beta = ridgeSolve(
      matrix(6, 2, Float64Array.from(xs.flatMap((x) => [x, x]))),
      xs.map((x) => 2 * x),
      0,
    );
    expect(beta[0]).toBeCloseTo(1, 10);
    expect(beta[1]).toBeCloseTo(1, 10);
  });
});

describe('in-context regression (upstream BatchedInContextXRegLinear)', () => {
  const c1 = [1, 4, 2, 8, 5, 7, 3, /* horizon */ 6, 9];
  const c2 = [2, 2, 9, 1, /* horizon */ 4, 5, 0];
  const y = (c: number) => 5 + 3 * c;
  it('shares one β across the series and recovers an exact linear relation on the horizon', () => {
    const fit = fitInContextXReg({
      targets: [c1.slice(0, 7).map(y), c2.slice(0, 4).map(y)],
      inputLens: [7, 4],
      trainLens: [7, 4],
      testLens: [2, 3],
      covariates: { dynamicNumerical: { c: [c1, c2] } },
      ridge: 0,
    });
    expect([...fit.test[0]].map((v) => +v.toFixed(9))).toEqual([y(6), y(9)]);
    expect([...fit.test[1]].map((v) => +v.toFixed(9))).toEqual([y(4), y(5), y(0)]);
    expect(fit.columns).toEqual(['(intercept)', 'c']);
  });
  it('ridge equals the closed form on the standardised design [1, (c − mean)/std]', () => {
    const train = [...c1.slice(0, 7), ...c2.slice(0, 4)];
    const targets = train.map((c, i) => y(c) + (i % 3) - 1);
    const mean = train.reduce((a, b) => a + b, 0) / train.length;
    const sd = Math.sqrt(train.reduce((a, b) => a + (b - mean) ** 2, 0) / train.length);
    const [b0, b1] = closedForm2(
      train.map((c) => [1, (c - mean) / sd]),
      targets,
      2.5,
    );
    const fit = fitInContextXReg({
      targets: [targets.slice(0, 7), targets.slice(7)],
      inputLens: [7, 4],
      trainLens: [7, 4],
      testLens: [2, 3],
      covariates: { dynamicNumerical: { c: [c1, c2] } },
      ridge: 2.5,
    });
    expect(fit.beta[0]).toBeCloseTo(b0, 10);
    expect(fit.beta[1]).toBeCloseTo(b1, 10);
    expect(fit.test[1][2]).toBeCloseTo(b0 + b1 * ((0 - mean) / sd), 10);
  });
  it('one-hot encodes categoricals (first category dropped without ridge; unseen ones all zero)', () => {
    const cats = ['a', 'b', 'a', 'c', 'b', /* horizon */ 'c', 'b', 'z'];
    const effect: Record<string, number> = { a: 0, b: 4, c: -2 };
    const fit = fitInContextXReg({
      targets: [cats.slice(0, 5).map((c) => 2 + effect[c])],
      inputLens: [5],
      trainLens: [5],
      testLens: [3],
      covariates: { dynamicCategorical: { k: [cats] } },
      ridge: 0,
    });
    expect(fit.columns).toEqual(['(intercept)', 'k=b', 'k=c']);
    expect([...fit.test[0]].map((v) => +v.toFixed(9) || 0)).toEqual([0, 6, 2]);
  });
  it('rejects covariates of the wrong length and missing covariates with typed errors', () => {
    const base = { targets: [[1, 2, 3]], inputLens: [3], trainLens: [3], testLens: [2], ridge: 0 };
    expect(() => fitInContextXReg({ ...base, covariates: { dynamicNumerical: { c: [[1, 2, 3, 4]] } } })).toThrow(ETSFMInputInvalid);
    expect(() => fitInContextXReg({ ...base, covariates: {} })).toThrow(/At least one/);
    expect(() => fitInContextXReg({ ...base, covariates: { dynamicNumerical: { c: [[1, NaN, 3, 4, 5]] } } })).toThrow(/non-finite/);
  });
  it('normalises per series like upstream (population std, tiny std → 1)', () => {
    const { normalized, stats } = normalizePerSeries([
      [1, 3],
      [5, 5],
    ]);
    expect(stats).toEqual([
      { mean: 2, std: 1 },
      { mean: 5, std: 1 },
    ]);
    expect([...normalized[0]]).toEqual([-1, 1]);
  });
});

describe('forecastWithCovariates on the fixture checkpoint', () => {
  let model: TimesFMOnnxModel;
  beforeAll(async () => {
    model = await loadTimesFMModel(
      fileURLToPath(new URL('../../../../../test/fixtures/timesfm2p5/checkpoints/seed-20250925', import.meta.url)),
      { intraOpNumThreads: 1 },
    );
  });
  afterAll(async () => model.dispose());

  const c = Array.from({ length: 110 }, (_, t) => Math.sin(t / 3) + (t % 5));
  const series = c.slice(0, 100).map((v) => 10 + 3 * v);

  it('needs return_backcast, as upstream', async () => {
    const p = new TimesFM2p5Pipeline(model);
    p.compile({ maxContext: 128, maxHorizon: 128 });
    await expect(forecastWithCovariates(p, [series], { dynamicNumerical: { c: [c] } })).rejects.toThrow(ETSFMForecastConfigInvalid);
  });

  it('"xreg + timesfm": a series the covariate explains exactly leaves TimesFM a zero residual, so the forecast is the linear fit', async () => {
    const p = new TimesFM2p5Pipeline(model);
    p.compile({ maxContext: 128, maxHorizon: 128, returnBackcast: true, inferIsPositive: false });
    const f = await forecastWithCovariates(p, [series], { dynamicNumerical: { c: [c] } });
    expect(f.point[0]).toHaveLength(10);
    for (let t = 0; t < 10; t++) expect(f.point[0][t]).toBeCloseTo(10 + 3 * c[100 + t], 3);
    expect(f.quantiles[0]).toHaveLength(100);
  });

  it('"timesfm + xreg": the forecast is TimesFM\'s plus the covariates fitted on its in-sample residuals', async () => {
    const p = new TimesFM2p5Pipeline(model);
    p.compile({ maxContext: 128, maxHorizon: 128, returnBackcast: true });
    const noisy = series.map((v, t) => v + Math.cos(t));
    const f = await forecastWithCovariates(
      p,
      [noisy],
      { dynamicNumerical: { c: [c] } },
      { xregMode: 'timesfm + xreg', normalizeXregTargetPerInput: false },
    );
    const plain = await p.forecast(128, [noisy]);
    const back = plain.length - 128;
    const train = 100 - 32;
    const residual = noisy.slice(100 - train).map((v, t) => v - plain.point[back - train + t]);
    const fit = fitInContextXReg({
      targets: [residual],
      inputLens: [100],
      trainLens: [train],
      testLens: [10],
      covariates: { dynamicNumerical: { c: [c] } },
      ridge: 0,
    });
    for (let t = 0; t < 10; t++) expect(f.point[0][t]).toBeCloseTo(plain.point[back + t] + fit.test[0][t], 4);
  });
});
