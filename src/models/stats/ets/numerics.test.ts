import { describe, expect, it } from 'vitest';
import { nelderMead } from '../numeric/optim/nelderMead.js';
import { SeededRandom } from '../numeric/random.js';
import { maxRootModulus, polyroot } from '../numeric/polyroot.js';
import { rootsAdmissible } from './stability.js';

/** ETS characteristic polynomial (decreasing powers), as forecast's admissibility test builds it. */
function etsPolynomial(alpha: number, beta: number, gamma: number, phi: number, m: number): number[] {
  const c = [1, alpha + beta - phi];
  for (let i = 0; i < m - 2; i++) c.push(alpha + beta - alpha * phi);
  c.push(alpha + beta - alpha * phi + gamma - 1, phi * (1 - alpha - gamma));
  return c;
}

describe('SeededRandom', () => {
  it('is reproducible and roughly standard normal', () => {
    const a = new SeededRandom(7);
    const b = new SeededRandom(7);
    const xs = Array.from({ length: 20000 }, () => a.normal());
    expect(xs.slice(0, 5)).toEqual(Array.from({ length: 5 }, () => b.normal()));
    const mean = xs.reduce((s, v) => s + v, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((s, v) => s + (v - mean) ** 2, 0) / xs.length);
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(sd - 1)).toBeLessThan(0.03);
    expect(new SeededRandom(8).normal()).not.toBe(new SeededRandom(7).normal());
  });
});

describe('nelderMead (R optim "Nelder-Mead")', () => {
  it('reproduces optim on Rosenbrock from (-1.2, 1)', () => {
    // R: o <- optim(c(-1.2, 1), fr); o$par, o$value, o$counts[1]
    const fr = (x: Float64Array): number => 100 * (x[1] - x[0] ** 2) ** 2 + (1 - x[0]) ** 2;
    const r = nelderMead(fr, [-1.2, 1], { maxit: 500 });
    expect(r.x[0]).toBeCloseTo(1.0002601387256695, 12);
    expect(r.x[1]).toBeCloseTo(1.000505999303765, 12);
    expect(r.value).toBeCloseTo(8.8252410967227472e-8, 15);
    expect(r.evaluations).toBe(195);
    expect(r.fail).toBe(0);
  });
  it('reproduces optim on a non-smooth 3-d function', () => {
    // R: f3 <- function(x) sum((x - c(1, 2, 3))^2) + abs(x[1] * x[2]); optim(c(.5, .5, .5), f3, control = list(maxit = 2000))
    const f3 = (x: Float64Array): number => (x[0] - 1) ** 2 + (x[1] - 2) ** 2 + (x[2] - 3) ** 2 + Math.abs(x[0] * x[1]);
    const r = nelderMead(f3, [0.5, 0.5, 0.5], { maxit: 2000 });
    expect(r.x[0]).toBeCloseTo(0.00034787777519217512, 12);
    expect(r.x[1]).toBeCloseTo(1.9997598789933233, 12);
    expect(r.x[2]).toBeCloseTo(2.999954895936511, 12);
    expect(r.evaluations).toBe(140);
  });
  it('refuses a non-finite start and stops at maxit', () => {
    expect(() => nelderMead(() => Number.NaN, [1])).toThrow();
    const r = nelderMead((x) => (x[0] - 3) ** 2 + (x[1] + 1) ** 2, [0, 0], { maxit: 10 });
    expect(r.fail).toBe(1);
    expect(r.evaluations).toBeGreaterThan(10);
  });
});

describe('polyroot (CPOLY, as R)', () => {
  it('finds the roots of a cubic', () => {
    // R: Mod(polyroot(c(0.5, -0.3, 0.2, 1))) = 0.70710678118654757 1 0.70710678118654746
    const r = polyroot([1, 0.2, -0.3, 0.5])!;
    const mods = Array.from(r.re, (re, i) => Math.hypot(re, r.im[i])).sort();
    expect(mods[0]).toBeCloseTo(0.70710678118654746, 14);
    expect(mods[1]).toBeCloseTo(0.70710678118654757, 14);
    expect(mods[2]).toBeCloseTo(1, 14);
  });
  // R: max(Mod(polyroot(rev(P)))) for ETS polynomials, including an ill-conditioned double root at 1.
  it.each([
    [0.05, 0.01, 0.02, 0.95, 24, 0.99913447532584942],
    [0.00010277523649594288, 0, 0.000543504969254129, 1, 12, 0.99999999977362286],
    [0.3, 0, 0.1, 1, 24, 0.99999999999999989],
    [1e-4, 1e-4, 1e-4, 0.98, 24, 0.99999583282006588],
  ])('max root modulus alpha=%s beta=%s gamma=%s phi=%s m=%s matches R', (a, b, g, phi, m, expected) => {
    expect(Math.abs(maxRootModulus(etsPolynomial(a, b, g, phi, m)) - expected)).toBeLessThan(1e-12);
  });
});

describe('rootsAdmissible', () => {
  it('agrees with the exact root computation on a grid of ETS parameters', () => {
    let checked = 0;
    for (const m of [4, 12, 24]) {
      for (const alpha of [1e-4, 0.01, 0.2, 0.6, 0.95]) {
        for (const beta of [0, 1e-4, 0.05, 0.5]) {
          for (const gamma of [1e-4, 0.05, 0.4, 0.9]) {
            for (const phi of [0.8, 0.95, 1]) {
              const c = etsPolynomial(alpha, Math.min(beta, alpha), gamma, phi, m);
              expect(rootsAdmissible(c)).toBe(maxRootModulus(c) <= 1 + 1e-10);
              checked++;
            }
          }
        }
      }
    }
    expect(checked).toBe(720);
  });
});
