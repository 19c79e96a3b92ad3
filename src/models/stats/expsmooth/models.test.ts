import { describe, expect, it } from 'vitest';
import { HoltDamped, HoltLinear, SimpleExpSmoothing } from './models.js';
import { NILE, WWW_USAGE } from '../__tests__/series.js';
import { expectClose } from '../__tests__/assert.js';
import { EModelFitFailed } from '../../../errors/index.js';

// Expected values: R 4, forecast 8.20 — ses(x, h = 5), holt(x, h = 5), holt(x, h = 5, damped = TRUE);
// `lo80` is $lower[, "80%"] (our quantile 0.1), `hi95` is $upper[, "95%"] (our quantile 0.975).
interface Golden {
  par: number[];
  sigma2: number;
  mean: number[];
  lo80: number[];
  hi95: number[];
}

const R: Record<string, Record<string, Golden>> = {
  WWWusage: {
    ses: {
      par: [0.999899931756667, 87.7050443935975],
      sigma2: 33.9859571313109,
      mean: [220.000200176543, 220.000200176543, 220.000200176543, 220.000200176543, 220.000200176543],
      lo80: [212.529078007361, 209.43496651415, 207.060700255175, 205.059077257257, 203.295600511681],
      hi95: [231.426295520177, 236.158330698385, 239.789457593636, 242.850675801332, 245.547680745831],
    },
    holt: {
      par: [0.999899858879778, 0.999899577214303, 85.0833558430872, 3.10167660090722],
      sigma2: 13.7713341172793,
      mean: [217.999398359116, 215.998997040503, 213.99859572189, 211.998194403276, 209.997793084663],
      lo80: [213.243592768399, 205.365545586395, 196.205658148521, 185.952100865653, 174.731269839035],
      hi95: [225.272775354539, 232.261457671613, 241.21054548698, 251.832256991316, 263.933286029111],
    },
    damped: {
      par: [0.999899842669442, 0.996641835565595, 0.814910368491219, 90.3505859556491, -0.0165590113757384],
      sigma2: 12.2243895900864,
      mean: [218.366428548544, 217.035316538653, 215.95057956017, 215.066616149319, 214.346265200449],
      lo80: [213.885689245306, 207.761581634323, 201.49791833032, 195.288479361401, 189.235946511073],
      hi95: [225.219127959611, 231.218270157796, 238.054017496534, 245.314666112998, 252.74918365858],
    },
  },
  Nile: {
    ses: {
      par: [0.245668153653116, 1110.73409658365],
      sigma2: 20802.8003904857,
      mean: [805.336329325743, 805.336329325743, 805.336329325743, 805.336329325743, 805.336329325743],
      lo80: [620.495892394854, 614.999781238073, 609.657981133977, 604.458181275275, 599.389625595594],
      hi95: [1088.02538297864, 1096.43095963426, 1104.60053790027, 1112.55294553167, 1120.30463251244],
    },
    holt: {
      par: [0.209502225664674, 0.000100000857585507, 1121.40675645349, -3.16331745623963],
      sigma2: 21052.4660406645,
      mean: [802.913262371382, 799.751364669222, 796.589466967062, 793.427569264903, 790.265671562743],
      lo80: [616.966948611206, 609.76435557268, 602.642192042305, 595.595626019127, 588.620286616886],
      hi95: [1087.29360868469, 1090.31142122182, 1093.20622744105, 1095.98541725014, 1098.65567534277],
    },
    damped: {
      par: [0.256195561368614, 0.000100016776366886, 0.800000087153809, 1111.11276718013, 11.2496097034318],
      sigma2: 21507.6492730628,
      mean: [801.808663507319, 801.786493603224, 801.768757678016, 801.754568936304, 801.743217941698],
      lo80: [613.862892349535, 607.766989857592, 601.857072574755, 596.117210190182, 590.533590111642],
      hi95: [1089.24691602845, 1098.51371852622, 1107.50729635679, 1116.24976979626, 1124.76046895579],
    },
  },
};

describe.each([
  ['WWWusage', WWW_USAGE],
  ['Nile', NILE],
] as const)('exponential smoothing on %s matches forecast 8.20', (name, y) => {
  it.each([
    ['ses', new SimpleExpSmoothing()],
    ['holt', new HoltLinear()],
    ['damped', new HoltDamped()],
  ] as const)('%s', (method, model) => {
    const golden = R[name][method];
    const fitted = model.fit(y, 1);
    const { params, l0, b0, sigma2 } = fitted.fit;
    const par = [params.alpha];
    if (method !== 'ses') par.push(params.beta);
    if (method === 'damped') par.push(params.phi);
    par.push(l0);
    if (method !== 'ses') par.push(b0);
    // Same algorithm and starting point as R, so estimates agree to optimiser precision.
    expectClose(par, golden.par, 1e-6);
    expect(sigma2).toBeCloseTo(golden.sigma2, 4);
    const fc = fitted.forecast(5, [0.1, 0.5, 0.975]);
    expectClose(fc.mean, golden.mean, 1e-8);
    expectClose(fc.quantiles[0], golden.lo80, 1e-8);
    expectClose(fc.quantiles[1], golden.mean, 1e-8);
    expectClose(fc.quantiles[2], golden.hi95, 1e-8);
  });
});

describe('very short series: forecast falls back to HoltWinters-style estimation', () => {
  // R: ses(c(10, 12, 11, 13, 12), h = 2) and holt(c(10, 12, 13, 15, 14, 17, 18, 20), h = 3) (also with
  // damped = TRUE, which R fits undamped with a warning). R minimises with L-BFGS-B; we reach the same
  // optimum with a bounded Nelder–Mead.
  it('SES with n = 5', () => {
    const f = new SimpleExpSmoothing().fit(Float64Array.from([10, 12, 11, 13, 12]), 1);
    expect(f.fit.method).toBe('holtwinters');
    expect(f.fit.params.alpha).toBeCloseTo(0.615793647667924, 5);
    expect(f.fit.sigma2).toBeCloseTo(1.55525513087188, 6);
    expectClose(f.forecast(2, []).mean, [12.1021116529964, 12.1021116529964], 1e-6);
  });

  it.each([new HoltLinear(), new HoltDamped()])('%s with n = 8', (model) => {
    const f = model.fit(Float64Array.from([10, 12, 13, 15, 14, 17, 18, 20]), 1);
    expect(f.fit.method).toBe('holtwinters');
    expect(f.fit.params.phi).toBe(1);
    expectClose(f.forecast(3, []).mean, [21.2459212843268, 23.063417124774, 24.8809129652212], 1e-6);
  });

  it('Holt needs two observations', () => {
    expect(() => new HoltLinear().fit(Float64Array.from([3]), 1)).toThrow(EModelFitFailed);
    expect(new SimpleExpSmoothing().fit(Float64Array.from([3]), 1).forecast(1, []).mean[0]).toBe(3);
  });
});
