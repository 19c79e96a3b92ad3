/**
 * Golden test against R: test/fixtures/ets/r_ets_reference.json was written by
 * `Rscript scripts/r/ets_reference.R fixture <m4-dir> <file>` with forecast 8.20 (7 M4 series,
 * 8 synthetic series, 4 fixed specifications). Tolerances are stated per quantity below.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ets, type EtsOptions } from './ets.js';
import { forecastEts } from './forecast.js';
import { initialStates } from './initialState.js';

interface RefSeries {
  id: string;
  m: number;
  h: number;
  method: string;
  y: number[];
  components: string[];
  par: Record<string, number>;
  aicc: number | null;
  sigma2: number;
  mean: number[];
  lower80: number[];
  upper80: number[];
  lower95: number[];
  upper95: number[];
  initstate?: string[];
  args?: { model?: string; damped?: boolean; 'opt.crit'?: string };
}

const fixture = JSON.parse(
  readFileSync(fileURLToPath(new URL('../../../../test/fixtures/ets/r_ets_reference.json', import.meta.url)), 'utf8'),
) as { forecast: string; series: RefSeries[] };

const rel = (a: number, b: number): number => Math.abs(a - b) / Math.max(Math.abs(b), 1e-12);
const maxRel = (a: ArrayLike<number>, b: number[]): number => b.reduce((m, v, i) => Math.max(m, rel(a[i], v)), 0);

function optionsFor(s: RefSeries): EtsOptions {
  if (!s.args) return {};
  return { model: s.args.model, damped: s.args.damped, optCrit: s.args['opt.crit'] as EtsOptions['optCrit'] };
}

/** Quantile levels of R's 80% and 95% limits. */
const LEVELS = [0.1, 0.9, 0.025, 0.975];

describe('ets() against R forecast 8.20', () => {
  it('fixture is from forecast 8.20', () => {
    expect(fixture.forecast).toBe('8.20');
    expect(fixture.series.length).toBeGreaterThanOrEqual(19);
  });

  for (const s of fixture.series) {
    it(`${s.id}: ${s.method}${s.args ? ' ' + JSON.stringify(s.args) : ''}`, () => {
      const y = Float64Array.from(s.y);
      const fit = ets(y, s.m, optionsFor(s));
      const rMethod = s.method === 'Simple exponential smoothing' ? 'ETS(A,N,N)' : s.method;
      expect(fit.method).toBe(rMethod);

      // Short-series fallback (syn_tiny, n = 5): R's L-BFGS-B vs our Nelder–Mead on the same SSE.
      const hwFallback = s.aicc === null && s.id !== 'syn_constant';
      const parTol = hwFallback ? 1e-3 : 1e-6;
      for (const k of ['alpha', 'beta', 'gamma', 'phi'] as const) {
        if (s.par[k] !== undefined) expect(rel(fit.par[k]!, s.par[k]), k).toBeLessThan(parTol);
      }
      if (s.aicc !== null) expect(rel(fit.aicc, s.aicc)).toBeLessThan(1e-9);
      expect(rel(fit.sigma2, s.sigma2)).toBeLessThan(hwFallback ? 1e-3 : 1e-7);

      const fc = forecastEts(fit, s.h, LEVELS);
      expect(maxRel(fc.mean, s.mean)).toBeLessThan(hwFallback ? 1e-4 : 1e-8);

      const ref = [s.lower80, s.upper80, s.lower95, s.upper95];
      const seasonalAdditiveVariance = s.components[2] === 'A' && s.components[1] !== 'M';
      if (fc.intervals === 'simulated') {
        // R simulates 5000 paths with its own RNG; compare the half-widths within Monte Carlo error.
        for (let k = 0; k < 4; k++) {
          for (let t = 0; t < s.h; t++) {
            const ours = Math.abs(fc.quantiles[k][t] - fc.mean[t]);
            const theirs = Math.abs(ref[k][t] - s.mean[t]);
            expect(rel(ours, theirs)).toBeLessThan(0.12);
          }
        }
      } else {
        // 8.20 put the seasonal disturbance of class-1/2 variances at the wrong state (fixed in
        // forecast 9); our corrected variance differs slightly for additive-season models.
        const tol = seasonalAdditiveVariance ? 2e-3 : hwFallback ? 1e-3 : 1e-8;
        for (let k = 0; k < 4; k++) expect(maxRel(fc.quantiles[k], ref[k]), `limit ${k}`).toBeLessThan(tol);
      }

      if (s.initstate && s.initstate.length > 0) {
        const init = initialStates(y, s.m, s.components[1] as 'N' | 'A' | 'M', s.components[2] as 'N' | 'A' | 'M');
        // Bit-identical to R (same operation order and long-double-like mean): the recursions can
        // amplify a 1-ulp difference into a different optimiser path.
        expect(init).toEqual(s.initstate.map(Number));
      }
    }, 30_000);
  }
});
